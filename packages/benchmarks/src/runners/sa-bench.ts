import { servedModelName } from '@srt/core';
import { benchmarkProgressFile } from '../loadgen/progress.ts';
import { saBenchResultDir } from '../loadgen/result-file.ts';
import type { BenchmarkRunner } from './types.ts';

/** `benchmark.concurrencies` as the `AxB` string of the CLI. */
function concurrencyText(c: readonly number[] | string): string {
  return typeof c === 'string' ? c : c.join('x');
}

/** sa-bench: our own load generator, run with the srtctl bundle on the head node (no container). */
export const saBenchRunner = {
  type: 'sa-bench',
  name: 'SA-Bench',
  validate: (config) => {
    const b = config.benchmark;
    const errors: string[] = [];
    if (b.isl == null) errors.push('benchmark.isl is required for sa-bench');
    if (b.osl == null) errors.push('benchmark.osl is required for sa-bench');
    if (b.concurrencies == null) errors.push('benchmark.concurrencies is required for sa-bench');
    else if (concurrencyText(b.concurrencies) === '') errors.push('benchmark.concurrencies must list at least one concurrency (e.g. [4, 8] or "4x8")');
    if (b.req_rate === 0 || b.req_rate === '0') errors.push('benchmark.req_rate must be "inf" or a number of requests per second above 0');
    if (b.search != null && Object.values(b.slo ?? {}).every((ms) => ms == null)) errors.push('benchmark.search needs benchmark.slo: the limits to search for, e.g. slo: { itl_p99_ms: 30 }');
    if (b.search === 'rate' && (b.req_rate === 'inf' || b.req_rate == null)) errors.push('benchmark.search: rate starts from benchmark.req_rate: set it to a number of requests per second');
    return errors;
  },
  plan: (config, runtime, deployment) => {
    const b = config.benchmark;
    const isl = b.isl ?? 0;
    const osl = b.osl ?? 0;
    const argv = [
      ...runtime.selfCommand, 'bench', 'sa',
      '--url', deployment.publicUrl,
      '--model', servedModelName(config),
      '--isl', String(isl),
      '--osl', String(osl),
      '--concurrency', concurrencyText(b.concurrencies ?? []),
      '--req-rate', String(b.req_rate),
      '--result-dir', saBenchResultDir(runtime.logDir, isl, osl),
      '--progress-file', benchmarkProgressFile(runtime.logDir),
    ];
    if (b.num_prompts != null) argv.push('--num-prompts', String(b.num_prompts));
    if (b.seed != null) argv.push('--seed', String(b.seed));
    if (b.use_chat === true) argv.push('--chat');
    if (b.warmup === false) argv.push('--no-warmup');
    if (b.max_failed_requests != null) argv.push('--max-failed', String(b.max_failed_requests));
    if (b.repeats != null && b.repeats > 1) argv.push('--repeats', String(b.repeats));
    const slo = Object.entries(b.slo ?? {}).filter(([, ms]) => ms != null);
    if (slo.length > 0) argv.push('--slo', slo.map(([k, ms]) => `${k}=${ms}`).join(','));
    if (b.search != null) argv.push('--search', b.search);
    if (b.max_probes != null) argv.push('--max-probes', String(b.max_probes));
    if (b.search_max != null) argv.push('--search-max', String(b.search_max));
    if (b.stall_timeout_seconds != null) argv.push('--stall-timeout', String(b.stall_timeout_seconds));
    if (b.client_processes != null && b.client_processes !== 1) argv.push('--client-processes', String(b.client_processes));
    return { argv, env: [], container: false };
  },
} as const satisfies BenchmarkRunner;
