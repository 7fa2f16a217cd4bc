// Issue 10 fault scenarios on the project's SLURM test cluster that need more than a recipe: the
// frontend's port already taken on the head node, a full disk for the outputs, and `scontrol
// requeue` of a running job. Each ends with a diagnosis in the orchestrator's last lines and
// nothing of the job left on any node (the nodes share this machine's process table).
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { findResultFiles } from '../../packages/cli/src/orchestrator/find-result-files.ts';
import { RECIPES } from './support/paths.ts';
import { eventually, processesOfJob, processesUnder } from './support/processes.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { holdPortOnNode, scancel, showJob, waitForJobEnd } from './support/slurm.ts';
import { CONTAINERLESS_SRTSLURM_YAML, srtctl } from './support/srtctl-in-process.ts';

const slurm = inject('slurm');
const submitted: string[] = [];
afterEach(() => {
  for (const id of submitted.splice(0)) scancel(id);
});

/** A fresh run folder with the test cluster's srtslurm.yaml. */
async function runDir(): Promise<string> {
  const dir = await makeRunDir('srt-e2e-slurmfaults-');
  writeFileSync(join(dir, 'srtslurm.yaml'), CONTAINERLESS_SRTSLURM_YAML);
  return dir;
}

/** `srtctl apply -f faults/<recipe>`: the job id. */
async function submit(dir: string, recipe: string): Promise<string> {
  const r = await srtctl(dir, ['apply', '-f', join(RECIPES, 'slurm', 'faults', recipe), '--json']);
  expect(r.code, r.err).toBe(0);
  const id = String((JSON.parse(r.out.trim()) as { job_id: string }).job_id);
  submitted.push(id);
  return id;
}

const logsOf = (dir: string, id: string): string => join(dir, 'outputs', id, 'logs');
const readLines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
/** The per-point result files (`isl_…_concurrency_N_….json`), not the rollups. */
const pointResults = (logs: string): string[] => findResultFiles(logs).filter((f) => /\/isl_[^/]*\.json$/.test(f)).map((f) => f.slice(logs.length + 1));
/** Every file below `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Writes zeros to `file` until its file system has no byte left (big chunks, then pages, then bytes). */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        while (writeSync(fd, chunk) === size);
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const statusOf = (dir: string, id: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, 'outputs', id, 'status.json'), 'utf8')) as Record<string, unknown>;

/** No process of the job is left: none under its folder, none with its SLURM_JOB_ID, on any node. */
async function expectNothingLeft(dir: string, id: string): Promise<void> {
  await eventually(() => processesUnder(dir).length === 0 && processesOfJob(id).length === 0, 15_000);
  expect(processesUnder(dir)).toStrictEqual([]);
  expect(processesOfJob(id)).toStrictEqual([]);
}

/** The rule `srtctl diagnose` gives the job, and the one its ledger recorded at the end of the run. */
async function diagnosedRule(dir: string, id: string): Promise<{ readonly diagnose: string; readonly ledger: string | undefined; readonly cause: string }> {
  const d = await srtctl(dir, ['diagnose', id, '--json']);
  expect(d.code, d.err).toBe(0);
  const diagnosis = JSON.parse(d.out) as { rule: string; cause: string };
  const ledger = (statusOf(dir, id) as { outcome?: { diagnosis?: { rule: string } } }).outcome?.diagnosis?.rule;
  return { diagnose: diagnosis.rule, ledger, cause: diagnosis.cause };
}

