import { createReadStream } from 'node:fs';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { findJob, ledgerRoots } from '../ledger/find-jobs.ts';
import { followFile } from '../ledger/follow-file.ts';
import { orchestratorLogOf, processLogOf } from '../ledger/job-logs.ts';
import { readJobStatus } from '../ledger/read-job-status.ts';
import { FINAL_SLURM_STATES, querySlurmStates } from '../ledger/slurm-states.ts';
import { SrtError } from '@srt/core';

export const logsSpec = {
  name: 'logs',
  summary: "Print a job's orchestrator log, or one process's log by name (decode_1, frontend_0, benchmark).",
  flags: {
    follow: { type: 'boolean', short: 'f', description: 'Keep printing what is appended until the job ends' },
    outputs: { type: 'string', short: 'o', value: 'DIR', description: 'Look for the job in this outputs folder too' },
  },
  positionals: [
    { name: 'JOB', required: true, missing: 'give a job id (see `srtctl status`) or a job output directory' },
    { name: 'PROCESS', required: false },
  ],
  examples: ['srtctl logs 1234', 'srtctl logs 1234 decode_1', 'srtctl logs 1234 --follow'],
} as const satisfies CommandSpec;

/** `srtctl logs JOB [PROCESS] [--follow]`. */
const logs: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(logsSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(logsSpec));
    return 0;
  }
  const [ref, name] = args.positionals as [string, string | undefined];
  const job = findJob(ref, ctx.env.cwd, await ledgerRoots(ctx.env, args.values.outputs));
  const path = name === undefined ? orchestratorLogOf(job) : processLogOf(job, name);
  if (!args.values.follow) {
    if (!(await ctx.env.fileExists(path))) throw new SrtError('SRT_JOB_NOT_FOUND', `${path} does not exist yet: the job has not started writing it (try --follow)`);
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) ctx.stdout.write(chunk as string);
    return 0;
  }
  let lastSlurm = -Infinity;
  let slurmEnded = false;
  await followFile(path, {
    write: (t) => ctx.stdout.write(t),
    sleep: ctx.env.sleep,
    signal: ctx.signal,
    done: async () => {
      const status = readJobStatus(job.dir);
      if (status?.outcome !== undefined) return true;
      if (status?.executor === 'local') return false;
      if (ctx.env.now() - lastSlurm >= 5000) {
        lastSlurm = ctx.env.now();
        const state = (await querySlurmStates(ctx.env, [job.id])).get(job.id);
        slurmEnded = state !== undefined && FINAL_SLURM_STATES.has(state);
      }
      return slurmEnded;
    },
  });
  return 0;
};

export default logs;
