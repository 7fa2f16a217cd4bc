import { pyStr } from '@srt/core';
import type { FrontendConfig } from '@srt/core';

/**
 * Extra frontend flags (config.md §8.1, `get_router_args_list`): `sglang_router_args` when
 * `useSglangRouter`, else `dynamo_frontend_args`. Insertion order, keys verbatim (no sorting,
 * no `_`→`-`); exactly `true` → `--key`; `false`/null → omitted; else `--key` + Python `str()`.
 */
export function buildFrontendArgs(frontend: FrontendConfig, useSglangRouter: boolean = frontend.use_sglang_router): string[] {
  // `frontend.args` applies to whichever frontend runs (engines.md §5.5).
  const map = frontend.args ?? (useSglangRouter ? frontend.sglang_router_args : frontend.dynamo_frontend_args);
  const args: string[] = [];
  for (const [key, value] of Object.entries(map ?? {})) {
    if (value === true) args.push(`--${key}`);
    else if (value === false || value === null || value === undefined) continue;
    else args.push(`--${key}`, pyStr(value));
  }
  return args;
}
