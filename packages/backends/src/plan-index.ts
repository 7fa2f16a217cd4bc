/**
 * @srt/backends/plan: the backend plug-ins, frontends, head services, srun and
 * `planDeployment`: everything planning needs, without the mock servers (their HTTP and
 * socket code). `srtctl validate`, `dry-run` and the orchestrator import only this, so they
 * start without loading `node:net` (issue 11). `@srt/backends` exports all of it too.
 */
export * from './registry.ts';
export * from './sglang/index.ts';
export * from './sglang/schema.ts';
export * from './sglang/worker-command.ts';
export * from './sglang/config-to-cli-args.ts';
export * from './srun/build-srun-command.ts';
export * from './srun/build-bash-wrapper.ts';
export * from './worker/worker-environment.ts';
export * from './worker/worker-preamble.ts';
export * from './worker/node-address.ts';
export * from './frontends/frontend-args.ts';
export * from './frontends/frontend-targets.ts';
export * from './frontends/dynamo-frontend.ts';
export * from './frontends/sglang-router.ts';
export * from './frontends/nginx.ts';
export * from './head/build-head-services.ts';
export * from './plan/deployment-plan.ts';
export * from './plan/plan-deployment.ts';
export * from './plan/validate-deployment.ts';
export * from './srun/build-process-srun-command.ts';
export * from './vllm/index.ts';
export * from './vllm/schema.ts';
export * from './vllm/layout.ts';
export * from './vllm/worker-command.ts';
export * from './trtllm/index.ts';
export * from './trtllm/schema.ts';
export * from './trtllm/worker-command.ts';
export * from './engine/engine-ports.ts';
export * from './engine/dynamo-install.ts';
export * from './engine/py-yaml-dump.ts';
export * from './frontends/trtllm-serve.ts';
export * from './plan/plan-model-download.ts';
export * from './engine/separate-modes.ts';
export { mockBackend, mockFaultsFor, buildMockFaultFlags } from './mock/mock-backend.ts';
export { MockBackendSchema, MockFaultSchema, type MockConfig, type MockFaultConfig } from './mock/schema.ts';
