import { isMap } from '../_is-map.ts';
import type { ClusterConfig } from '../cluster/cluster-schema.ts';
import { HEALTH_CHECK_KEYS, type HealthCheckKey, type SrtConfig } from '../config/schema.ts';

/** Where an effective `health_check` value came from (precedence: recipe > cluster file > default). */
export type HealthCheckSource = 'recipe' | 'srtslurm.yaml' | 'default';

/** One `health_check` key: its effective value (`null`: unbounded) and its source. */
export interface HealthCheckValue {
  readonly value: number | null;
  readonly source: HealthCheckSource;
}

/** Every `health_check` key with its effective value and source (dry-run prints them). */
export type HealthCheckReport = Readonly<Record<HealthCheckKey, HealthCheckValue>>;

/**
 * The effective readiness budgets and where each came from: a key the recipe document sets
 * (not `null`) is `recipe`, else a key of the cluster's `default_health_check` is
 * `srtslurm.yaml`, else `default`.
 *
 * @example healthCheckReport(config.health_check, rawDocument, cluster).max_attempts // { value: 360, source: 'srtslurm.yaml' }
 */
export function healthCheckReport(
  healthCheck: SrtConfig['health_check'],
  recipeDocument: unknown,
  cluster: Pick<ClusterConfig, 'default_health_check'> | undefined,
): HealthCheckReport {
  const written = isMap(recipeDocument) && isMap(recipeDocument['health_check']) ? recipeDocument['health_check'] : {};
  const clusterDefaults = cluster?.default_health_check ?? {};
  const sourceOf = (key: HealthCheckKey): HealthCheckSource =>
    written[key] != null ? 'recipe' : clusterDefaults[key] != null ? 'srtslurm.yaml' : 'default';
  return Object.fromEntries(HEALTH_CHECK_KEYS.map((key) => [key, { value: healthCheck[key] ?? null, source: sourceOf(key) }])) as Record<HealthCheckKey, HealthCheckValue>;
}

/**
 * One line per phase budget for dry-run: `head services 1200 s (default)`,
 * `workers 180 × 10 s = 1800 s (max_attempts: recipe, interval_seconds: default)`,
 * `benchmark unbounded (default)`.
 *
 * @example renderHealthCheckReport(healthCheckReport(config.health_check, rawDocument, cluster))[0] // → 'head services 1200 s (default)'
 */
export function renderHealthCheckReport(r: HealthCheckReport): readonly string[] {
  const seconds = (v: HealthCheckValue): string => (v.value === null ? 'unbounded' : `${v.value} s`);
  const attempts = r.max_attempts;
  const interval = r.interval_seconds;
  const workerSource = attempts.source === interval.source ? attempts.source : `max_attempts: ${attempts.source}, interval_seconds: ${interval.source}`;
  return [
    `head services ${seconds(r.head_services_timeout_seconds)} (${r.head_services_timeout_seconds.source})`,
    `frontend ${seconds(r.frontend_timeout_seconds)} (${r.frontend_timeout_seconds.source})`,
    `workers ${attempts.value ?? 0} × ${interval.value ?? 0} s = ${(attempts.value ?? 0) * (interval.value ?? 0)} s (${workerSource})`,
    `benchmark ${seconds(r.benchmark_timeout_seconds)} (${r.benchmark_timeout_seconds.source})`,
  ];
}
