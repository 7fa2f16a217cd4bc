import { resolve } from 'node:path';
import { compareRuns, readReportRuns, renderComparison } from '@srt/benchmarks';
import { type CommandSpec, parseFlags, renderUsage, usageError } from '../args.ts';
import type { CommandHandler } from '../context.ts';

export const compareSpec = {
  name: 'compare',
  summary:
    'Compare the sa-bench results of NEW against BASE point by point (same result directory and concurrency) and exit 1 when a throughput or latency metric (output tok/s, req/s, TTFT/ITL p50 and p99, TPOT p50) got worse by more than --max-regression: a CI gate.',
  flags: {
    'max-regression': { type: 'string', value: 'PCT', description: 'Largest tolerated worsening, e.g. 5% or 5 (default 5%)' },
  },
  positionals: [
    { name: 'BASE', required: true, missing: 'give the BASE job output directory (outputs/<job_id>) and the NEW one' },
    { name: 'NEW', required: true, missing: 'give the NEW job output directory (outputs/<job_id>) after BASE' },
  ],
  examples: ['srtctl compare outputs/1234 outputs/1240 --max-regression 5%'],
} as const satisfies CommandSpec;

/** `srtctl compare BASE NEW [--max-regression 5%]`: 0 when nothing regressed, 1 on a regression. */
const compare: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(compareSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(compareSpec));
    return 0;
  }
  const text = args.values['max-regression'] ?? '5%';
  const pct = /^\d+(\.\d+)?%?$/.test(text) ? Number(text.replace('%', '')) : Number.NaN;
  if (!Number.isFinite(pct)) throw usageError(compareSpec, `--max-regression must be a percentage like 5% or 2.5, got "${text}"`);
  const [base, next] = args.positionals.map((p) => resolve(ctx.env.cwd, p));
  const comparison = compareRuns(await readReportRuns([base ?? '.']), await readReportRuns([next ?? '.']), { maxRegressionPct: pct });
  ctx.stdout.write(renderComparison(comparison, pct));
  return comparison.regressions.length > 0 ? 1 : 0;
};

export default compare;
