/**
 * @srt/core: the planning core of srtctl. Config in, plans out; I/O only in the
 * functions that take an `Env`.
 *
 * Each line re-exports one file's public names. Add a line when you add a public file.
 */
export * from './errors.ts';
export * from './env.ts';
export * from './backend.ts';
export * from './config/schema.ts';
export * from './runtime/types.ts';
export * from './topology/types.ts';
export * from './topology/frontend-types.ts';
export * from './plan/types.ts';
export * from './render/shell-quote.ts';
export * from './format/py-str.ts';
export * from './render/sbatch-script.ts';
export * from './topology/required-nodes.ts';
export * from './topology/allocate-endpoints.ts';
export * from './topology/endpoints-to-processes.ts';
export * from './topology/compute-frontend-topology.ts';
export * from './render/nginx-conf.ts';
export * from './health/worker-health-result.ts';
export * from './health/check-dynamo-health.ts';
export * from './health/check-sglang-router-health.ts';
export * from './health/wait-outcome.ts';
export * from './health/wait-for-port.ts';
export * from './health/wait-for-model.ts';
export * from './health/wait-for-health.ts';
export * from './health/wait-for-etcd.ts';