describe.skipIf(!slurm.ready && slurm.skip)(`fault scenarios on the SLURM cluster${!slurm.ready && slurm.skip ? ` (skipped: ${slurm.reason})` : ''}`, () => {
  const vars = slurm.ready ? slurm.vars : {};

  it("the frontend's port already taken on the head node: FAILED at once, the last line names the frontend, its node, the port and its holder; nothing is left", async () => {
    if (!slurm.ready) throw new Error(slurm.reason);
    const dir = await runDir();
    // The recipe pins the job to gpu-04; the port is held in that node's network namespace.
    const holder = await holdPortOnNode(vars, 'gpu-04', 8000);
    try {
      const id = await submit(dir, 'port-taken.yaml');
      const job = await waitForJobEnd(id, 90_000);
      const logs = logsOf(dir, id);
      const orchestrator = readLines(join(logs, `orchestrator_${id}.log`));
      const context = orchestrator.join('\n');
      expect(job['JobState'], context).toBe('FAILED');
      // ss in the head node's namespace sees the holder: the orchestrator runs there too.
      expect(orchestrator.at(-1), context).toMatch(
        new RegExp(`\\[INFO\\] Run failed: frontend_0 on gpu-04 could not listen: port 8000 is already in use by node \\(pid ${holder.pid}\\); stop that process or change the port \\(log: ${logs}/\\S+\\) \\(exit code 1\\)$`),
      );
      const rule = await diagnosedRule(dir, id);
      expect([rule.diagnose, rule.ledger], context).toStrictEqual(['port-in-use', 'port-in-use']);
      expect(rule.cause).toMatch(/A port was already in use on gpu-04: .*EADDRINUSE.*:8000/);
      await expectNothingLeft(dir, id);
    } finally {
      holder.close();
    }
  }, 120_000);

  it('a full disk for the outputs mid-benchmark: FAILED (not hung), the orchestrator log ends with SRT_OUTPUT_FAILED, the file and "the disk is full"; no partial result; nothing is left', async () => {
    if (!slurm.ready) throw new Error(slurm.reason);
    const dir = await runDir();
    const outputs = join(dir, 'outputs');
    mkdirSync(outputs);
    // The job's whole output folder (Slurm's batch log included) on a 16 MiB file system of its own.
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', outputs], { encoding: 'utf8' });
    expect(mount.status, mount.stderr).toBe(0);
    try {
      const id = await submit(dir, 'disk-full.yaml');
      const statusFile = join(outputs, id, 'status.json');
      const benchmarking = await eventually(() => existsSync(statusFile) && /"phase": "benchmark"/.test(readFileSync(statusFile, 'utf8')), 90_000, 50);
      expect(benchmarking, existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : 'no status.json').toBe(true);
      fillUp(join(outputs, 'filler'));
      // The batch script's tee writes the orchestrator log (and, as its stdout, Slurm's batch log):
      // on a full disk it drops a file after its first failed write and exits once both failed.
      // When that happens depends on the room left in each file's last page, so the test ends tee
      // now: from here on nobody writes the log but the orchestrator, whose stdout pipe is broken.
      const tee = processesOfJob(id).filter((p) => p.cmdline.startsWith('tee ') && p.cmdline.endsWith(`orchestrator_${id}.log`));
      expect(tee, JSON.stringify(processesOfJob(id))).toHaveLength(1);
      process.kill(tee[0]!.pid, 'SIGKILL');
      const job = await waitForJobEnd(id, 90_000);
      const logs = logsOf(dir, id);
      const orchestrator = readLines(join(logs, `orchestrator_${id}.log`));
      const context = orchestrator.join('\n');
      expect(job['JobState'], context).toBe('FAILED');
      // The last lines, written with the space of the freed reserve: what failed, the file, the disk.
      const end = orchestrator.slice(orchestrator.findIndex((l) => / \[ERROR\] SRT_OUTPUT_FAILED /.test(l)));
      expect(end[0], context).toMatch(new RegExp(`\\[ERROR\\] SRT_OUTPUT_FAILED Could not write ${outputs}/${id}/\\S+: the disk is full; free space or choose another output directory`));
      expect(end[1], context).toMatch(/\[ERROR\] The disk of the outputs is full \(.*\): lines of this log and files written since it filled may be missing; srtctl deleted its 256 KiB reserve \(\.srtctl-reserve\)/);
      expect(end.join('\n'), context).toMatch(/\[ERROR\]   rule: disk-full\n/);
      expect(end.at(-1), context).toMatch(/\[INFO\] Run failed: SRT_OUTPUT_FAILED: the disk of the outputs is full \(could not write \S+\) \(exit code 1\)$/);
      // status.json was written too (with the reserve's space): it says the same.
      const status = statusOf(dir, id) as { outcome: { result: string; summary: string; diagnosis?: { rule: string } } };
      // (benchmark-failed: its result could not be written; error, had the benchmark finished before the fill)
      expect(['benchmark-failed', 'error'], context).toContain(status.outcome.result);
      expect(status.outcome.diagnosis?.rule, context).toBe('disk-full');
      expect(status.outcome.summary).toMatch(/the disk of the outputs is full/);
      expect((await diagnosedRule(dir, id)).diagnose).toBe('disk-full');
      // Whole files or none: no empty or half-written JSON, no temporary file left behind.
      for (const file of filesUnder(join(outputs, id))) {
        expect(file, context).not.toMatch(/\.tmp|\.srtctl-(reserve|probe)/);
        if (file.endsWith('.json')) {
          expect(statSync(file).size, file).toBeGreaterThan(0);
          expect(() => JSON.parse(readFileSync(file, 'utf8')), file).not.toThrow();
        }
      }
      await expectNothingLeft(dir, id);
    } finally {
      // keep a copy of what the job wrote for a failing test's kept folder, then unmount
      cpSync(outputs, join(dir, 'outputs.copy'), { recursive: true });
      spawnSync('umount', ['-l', outputs]);
    }
  }, 180_000);

  it('scontrol requeue of a running job: run 2 completes in a clean log folder, run 1 is under logs/requeued_run_1/, status.json and the results are run 2 only; nothing is left', async () => {
    if (!slurm.ready) throw new Error(slurm.reason);
    const dir = await runDir();
    const id = await submit(dir, 'requeue.yaml');
    const logs = logsOf(dir, id);
    // Mid-benchmark: the first point's result is written, the second point runs.
    const firstPoint = await eventually(() => pointResults(logs).length > 0, 90_000, 50);
    expect(firstPoint, existsSync(logs) ? readdirSync(logs).join(' ') : 'no logs').toBe(true);
    const run1Results = pointResults(logs);
    const requeue = spawnSync('scontrol', ['requeue', id], { encoding: 'utf8', timeout: 10_000 });
    expect(requeue.status, requeue.stderr).toBe(0);
    const requeuedAt = Date.now();
    // Slurm holds a requeued job until CredExpire + 1 s (121 s) have passed; the test lets it start
    // as soon as run 1 has ended (it is PENDING again).
    const pending = await eventually(() => showJob(id)['JobState'] === 'PENDING', 60_000, 100);
    expect(pending, JSON.stringify(showJob(id))).toBe(true);
    const update = spawnSync('scontrol', ['update', `JobId=${id}`, 'StartTime=now'], { encoding: 'utf8', timeout: 10_000 });
    expect(update.status, update.stderr).toBe(0);
    const job = await waitForJobEnd(id, 90_000);

    const archive = join(logs, 'requeued_run_1');
    const run2 = readLines(join(logs, `orchestrator_${id}.log`));
    const context = `${run2.join('\n')}\n---- run 1:\n${existsSync(archive) ? readFileSync(join(archive, `orchestrator_${id}.log`), 'utf8') : 'no archive'}`;
    expect([job['JobState'], job['Restarts']], context).toStrictEqual(['COMPLETED', '1']);
    // Run 2's log starts with the marker and ends with success.
    expect(run2[0], context).toMatch(/\[WARNING\] ===== Slurm requeued this job \(SLURM_RESTART_COUNT=1\): run 2 starts in a clean logs\/; run 1's files are in logs\/requeued_run_1\/ =====$/);
    expect(run2.at(-1), context).toMatch(/\[INFO\] Benchmark completed successfully \(exit code 0\)$/);
    // Run 1 (interrupted by the requeue: a SIGTERM) archived itself whole before run 2's tee could
    // truncate its log: its orchestrator log ends saying so, its first point's result and ledger are there.
    const run1 = readLines(join(archive, `orchestrator_${id}.log`));
    expect(run1.slice(-2).join('\n'), context).toMatch(
      /Run cancelled \(SIGTERM: scancel or the job's time limit\) \(exit code 1\)\n.*\[WARNING\] Slurm requeued this job \(Restarts=1\): the SIGTERM was the requeue, not a cancel; run 1's files \(and a copy of its status.json\) are in logs\/requeued_run_1\/, run 2 starts in a clean logs\/$/,
    );
    expect(run1.some((l) => l.includes('Slurm requeued this job (SLURM_RESTART_COUNT'))).toBe(false);
    for (const r of run1Results) expect(existsSync(join(archive, r)), r).toBe(true);
    const run1Status = JSON.parse(readFileSync(join(archive, 'status.json'), 'utf8')) as { outcome: { result: string; diagnosis?: { rule: string } } };
    expect([run1Status.outcome.result, run1Status.outcome.diagnosis?.rule], context).toStrictEqual(['cancelled', 'requeued']);
    expect(run1.join('\n'), context).toMatch(/\[ERROR\] Diagnosis: Requeued by SLURM \(in phase benchmark\): this run was stopped and the job will run again\n.*\[ERROR\]   rule: requeued\n/);
    // status.json and the results are run 2's alone: both points, none from the archive.
    const status = statusOf(dir, id) as { started_at: string; outcome: { result: string }; results: { file: string }[]; cancel?: unknown };
    expect(Date.parse(status.started_at)).toBeGreaterThan(requeuedAt - 1000);
    expect(status.outcome.result).toBe('succeeded');
    expect(status.cancel).toBeUndefined();
    expect(status.results.map((r) => r.file.replace(`${logs}/`, '')).sort(), context).toStrictEqual(pointResults(logs));
    expect(status.results).toHaveLength(2);
    expect(status.results.every((r) => !r.file.includes('requeued_run_'))).toBe(true);
    await expectNothingLeft(dir, id);
  }, 180_000);
});
