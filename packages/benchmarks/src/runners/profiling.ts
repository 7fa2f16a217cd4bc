import { deriveResources, isProfilingEnabled, servedModelName, type SrtConfig, type WorkerMode } from '@srt/core';
import type { BenchmarkDeployment, BenchmarkRunner } from './types.ts';

/**
 * profile.sh (benchmarks.md §7.2) with our fixes: each leader is `address:port` with its
 * real HTTP port (K4), traffic comes from our own generator (passed after the five counts),
 * and lm_eval runs only when it is installed. Values arrive as env vars and arguments only.
 */
export const PROFILE_SCRIPT = [
  'n_prefill=$1; n_decode=$2; prefill_gpus=$3; decode_gpus=$4; total_gpus=$5; shift 5',
  'model="${PROFILE_MODEL_NAME:-deepseek-ai/DeepSeek-R1}"; head="${HEAD_NODE:-127.0.0.1}"; port="${HEAD_PORT:-8000}"',
  'echo "Profiling Configuration:"',
  'echo "  mode=${PROFILING_MODE:-} dir=${SGLANG_TORCH_PROFILER_DIR:-none} prefill=$n_prefill ($prefill_gpus GPUs) decode=$n_decode ($decode_gpus GPUs) total_gpus=$total_gpus"',
  'echo "  isl=${PROFILE_ISL:-} osl=${PROFILE_OSL:-} concurrency=${PROFILE_CONCURRENCY:-}"',
  'if [ -z "${PROFILE_ISL:-}" ] || [ -z "${PROFILE_OSL:-}" ]; then echo "Error: PROFILE_ISL and PROFILE_OSL must be set"; exit 1; fi',
  'if [ -z "${PROFILE_CONCURRENCY:-}" ]; then echo "Error: PROFILE_CONCURRENCY must be set"; exit 1; fi',
  'if [ -z "${PROFILE_PREFILL_IPS:-}${PROFILE_DECODE_IPS:-}${PROFILE_AGG_IPS:-}" ]; then echo "Error: No worker IPs provided for profiling"; echo "Set PROFILE_PREFILL_IPS, PROFILE_DECODE_IPS or PROFILE_AGG_IPS"; exit 1; fi',
  'if [ -n "${SGLANG_TORCH_PROFILER_DIR:-}" ]; then mkdir -p "$SGLANG_TORCH_PROFILER_DIR" || true; acts=\'["CPU", "GPU", "MEM"]\'; else acts=\'["CUDA_PROFILER"]\'; fi',
  'start_phase() {',
  '  phase=$1; ips=$2; start=$3; stop=$4',
  '  [ -n "$ips" ] || return 0',
  '  case "$start$stop" in *[!0-9]*) echo "Error: invalid step range: start=$start stop=$stop"; return 0;; esac',
  '  steps=$((stop - start))',
  '  if [ "$steps" -le 0 ]; then echo "Error: invalid step range: start=$start stop=$stop"; return 0; fi',
  '  for leader in $(echo "$ips" | tr "," " "); do',
  '    case "$leader" in *:*) url="http://$leader";; *) url="http://$leader:30000";; esac',
  '    echo "Starting profiling on $url ($phase steps $start-$stop)"',
  '    curl -sS -X POST "$url/start_profile" -H "Content-Type: application/json" -d "{\\"start_step\\": $start, \\"num_steps\\": $steps, \\"activities\\": $acts}" || true',
  '  done',
  '}',
  'start_phase prefill "${PROFILE_PREFILL_IPS:-}" "${PROFILE_PREFILL_START_STEP:-0}" "${PROFILE_PREFILL_STOP_STEP:-50}"',
  'start_phase decode "${PROFILE_DECODE_IPS:-}" "${PROFILE_DECODE_START_STEP:-0}" "${PROFILE_DECODE_STOP_STEP:-50}"',
  'start_phase agg "${PROFILE_AGG_IPS:-}" "${PROFILE_AGG_START_STEP:-0}" "${PROFILE_AGG_STOP_STEP:-50}"',
  'exit_code=0',
  'if [ "${PROFILING_MODE:-}" = "prefill" ]; then',
  '  "$@" || exit_code=$?',
  '  if python3 -c "import lm_eval" 2>/dev/null; then',
  '    python3 -m lm_eval --model local-completions --tasks gsm8k --model_args "base_url=http://$head:$port/v1/completions,model=$model,tokenized_requests=False,tokenizer_backend=None,num_concurrent=$PROFILE_CONCURRENCY,timeout=6000,max_retries=1" --limit 10 || exit_code=$?',
  '  else echo "lm_eval is not installed: skipping the gsm8k pass"; fi',
  'fi',
  'echo "Profiling completed with exit code $exit_code"',
  'if [ -n "${SGLANG_TORCH_PROFILER_DIR:-}" ]; then echo "Torch traces in $SGLANG_TORCH_PROFILER_DIR"; fi',
  'exit $exit_code',
].join('\n');

