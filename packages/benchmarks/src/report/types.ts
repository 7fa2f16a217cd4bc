/** Latency percentiles of one metric in milliseconds (p90/p95 absent in files of the Python client). */
export interface ReportLatency {
  readonly mean: number;
  readonly p50: number;
  readonly p90?: number;
  readonly p99: number;
}

/** One concurrency of one run, read from its result file. */
export interface ReportPoint {
  readonly concurrency: number;
  readonly completed: number;
  readonly failed: number;
  readonly requestThroughput: number;
  readonly outputThroughput: number;
  readonly ttft: ReportLatency;
  readonly tpot: ReportLatency;
  readonly itl: ReportLatency;
  readonly e2el: ReportLatency;
  readonly clientOverloaded: boolean;
  /** False when the point failed the validity gate (from the rollup, or nothing completed). */
  readonly valid?: boolean;
  readonly invalidReason?: string;
  /** Requests per second meeting the SLO (when the run had one). */
  readonly goodput?: number;
  /** Half-width of the 95 % confidence interval of output tok/s over repeats (when repeated). */
  readonly outputThroughputCi95?: number;
  readonly repeats?: number;
}

/** An SLO search of a run (`slo-search.json`). */
export interface ReportSlo {
  readonly limits: Readonly<Record<string, number>>;
  readonly search: string;
  /** The largest load meeting the SLO; null when none did. */
  readonly answer: number | null;
  readonly goodput: number | null;
  readonly probes: number;
  readonly ended: string;
}

/** One series of sa-bench results: a job (or a result directory) at one ISL/OSL. */
export interface ReportRun {
  /** `<job name> (<job id>)`, or the result directory name. */
  readonly label: string;
  readonly jobId?: string;
  readonly dir: string;
  readonly isl: number;
  readonly osl: number;
  /** GPUs of the deployment (from the recipe or job metadata), when known. */
  readonly gpus?: number;
  /** The recipe (`config.yaml`) as written. */
  readonly recipe?: string;
  readonly tags?: readonly string[];
  /** From `benchmark-rollup.json` when present. */
  readonly valid?: boolean;
  readonly reason?: string;
  /** Sorted by concurrency. */
  readonly points: readonly ReportPoint[];
  readonly slo?: ReportSlo;
}
