import type { BenchmarkRunner } from './types.ts';

/**
 * The prefix-ratio router benchmark (benchmarks.md §4) with the endpoint passed through
 * (K3) and an offline path: an existing checkout at `$DYNAMO_REPO_DIR` (or `$TMP/dynamo`)
 * is used as is, and `pip install` runs only when `aiperf` is not importable.
 */
export const ROUTER_SCRIPT = [
  'set -e',
  'endpoint=$1; isl=$2; osl=$3; requests=$4; concurrency=$5; ratios=$6; out_dir=$7',
  'echo "Router Benchmark Config: endpoint=$endpoint; isl=$isl; osl=$osl; requests=$requests; concurrency=$concurrency; prefix_ratios=$ratios"',
  'repo="${DYNAMO_REPO_DIR:-${TMPDIR:-/tmp}/dynamo}"',
  'if [ ! -d "$repo/benchmarks/router" ]; then git clone --depth 1 https://github.com/ai-dynamo/dynamo.git "$repo"; fi',
  'python3 -c "import aiperf, matplotlib" 2>/dev/null || pip install aiperf matplotlib || true',
  'mkdir -p "$out_dir"',
  'cd "$repo/benchmarks/router"',
  'set -f; set -- $ratios; set +f',
  'python prefix_ratio_benchmark.py --url "$endpoint" --prefix-ratios "$@" --isl "$isl" --osl "$osl" --requests "$requests" --concurrency "$concurrency" --output-dir "$out_dir"',
  'echo "Router benchmark complete. Results in $out_dir"',
].join('\n');

function ratiosText(r: readonly number[] | string | null | undefined): string {
  if (r == null) return '0.1 0.3 0.5 0.7 0.9';
  return typeof r === 'string' ? r : r.map(String).join(' ');
}

export const routerRunner = {
  type: 'router',
  name: 'Router Benchmark',
  validate: (config) => {
    const errors: string[] = [];
    if (!config.frontend.use_sglang_router) errors.push('router benchmark requires frontend.use_sglang_router: true');
    const ratios = ratiosText(config.benchmark.prefix_ratios).trim().split(/\s+/);
    if (ratios.some((x) => !/^\d*\.?\d+$/.test(x) || Number(x) > 1))
      errors.push(`benchmark.prefix_ratios must be numbers between 0 and 1, got "${ratiosText(config.benchmark.prefix_ratios)}"`);
    return errors;
  },
  plan: (config, runtime, deployment) => {
    const b = config.benchmark;
    return {
      argv: [
        'bash', '-c', ROUTER_SCRIPT, 'router-bench',
        deployment.publicUrl, String(b.isl ?? 14000), String(b.osl ?? 200), String(b.num_requests ?? 200),
        String(b.concurrency ?? 20), ratiosText(b.prefix_ratios), `${runtime.workerPaths.logDir}/router-bench`,
      ],
      env: [],
      container: true,
    };
  },
} as const satisfies BenchmarkRunner;
