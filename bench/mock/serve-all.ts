/**
 * One process holding a mock frontend and N aggregated mock workers (the bench's
 * `--layout single`): same HTTP hops over loopback as separate processes, one event loop.
 * usage: serve-all.ts --port P --workers N --ttft-ms T --itl-ms I
 */
import { parseArgs } from 'node:util';
import { startMockFrontend, startMockWorker } from '../../packages/backends/src/mock/index.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, workers: { type: 'string' }, 'ttft-ms': { type: 'string' }, 'itl-ms': { type: 'string' } } });
const workers = await Promise.all(
  Array.from({ length: Number(values.workers ?? 1) }, (_, index) =>
    startMockWorker({ mode: 'agg', index, model: 'mock', ttftMs: Number(values['ttft-ms'] ?? 10), itlMs: Number(values['itl-ms'] ?? 10), outputTokens: 1_000_000 }),
  ),
);
const frontend = await startMockFrontend({ format: 'dynamo', port: Number(values.port ?? 0), prefill: [], decode: [], agg: workers.map((w) => w.url), pollIntervalMs: 200 });
process.stdout.write(`listening ${frontend.url}\n`);
process.once('SIGTERM', () => void Promise.all([frontend.close(), ...workers.map((w) => w.close())]));