const PHASES: readonly (readonly [WorkerMode, 'prefill' | 'decode' | 'aggregated', string])[] = [
  ['prefill', 'prefill', 'PREFILL'],
  ['decode', 'decode', 'DECODE'],
  ['agg', 'aggregated', 'AGG'],
];

/** The benchmark-side environment of benchmarks.md §7.1, in its order. */
export function profilingBenchmarkEnv(
  config: SrtConfig,
  runtime: { readonly nodes: { readonly head: string }; readonly nodeAddrs: ReadonlyMap<string, string>; readonly frontendPort: number; readonly logDir: string },
  deployment: BenchmarkDeployment,
): readonly (readonly [string, string])[] {
  const p = config.profiling;
  const env: [string, string][] = [];
  if (p.isl != null) env.push(['PROFILE_ISL', String(p.isl)]);
  if (p.osl != null) env.push(['PROFILE_OSL', String(p.osl)]);
  if (p.concurrency != null) env.push(['PROFILE_CONCURRENCY', String(p.concurrency)]);
  env.push(['PROFILE_MODEL_NAME', servedModelName(config)]);
  env.push(['HEAD_NODE', runtime.nodeAddrs.get(runtime.nodes.head) ?? runtime.nodes.head]);
  env.push(['HEAD_PORT', String(runtime.frontendPort)]);
  for (const [mode, , upper] of PHASES) {
    const leaders = deployment.workers
      .filter((w) => w.isLeader && w.endpointMode === mode)
      .map((w) => `${runtime.nodeAddrs.get(w.node) ?? w.node}:${w.httpPort}`);
    if (leaders.length > 0) env.push([`PROFILE_${upper}_IPS`, leaders.join(',')]);
  }
  for (const [, key, upper] of PHASES) {
    const phase = p[key];
    if (phase?.start_step != null) env.push([`PROFILE_${upper}_START_STEP`, String(phase.start_step)]);
    if (phase?.stop_step != null) env.push([`PROFILE_${upper}_STOP_STEP`, String(phase.stop_step)]);
  }
  if (p.type === 'torch') env.push(['SGLANG_TORCH_PROFILER_DIR', `${runtime.logDir}/profiles`]);
  env.push(['PROFILING_MODE', 'prefill']);
  return env;
}

/** Profiling: starts the worker profilers and drives traffic with our generator (runs on the host). */
export const profilingRunner = {
  type: 'profiling',
  name: 'Profiling',
  validate: (config) => {
    const p = config.profiling;
    const errors: string[] = [];
    if (!isProfilingEnabled(config.profiling)) errors.push("profiling.type must be 'torch' or 'nsys' for profiling benchmark");
    if (p.isl == null) errors.push('profiling.isl is required');
    if (p.osl == null) errors.push('profiling.osl is required');
    if (p.concurrency == null) errors.push('profiling.concurrency is required');
    return errors;
  },
  plan: (config, runtime, deployment) => {
    const p = config.profiling;
    const c = deriveResources(config.resources);
    const traffic = [
      ...runtime.selfCommand, 'bench', 'sa',
      '--url', deployment.publicUrl, '--model', servedModelName(config),
      '--isl', String(p.isl ?? 0), '--osl', String(p.osl ?? 0), '--concurrency', String(p.concurrency ?? 1),
      '--num-prompts', '128', '--range-ratio', '1', '--no-warmup',
      '--result-dir', `${runtime.logDir}/profiling-traffic`,
    ];
    return {
      argv: [
        'bash', '-c', PROFILE_SCRIPT, 'profile',
        String(c.numPrefill), String(c.numDecode), String(c.prefillGpus), String(c.decodeGpus),
        String(c.prefillGpus + c.decodeGpus + c.aggGpus),
        ...traffic,
      ],
      env: isProfilingEnabled(config.profiling) ? profilingBenchmarkEnv(config, runtime, deployment) : [],
      container: false,
    };
  },
} as const satisfies BenchmarkRunner;
