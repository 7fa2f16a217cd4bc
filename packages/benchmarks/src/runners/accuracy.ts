import { servedModelName, type SrtConfig } from '@srt/core';
import type { BenchmarkRunner } from './types.ts';

/**
 * mmlu / gpqa in the worker container (benchmarks.md §5). The script is fixed text; every
 * recipe value reaches it as a positional argument, never spliced into shell code.
 */
export const ACCURACY_SCRIPT = [
  'set -e',
  'endpoint=$1; model=$2; eval_name=$3; label=$4; num_examples=$5; max_tokens=$6; repeat=$7; num_threads=$8; out_dir=$9',
  'echo "$label Config: endpoint=$endpoint; model=$model; num_examples=$num_examples; max_tokens=$max_tokens; repeat=$repeat; num_threads=$num_threads"',
  'mkdir -p "$out_dir"',
  'export OPENAI_API_KEY="${OPENAI_API_KEY:-EMPTY}"',
  'python3 -m sglang.test.run_eval --base-url "$endpoint" --model "$model" --eval-name "$eval_name" --num-examples "$num_examples" --max-tokens "$max_tokens" --repeat "$repeat" --num-threads "$num_threads"',
  'tmp="${TMPDIR:-/tmp}"',
  'latest=$(ls -t "$tmp/$eval_name"_*.json 2>/dev/null | head -n 1 || true)',
  'if [ -n "$latest" ]; then cp "$latest" "$out_dir/"; echo "Results saved to: $out_dir/$(basename "$latest")"; else echo "Warning: Could not find result file in $tmp"; fi',
  'echo "$label evaluation complete"',
].join('\n');

interface AccuracyDefaults {
  readonly numExamples: number;
  readonly maxTokens: number;
  readonly repeat: number;
  readonly numThreads: number;
}

function accuracyRunner<T extends 'mmlu' | 'gpqa'>(type: T, label: string, d: AccuracyDefaults) {
  return {
    type,
    name: label,
    validate: () => [],
    plan: (config: SrtConfig, runtime, deployment) => {
      const b = config.benchmark;
      return {
        argv: [
          'bash', '-c', ACCURACY_SCRIPT, `${type}-eval`,
          deployment.publicUrl, servedModelName(config), type, label,
          String(b.num_examples ?? d.numExamples), String(b.max_tokens ?? d.maxTokens),
          String(b.repeat ?? d.repeat), String(b.num_threads ?? d.numThreads),
          `${runtime.workerPaths.logDir}/accuracy`,
        ],
        env: [],
        container: true,
      };
    },
  } as const satisfies BenchmarkRunner;
}

export const mmluRunner = accuracyRunner('mmlu', 'MMLU', { numExamples: 200, maxTokens: 2048, repeat: 8, numThreads: 512 });
export const gpqaRunner = accuracyRunner('gpqa', 'GPQA', { numExamples: 198, maxTokens: 32768, repeat: 8, numThreads: 128 });

/** LongBench-v2 (benchmarks.md §6); optional flags only when set. */
export const LONGBENCH_SCRIPT = [
  'set -e',
  'endpoint=$1; model=$2; max_context_length=$3; num_threads=$4; max_tokens=$5; num_examples=$6; categories=$7; out_dir=$8',
  'echo "LongBench-v2 Config: endpoint=$endpoint; model=$model; max_context_length=$max_context_length; num_threads=$num_threads; max_tokens=$max_tokens; num_examples=${num_examples:-all}; categories=${categories:-all}"',
  'mkdir -p "$out_dir"',
  'export OPENAI_API_KEY="${OPENAI_API_KEY:-EMPTY}"',
  'set -- python3 -m sglang.test.run_eval --base-url "$endpoint" --model "$model" --eval-name longbench_v2 --max-tokens "$max_tokens" --max-context-length "$max_context_length" --num-threads "$num_threads"',
  'if [ -n "$num_examples" ]; then set -- "$@" --num-examples "$num_examples"; fi',
  'if [ -n "$categories" ]; then set -- "$@" --categories "$categories"; fi',
  'echo "Executing: $*"',
  '"$@"',
  'tmp="${TMPDIR:-/tmp}"',
  'for ext in json html; do latest=$(ls -t "$tmp"/longbench_v2_*."$ext" 2>/dev/null | head -n 1 || true); if [ -n "$latest" ]; then cp "$latest" "$out_dir/"; echo "Results saved to: $out_dir/$(basename "$latest")"; fi; done',
  'echo "LongBench-v2 evaluation complete"',
].join('\n');

export const longbenchV2Runner = {
  type: 'longbenchv2',
  name: 'LongBench-v2',
  validate: () => [],
  plan: (config, runtime, deployment) => {
    const b = config.benchmark;
    return {
      argv: [
        'bash', '-c', LONGBENCH_SCRIPT, 'longbenchv2-eval',
        deployment.publicUrl, servedModelName(config),
        String(b.max_context_length ?? 128000), String(b.num_threads ?? 16), String(b.max_tokens ?? 16384),
        b.num_examples == null ? '' : String(b.num_examples), (b.categories ?? []).join(','),
        `${runtime.workerPaths.logDir}/accuracy`,
      ],
      env: [],
      container: true,
    };
  },
} as const satisfies BenchmarkRunner;
