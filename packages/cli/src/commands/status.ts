import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { findJob, type FoundJob, ledgerRoots, listJobs } from '../ledger/find-jobs.ts';
import { jobRow, type JobRow, ROW_COLUMNS, rowCells } from '../ledger/job-row.ts';
import { querySlurmStates } from '../ledger/slurm-states.ts';
import { renderTable } from '../output/table.ts';

export const statusSpec = {
  name: 'status',
  summary: 'Show the jobs under outputs/ (and -o DIR) from their ledgers (status.json): SLURM state, phase, health, last throughput, outcome.',
  flags: {
    outputs: { type: 'string', short: 'o', value: 'DIR', description: 'Also list the jobs in this outputs folder' },
    json: { type: 'boolean', description: 'Print a JSON array: one object per job with its whole ledger under "ledger"' },
    watch: { type: 'boolean', short: 'w', description: 'Refresh in place every --interval seconds until Ctrl-C' },
    interval: { type: 'string', value: 'S', description: 'Seconds between refreshes with --watch (default 2)' },
  },
  positionals: [{ name: 'JOB...', required: false, variadic: true }],
  examples: ['srtctl status', 'srtctl status 1234 1235 --json', 'srtctl status -o /shared/runs/outputs --watch'],
} as const satisfies CommandSpec;

/**
 * The rows of the jobs asked for (all of them when none is named), with one SLURM query for all.
 * `ledgers: false` (the table) leaves out the whole ledgers, so ended jobs come from the summary
 * cache (see `listJobs`).
 */
export async function collectRows(ctx: CommandContext, refs: readonly string[], outputs: string | undefined, opts: { readonly ledgers?: boolean } = {}): Promise<JobRow[]> {
  const roots = await ledgerRoots(ctx.env, outputs);
  const all = refs.length === 0;
  const jobs: FoundJob[] = all ? listJobs(roots, { summariesOnly: opts.ledgers === false }) : refs.map((r) => findJob(r, ctx.env.cwd, roots));
  // Only jobs that may still run need SLURM; an ended ledger is final.
  const ask = jobs.filter((j) => (j.summary?.result ?? null) === null && j.summary?.executor !== 'local').map((j) => j.id);
  const states = ask.length === 0 ? new Map<string, string>() : await querySlurmStates(ctx.env, ask);
  return jobs.map((j) => jobRow(j, states.get(j.id)));
}

function renderRows(rows: readonly JobRow[]): string {
  if (rows.length === 0) return 'No jobs found.\n';
  return renderTable({ columns: ROW_COLUMNS, rows: rows.map(rowCells), alignRight: [5] });
}

/** `srtctl status [JOB…] [-o DIR] [--json] [--watch]`. */
const status: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(statusSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(statusSpec));
    return 0;
  }
  const { values, positionals } = args;
  const show = async (): Promise<void> => {
    const rows = await collectRows(ctx, positionals, values.outputs, { ledgers: values.json === true });
    ctx.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : renderRows(rows));
  };
  if (!values.watch) {
    await show();
    return 0;
  }
  const everyMs = Math.max(0.2, Number(values.interval ?? '2') || 2) * 1000;
  while (!ctx.signal.aborted) {
    // On a terminal the table is redrawn in place; elsewhere each refresh is appended.
    if (ctx.stdout.isTTY === true) ctx.stdout.write('\x1b[H\x1b[2J');
    ctx.stdout.write(`${new Date(ctx.env.now()).toISOString()}\n`);
    await show();
    await ctx.env.sleep(everyMs, ctx.signal).catch(() => undefined);
  }
  return 0;
};

export default status;
