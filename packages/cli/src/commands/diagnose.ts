import { join } from 'node:path';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { diagnose } from '../diagnose/diagnose.ts';
import { gatherDiagnosisInput } from '../diagnose/gather-input.ts';
import { renderDiagnosis } from '../diagnose/render-diagnosis.ts';
import { DIAGNOSIS_RULES } from '../diagnose/rules/index.ts';
import { findJob, ledgerRoots } from '../ledger/find-jobs.ts';
import { hasValidResults, STATUS_FILE } from '../ledger/job-status.ts';
import { FINAL_SLURM_STATES, querySlurmStates } from '../ledger/slurm-states.ts';
import { SrtError } from '@srt/core';

export const diagnoseSpec = {
  name: 'diagnose',
  summary: 'Name the first cause of a failed job (rules over its ledger, logs and SLURM state): the cause, the evidence as file:line, and the next step.',
  flags: {
    json: { type: 'boolean', description: 'Print the diagnosis as JSON: {rule, known, cause, evidence[{file,line,text}], next}' },
    outputs: { type: 'string', short: 'o', value: 'DIR', description: 'Look for the job in this outputs folder too' },
  },
  positionals: [{ name: 'JOB', required: true, missing: 'give a job id (see `srtctl status`) or a job output directory' }],
  examples: ['srtctl diagnose 1234', 'srtctl diagnose outputs/1234 --json'],
} as const satisfies CommandSpec;

/** `srtctl diagnose JOB`: exit 0 when it could say something (a diagnosis, or that the job succeeded). */
const diagnoseCommand: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(diagnoseSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(diagnoseSpec));
    return 0;
  }
  const job = findJob(args.positionals[0]!, ctx.env.cwd, await ledgerRoots(ctx.env, args.values.outputs));
  const status = job.status;
  const slurmState = status?.executor === 'local' ? undefined : (await querySlurmStates(ctx.env, [job.id])).get(job.id);
  if (status === undefined) {
    throw new SrtError(
      'SRT_JOB_NOT_FOUND',
      `Job ${job.id} has no ledger (${join(job.dir, STATUS_FILE)})${slurmState === undefined ? '' : `; SLURM says ${slurmState}`}: the orchestrator never started. Read logs/sweep_${job.id}.log (\`srtctl logs ${job.id}\`).`,
    );
  }
  if (status.outcome === undefined && (slurmState === undefined || !FINAL_SLURM_STATES.has(slurmState))) {
    ctx.stdout.write(`Job ${job.id} is still running (phase ${status.phase}${slurmState === undefined ? '' : `, SLURM ${slurmState}`}): nothing to diagnose yet\n`);
    return 0;
  }
  if (hasValidResults(status)) {
    ctx.stdout.write(`Job ${job.id} completed with valid results: nothing to diagnose\n`);
    return 0;
  }
  const d = diagnose(gatherDiagnosisInput(status, { slurmState }), DIAGNOSIS_RULES);
  ctx.stdout.write(args.values.json ? `${JSON.stringify(d, null, 2)}\n` : `${[`Job ${job.id} (${job.name}): ${status.outcome?.summary ?? `ended while in phase ${status.phase}`}`, ...renderDiagnosis(d, ctx.env.cwd)].join('\n')}\n`);
  return 0;
};

export default diagnoseCommand;
