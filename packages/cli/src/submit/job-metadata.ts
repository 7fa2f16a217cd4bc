import { type AppliedEdit, deriveResources, type SrtConfig } from '@srt/core';

/** `outputs/<job_id>/<job_id>.json`: the keys of cli.md §5.3, in order. */
export interface JobMetadata {
  readonly version: '2.0';
  readonly orchestrator: true;
  readonly job_id: string;
  readonly job_name: string;
  readonly generated_at: string;
  readonly model: { readonly path: string; readonly container: string; readonly precision: string };
  readonly resources: {
    readonly gpu_type: string;
    readonly gpus_per_node: number;
    readonly prefill_nodes: number | null;
    readonly decode_nodes: number | null;
    readonly prefill_workers: number;
    readonly decode_workers: number;
    readonly agg_workers: number;
  };
  readonly backend_type: string;
  readonly use_sglang_router: boolean;
  readonly benchmark: { readonly type: string; readonly isl: number | null; readonly osl: number | null };
  readonly tags?: readonly string[];
  readonly setup_script?: string;
  /** The override-file variant (`lowmem`, `dn_0`), for jobs of an override file. */
  readonly variant?: string;
  /** The `--set`/`--unset` edits in application order, when there were any. */
  readonly applied_overrides?: readonly AppliedEdit[];
}

/** Where a job came from, beyond its config: recorded in the metadata when present. */
export interface JobOrigin {
  readonly variant?: string | undefined;
  readonly appliedOverrides?: readonly AppliedEdit[] | undefined;
}

/** Builds the metadata of a submitted job (`setup_script` is the effective one, `--setup-script` included). */
export function createJobMetadata(config: SrtConfig, o: { readonly jobId: string; readonly generatedAt: string; readonly tags: readonly string[]; readonly origin?: JobOrigin }): JobMetadata {
  const r = deriveResources(config.resources);
  return {
    version: '2.0',
    orchestrator: true,
    job_id: o.jobId,
    job_name: config.name,
    generated_at: o.generatedAt,
    model: { path: config.model.path, container: config.model.container, precision: config.model.precision },
    resources: {
      gpu_type: config.resources.gpu_type,
      gpus_per_node: config.resources.gpus_per_node,
      prefill_nodes: config.resources.prefill_nodes ?? null,
      decode_nodes: config.resources.decode_nodes ?? null,
      prefill_workers: r.numPrefill,
      decode_workers: r.numDecode,
      agg_workers: r.numAgg,
    },
    backend_type: config.backend.type,
    use_sglang_router: config.frontend.use_sglang_router,
    benchmark: { type: config.benchmark.type, isl: config.benchmark.isl ?? null, osl: config.benchmark.osl ?? null },
    ...(o.tags.length > 0 ? { tags: o.tags } : {}),
    ...(config.setup_script === undefined || config.setup_script === null ? {} : { setup_script: config.setup_script }),
    ...(o.origin?.variant === undefined ? {} : { variant: o.origin.variant }),
    ...(o.origin?.appliedOverrides === undefined || o.origin.appliedOverrides.length === 0 ? {} : { applied_overrides: o.origin.appliedOverrides }),
  };
}

/** `--tags " a, b,,c"` → `['a', 'b', 'c']`. */
export function parseTags(tags: string | undefined): readonly string[] {
  return (tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local time `YYYY-mm-dd HH:MM:SS`. */
export function formatDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local time `YYYYmmdd_HHMMSS`. */
export function formatStamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}
