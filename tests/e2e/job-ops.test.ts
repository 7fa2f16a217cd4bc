import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONTAINERLESS_SRTSLURM_YAML, srtctl } from './support/srtctl-in-process.ts';
import { RECIPES } from './support/paths.ts';
import { eventually, processesUnder } from './support/processes.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { scancel } from './support/slurm.ts';

const slurm = inject('slurm');
const SRTSLURM_YAML = CONTAINERLESS_SRTSLURM_YAML;

const submitted: string[] = [];

/** One fault recipe, what `srtctl diagnose` must call it, and a word of its cause. */
const FAULTS = [
  { recipe: 'crash-after-requests.yaml', rule: 'process-crashed', cause: /agg_0\S* on gpu-0\d exited with exit code 9/ },
  { recipe: 'crash-after-s.yaml', rule: 'process-crashed', cause: /exited with exit code 7/ },
  { recipe: 'never-healthy.yaml', rule: 'health-deadline', cause: /phase health: 0\/1 workers ready/ },
  { recipe: 'error-rate.yaml', rule: 'zero-token-benchmark', cause: /zero tokens/ },
  { recipe: 'zero-tokens.yaml', rule: 'zero-token-benchmark', cause: /zero tokens/ },
  { recipe: 'frontend-crash.yaml', rule: 'process-crashed', cause: /frontend_0 on gpu-0\d exited with exit code 3/ },
  { recipe: 'freeze.yaml', rule: 'benchmark-stalled', cause: /The benchmark stalled: tokens stopped arriving/ },
  { recipe: 'serve.yaml', rule: 'cancelled-by-user', cause: /Cancelled by the user \(in phase serving\)/, cancel: true },
  { recipe: 'time-limit.yaml', rule: 'time-limit', cause: /time limit/ },
] as const;

describe.skipIf(!slurm.ready && slurm.skip)(`job ledger and diagnosis on the SLURM cluster${!slurm.ready && slurm.skip ? ` (skipped: ${slurm.reason})` : ''}`, () => {
  let dir = '';
  beforeAll(async () => {
    if (!slurm.ready) throw new Error(slurm.reason);
    dir = await makeRunDir('srt-e2e-jobops-');
    writeFileSync(join(dir, 'srtslurm.yaml'), SRTSLURM_YAML);
  });
  afterAll(() => {
    for (const id of submitted.splice(0)) scancel(id);
  });

  it(
    'diagnoses a job killed by each mock fault, a cancel and a time limit, at the end of the run and with `srtctl diagnose`; wait exits 1; status --json is the ledger',
    async () => {
      // All at once: SLURM runs them side by side on the four nodes (one node each).
      const jobs = await Promise.all(
        FAULTS.map(async (f) => {
          const r = await srtctl(dir, ['apply', '-f', join(RECIPES, 'slurm', 'faults', f.recipe), '--json']);
          expect(r.code, r.err).toBe(0);
          const id = String((JSON.parse(r.out.trim()) as { job_id: string }).job_id);
          submitted.push(id);
          return { ...f, id, logs: join(dir, 'outputs', id, 'logs') };
        }),
      );
      const serving = jobs.find((j) => 'cancel' in j)!;
      const servingStatus = join(dir, 'outputs', serving.id, 'status.json');
      const up = await eventually(() => existsSync(servingStatus) && (JSON.parse(readFileSync(servingStatus, 'utf8')) as { phase: string }).phase === 'serving', 120_000, 250);
      expect(up, existsSync(servingStatus) ? readFileSync(servingStatus, 'utf8') : 'no status.json').toBe(true);
      const cancel = await srtctl(dir, ['cancel', serving.id]);
      expect(cancel.code, cancel.err).toBe(0);

      // `srtctl wait` on all of them: every one failed, so 1; it prints one line per job.
      const waited = await srtctl(dir, ['wait', ...jobs.map((j) => j.id), '--timeout', '240']);
      expect(waited.code, waited.out).toBe(1);
      expect(waited.out.match(/^❌ /gm)?.length, waited.out).toBe(jobs.length);

      for (const job of jobs) {
        const sweep = readFileSync(join(job.logs, `sweep_${job.id}.log`), 'utf8');
        const context = `${job.recipe}\n${sweep}`;
        // At the end of the run: the same diagnosis in the job's log and in its ledger.
        expect(sweep, context).toMatch(new RegExp(`\\[ERROR\\] Diagnosis: .*\\n.*\\[ERROR\\]   rule: ${job.rule}\\n`));
        const ledger = JSON.parse(readFileSync(join(dir, 'outputs', job.id, 'status.json'), 'utf8')) as { outcome?: { diagnosis?: { rule: string } } };
        expect(ledger.outcome?.diagnosis?.rule, context).toBe(job.rule);
        // And by `srtctl diagnose`, afterwards.
        const d = await srtctl(dir, ['diagnose', job.id, '--json']);
        expect(d.code, d.err).toBe(0);
        const diagnosis = JSON.parse(d.out) as { rule: string; cause: string; evidence: { file: string; line: number }[] };
        expect(diagnosis.rule, `${d.out}\n${context}`).toBe(job.rule);
        expect(diagnosis.cause, d.out).toMatch(job.cause);
        expect(diagnosis.evidence.length, d.out).toBeGreaterThan(0);
        // `srtctl wait` on the job alone is non-zero too.
        expect((await srtctl(dir, ['wait', job.id])).code).toBe(1);
      }

      // status --json: one row per job, each carrying exactly its ledger.
      const status = await srtctl(dir, ['status', '--json', ...jobs.map((j) => j.id)]);
      expect(status.code, status.err).toBe(0);
      const rows = JSON.parse(status.out) as { job_id: string; outcome: string; slurm_state: string | null; ledger: unknown }[];
      for (const job of jobs) {
        const row = rows.find((r) => r.job_id === job.id)!;
        expect(row.ledger).toStrictEqual(JSON.parse(readFileSync(join(dir, 'outputs', job.id, 'status.json'), 'utf8')));
      }
      const table = await srtctl(dir, ['status']);
      for (const job of jobs) expect(table.out).toContain(job.id);
      await eventually(() => processesUnder(dir).length === 0, 15_000);
      expect(processesUnder(dir)).toStrictEqual([]);
    },
    300_000,
  );
});
