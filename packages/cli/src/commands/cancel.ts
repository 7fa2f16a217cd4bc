import { join } from 'node:path';
import { SrtError, writeOutputFileSync } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { findJob, ledgerRoots } from '../ledger/find-jobs.ts';
import { CANCEL_FILE, type CancelRecord } from '../ledger/job-status.ts';

export const cancelSpec = {
  name: 'cancel',
  summary: 'Cancel jobs: record the request in each job\'s ledger (cancel.json, so the diagnosis says "cancelled by the user"), then scancel.',
  flags: {
    outputs: { type: 'string', short: 'o', value: 'DIR', description: 'Look for the jobs in this outputs folder too' },
  },
  positionals: [{ name: 'JOB...', required: true, variadic: true, missing: 'give at least one job id (see `srtctl status`)' }],
  examples: ['srtctl cancel 1234', 'srtctl cancel 1234 1235'],
} as const satisfies CommandSpec;

/** `srtctl cancel JOB…`: every job is looked up before any is cancelled. */
const cancel: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(cancelSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(cancelSpec));
    return 0;
  }
  const roots = await ledgerRoots(ctx.env, args.values.outputs);
  const jobs = args.positionals.map((r) => findJob(r, ctx.env.cwd, roots));
  const local = jobs.find((j) => j.status?.executor === 'local' || !/^\d+(_\d+)?$/.test(j.id));
  if (local !== undefined) throw new SrtError('SRT_USAGE', `Job ${local.id} is not a batch job srtctl submitted (a local run, or a run inside your allocation): stop it with Ctrl-C in its terminal`);
  const failed: string[] = [];
  for (const job of jobs) {
    if (job.status?.outcome !== undefined) {
      ctx.stdout.write(`Job ${job.id} already ended (${job.status.outcome.result}); nothing to cancel\n`);
      continue;
    }
    // The record comes first: the orchestrator reads it when scancel's SIGTERM arrives.
    const record: CancelRecord = { at: new Date(ctx.env.now()).toISOString(), by: 'user', detail: `srtctl cancel by ${ctx.env.vars['USER'] ?? 'unknown user'}` };
    writeOutputFileSync(join(job.dir, CANCEL_FILE), `${JSON.stringify(record, null, 2)}\n`);
    const r = await ctx.env.exec(['scancel', job.id], { cwd: ctx.env.cwd, timeoutMs: 30_000 }).catch((e: Error) => ({ exitCode: 127, stdout: '', stderr: e.message }));
    if (r.exitCode !== 0) {
      failed.push(`${job.id}: ${r.stderr.trim() || `scancel exited with ${r.exitCode}`}`);
      continue;
    }
    ctx.stdout.write(`Cancelled job ${job.id} (${job.name})\n`);
  }
  if (failed.length > 0) throw new SrtError('SRT_COMMAND_FAILED', `scancel failed for ${failed.length} job${failed.length === 1 ? '' : 's'}: check the job ids with \`squeue --me\``, { details: failed });
  return 0;
};

export default cancel;
