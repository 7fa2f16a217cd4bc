import type { CommandContext } from '../context.ts';
import { findJob } from '../ledger/find-jobs.ts';
import { readJobStatus } from '../ledger/read-job-status.ts';
import { FINAL_SLURM_STATES, querySlurmStates } from '../ledger/slurm-states.ts';
import type { SubmittedJob } from '../submit/submit-job.ts';

/**
 * `apply --serve-only` after submission: waits until each job's ledger records its endpoint in
 * the serving phase and prints it (the jobs keep serving). Exit 1 when a job ended first.
 */
export async function awaitEndpoints(ctx: CommandContext, submitted: readonly SubmittedJob[]): Promise<number> {
  let failed = 0;
  for (const s of submitted) {
    const job = findJob(s.outputDir, ctx.env.cwd, []);
    let lastSlurm = -Infinity;
    for (;;) {
      const status = readJobStatus(job.dir);
      if (status?.phase === 'serving' && status.endpoint !== undefined) {
        ctx.stdout.write(`🌐 Job ${s.jobId} serves ${status.endpoint}  (stop it with: srtctl cancel ${s.jobId})\n`);
        break;
      }
      let ended = status?.outcome !== undefined;
      if (!ended && ctx.env.now() - lastSlurm >= 5000) {
        lastSlurm = ctx.env.now();
        const state = (await querySlurmStates(ctx.env, [s.jobId])).get(s.jobId);
        ended = state !== undefined && FINAL_SLURM_STATES.has(state);
      }
      if (ended || ctx.signal.aborted) {
        failed += 1;
        ctx.stderr.write(`❌ Job ${s.jobId} ended before serving${status?.outcome?.diagnosis ? `: ${status.outcome.diagnosis.cause}` : ''} (see \`srtctl diagnose ${s.jobId}\`)\n`);
        break;
      }
      await ctx.env.sleep(500, ctx.signal).catch(() => undefined);
    }
  }
  return failed === 0 ? 0 : 1;
}
