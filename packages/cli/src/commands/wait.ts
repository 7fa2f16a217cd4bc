import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { findJob, type FoundJob, ledgerRoots } from '../ledger/find-jobs.ts';
import { followFile } from '../ledger/follow-file.ts';
import { orchestratorLogOf } from '../ledger/job-logs.ts';
import { type EndedJob, waitForJobs } from '../ledger/wait-for-jobs.ts';
import { createStyle } from '../output/style.ts';

export const waitSpec = {
  name: 'wait',
  summary: 'Block until the jobs end; exit 0 only when every one completed with valid benchmark results (1 otherwise).',
  flags: {
    stream: { type: 'boolean', description: "Print each job's orchestrator log lines as they are written" },
    timeout: { type: 'string', value: 'S', description: 'Give up after S seconds (exit 1)' },
    outputs: { type: 'string', short: 'o', value: 'DIR', description: 'Look for the jobs in this outputs folder too' },
  },
  positionals: [{ name: 'JOB...', required: true, variadic: true, missing: 'give at least one job id (see `srtctl status`)' }],
  examples: ['srtctl wait 1234', 'srtctl wait 1234 1235 --stream', 'srtctl wait 1234 --timeout 3600'],
} as const satisfies CommandSpec;

function describeEnd(e: EndedJob): string {
  const s = e.job.status;
  const results = s?.results ?? [];
  const last = results.at(-1);
  if (e.ok) return `completed: ${results.length} benchmark point${results.length === 1 ? '' : 's'}${last === undefined ? '' : `, last ${last.output_throughput.toFixed(1)} tok/s`}`;
  const cause = s?.outcome?.diagnosis?.cause;
  const slurm = e.slurmState === undefined ? '' : ` (SLURM ${e.slurmState})`;
  if (e.outcome === 'lost') return `ended without recording an outcome${slurm}: run \`srtctl diagnose ${e.job.id}\``;
  if (e.outcome === 'succeeded') return `${s?.outcome?.summary ?? 'ended'}, but without valid benchmark results${slurm}`;
  return `${e.outcome}${slurm}${cause === undefined ? '' : `: ${cause}`}`;
}

/**
 * Waits for the jobs (streaming their orchestrator logs when asked), prints one line per job as
 * it ends, and returns the exit status: 0 only when every job completed with valid results.
 */
export async function waitAndReport(ctx: CommandContext, jobs: readonly FoundJob[], o: { readonly stream: boolean; readonly timeoutMs?: number }): Promise<number> {
  const style = createStyle(ctx.stdout, ctx.env.vars);
  const finished = new Set<string>();
  const streams = o.stream
    ? jobs.map((job) => {
        const prefix = jobs.length > 1 ? `[${job.id}] ` : '';
        return followFile(orchestratorLogOf(job), {
          write: (text) => ctx.stdout.write(prefix === '' ? text : text.replace(/^(?=.)/gm, prefix)),
          done: () => finished.has(job.dir),
          sleep: ctx.env.sleep,
          signal: ctx.signal,
        });
      })
    : [];
  const ended = await waitForJobs(jobs, {
    env: ctx.env,
    signal: ctx.signal,
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
    onEnded: (e) => finished.add(e.job.dir),
  });
  await Promise.all(streams);
  for (const e of ended) {
    const mark = e.ok ? style.green('✅') : style.red('❌');
    ctx.stdout.write(`${mark} ${e.job.id} ${e.job.name}: ${describeEnd(e)}\n`);
  }
  return ended.every((e) => e.ok) ? 0 : 1;
}

/** `srtctl wait JOB… [--stream] [--timeout S]`. */
const wait: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(waitSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(waitSpec));
    return 0;
  }
  const roots = await ledgerRoots(ctx.env, args.values.outputs);
  const jobs = args.positionals.map((r) => findJob(r, ctx.env.cwd, roots));
  const timeout = args.values.timeout === undefined ? undefined : Number(args.values.timeout);
  return waitAndReport(ctx, jobs, { stream: args.values.stream, ...(timeout !== undefined && timeout > 0 ? { timeoutMs: timeout * 1000 } : {}) });
};

export default wait;
