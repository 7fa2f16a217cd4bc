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
export * from './config/scalars.ts';
export * from './config/config-error.ts';
export * from './config/backend-schemas.ts';
export * from './config/config-rule.ts';
export * from './config/validate-config.ts';
export * from './config/parse-config.ts';
export * from './config/load-config.ts';
export * from './config/derive-resources.ts';
export * from './config/profiling.ts';
export * from './config/profiling-rules.ts';
export * from './config/frontend-rules.ts';
export * from './config/resource-rules.ts';
export * from './config/served-model-name.ts';
export * from './config/concurrency-list.ts';
export * from './config/render-config-yaml.ts';
export * from './config/did-you-mean.ts';
export * from './cluster/cluster-schema.ts';
export * from './cluster/parse-cluster-config.ts';
export * from './cluster/find-cluster-config.ts';
export * from './cluster/load-cluster-config.ts';
export * from './cluster/apply-cluster-defaults.ts';
export * from './format/format-template.ts';
export * from './format/format-path.ts';
export * from './format/placeholder-values.ts';
export * from './sweep/expand-template.ts';
export * from './sweep/sweep-combinations.ts';
export * from './sweep/parse-sweep-spec.ts';
export * from './sweep/expand-sweep.ts';
export * from './sweep/load-sweep.ts';
export * from './sweep/benchmark-sweep-combinations.ts';
export * from './cluster/expand-hostlist.ts';
export * from './cluster/read-cluster.ts';
export * from './runtime/create-nodes.ts';
export * from './runtime/container-mounts.ts';
export * from './runtime/create-runtime-context.ts';
export * from './config/pyyaml-tags.ts';
