import type { FrontendConfig, FrontendTargets } from '@srt/core';
import { pyStr } from '@srt/core';
import { buildFrontendArgs } from './frontend-args.ts';

export interface SglangRouterCommandOptions {
  readonly targets: FrontendTargets;
  /** Port this router listens on (8000 alone, 8080 behind nginx). */
  readonly port: number;
  readonly frontend: FrontendConfig;
}

/**
 * `python -m sglang_router.launch_router ...` (backends.md §7; `python`, not `python3`).
 * Prefill/decode leaders → `--pd-disaggregation --prefill URL BOOTSTRAP … --decode URL …`.
 * Aggregated leaders only (quirk B3): no `--pd-disaggregation`, `--worker-urls URL…`, so the
 * router actually reaches agg workers. Then `--host 0.0.0.0 --port P` and `sglang_router_args`.
 */
export function buildSglangRouterCommand({ targets, port, frontend }: SglangRouterCommandOptions): string[] {
  const argv = ['python', '-m', 'sglang_router.launch_router'];
  const pd = targets.prefill.length > 0 || targets.decode.length > 0;
  if (pd || targets.agg.length === 0) {
    argv.push('--pd-disaggregation');
    for (const p of targets.prefill) argv.push('--prefill', p.url, pyStr(p.bootstrapPort ?? null));
    for (const url of targets.decode) argv.push('--decode', url);
  } else {
    argv.push('--worker-urls', ...targets.agg);
  }
  argv.push('--host', '0.0.0.0', '--port', String(port), ...buildFrontendArgs(frontend, true));
  return argv;
}
