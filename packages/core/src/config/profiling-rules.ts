import type { ConfigIssue } from './config-error.ts';
import type { RuleInput } from './config-rule.ts';
import { deriveResources } from './derive-resources.ts';
import { isProfilingEnabled } from './profiling.ts';

const py = (x: number | null | undefined): string => (x == null ? 'None' : String(x));

/**
 * The reference's profiling validation (config.md §7.3), same checks, order and messages;
 * like the reference it stops at the first failure.
 */
export function profilingRule({ config }: RuleInput): readonly ConfigIssue[] {
  const p = config.profiling;
  if (!isProfilingEnabled(p)) return [];
  if (p.isl == null || p.osl == null || p.concurrency == null) {
    const message = `profiling.isl/osl/concurrency must be set when profiling is enabled. Got isl=${py(p.isl)}, osl=${py(p.osl)}, concurrency=${py(p.concurrency)}`;
    return [{ path: ['profiling'], message }];
  }
  const r = deriveResources(config.resources);
  if (r.isDisaggregated) {
    if (p.aggregated != null) {
      const message = 'Disaggregated mode only supports profiling.prefill/decode; profiling.aggregated is not allowed.';
      return [{ path: ['profiling', 'aggregated'], message, atKey: true }];
    }
    if (p.prefill == null || p.decode == null) {
      const message = 'Disaggregated mode requires both profiling.prefill and profiling.decode to be set when profiling is enabled.';
      return [{ path: ['profiling'], message }];
    }
  } else {
    if (p.prefill != null || p.decode != null) {
      const message = 'Aggregated mode only supports profiling.aggregated; profiling.prefill/decode are not allowed.';
      return [{ path: ['profiling', p.prefill != null ? 'prefill' : 'decode'], message, atKey: true }];
    }
    if (p.aggregated == null) {
      const message = 'Aggregated mode requires profiling.aggregated to be set when profiling is enabled.';
      return [{ path: ['profiling'], message }];
    }
  }
  if (r.isDisaggregated && (r.numPrefill !== 1 || r.numDecode !== 1)) {
    const message = `Profiling mode requires exactly 1 prefill and 1 decode worker. Got prefill_workers=${r.numPrefill}, decode_workers=${r.numDecode}`;
    return [{ path: ['resources'], message }];
  }
  if (!r.isDisaggregated && r.numAgg !== 1) {
    const message = `Profiling mode requires exactly 1 aggregated worker. Got agg_workers=${r.numAgg}`;
    return [{ path: ['resources'], message }];
  }
  return [];
}
