import type { SaMetrics } from './metrics.ts';

/** Whether a run's numbers can be trusted as a benchmark result. */
export type Validity = { readonly valid: true } | { readonly valid: false; readonly reason: string };

/**
 * The validity gate: a run with zero generated tokens, more failed requests than allowed,
 * or fewer completed requests than asked is a failed benchmark.
 */
export function checkValidity(
  metrics: Pick<SaMetrics, 'completed' | 'failed' | 'totalOutputTokens'>,
  opts: { readonly numPrompts: number; readonly maxFailed: number; readonly firstError?: string },
): Validity {
  const err = opts.firstError ? ` (first error: ${opts.firstError.slice(0, 200)})` : '';
  if (metrics.failed > opts.maxFailed)
    return { valid: false, reason: `${metrics.failed} of ${opts.numPrompts} requests failed, more than the ${opts.maxFailed} allowed${err}` };
  if (metrics.totalOutputTokens === 0) return { valid: false, reason: `the server generated no tokens${err}` };
  if (metrics.completed + metrics.failed < opts.numPrompts)
    return { valid: false, reason: `only ${metrics.completed} of ${opts.numPrompts} requests completed${err}` };
  return { valid: true };
}
