/** The mock backend: mock workers, a mock frontend and the `backend.type: mock` plug-in. */
export { mockBackend, mockFaultsFor, buildMockFaultFlags } from './mock-backend.ts';
export { MockBackendSchema, MockFaultSchema, type MockConfig, type MockFaultConfig } from './schema.ts';
export { startMockWorker } from './mock-worker.ts';
export { startMockFrontend } from './mock-frontend.ts';
export { runMockServerCli, type MockCliIo } from './mock-server-cli.ts';
export {
  MOCK_FRONTEND_FORMATS,
  type MockExit,
  type MockFaults,
  type MockFrontendFormat,
  type MockFrontendOptions,
  type MockFrontendTargets,
  type MockServerHandle,
  type MockWorkerOptions,
} from './mock-options.ts';
