import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Env, type SrtConfig, SrtError } from '@srt/core';
import { createJobMetadata, type JobOrigin } from './job-metadata.ts';

/** A job handed to SLURM. */
export interface SubmittedJob {
  readonly jobId: string;
  readonly jobName: string;
  /** Absolute `<output base>/<job_id>` (default base `<cwd>/outputs`). */
  readonly outputDir: string;
}

export interface SubmitJobOptions {
  readonly config: SrtConfig;
  readonly sbatchScript: string;
  /** The YAML the job runs from (also embedded in the script). */
  readonly configSnapshot: string;
  readonly tags: readonly string[];
  /** `YYYY-mm-dd HH:MM:SS`. */
  readonly generatedAt: string;
  /** Variant and `--set` edits, recorded in `<job_id>.json`. */
  readonly origin?: JobOrigin;
  /** The override file as written, copied to `source.yaml` beside the resolved `config.yaml`. */
  readonly sourceText?: string | undefined;
  /** The explicit output base (`-o DIR` / cluster `output_dir`), absolute: the one the script was rendered with. Default `<cwd>/outputs`. */
  readonly outputBase?: string | undefined;
}

const UNAVAILABLE = 'sbatch not found: use `srtctl apply --local` to run on this machine, or `srtctl dry-run` to see the plan';

/**
 * Creates an explicit output base before anything is submitted, so a folder that cannot be
 * written fails the command (`SRT_OUTPUT_FAILED`) instead of a job whose outputs go nowhere.
 *
 * @example await prepareOutputBase('/shared/runs')
 */
export async function prepareOutputBase(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (e) {
    const why = String((e as { code?: unknown }).code ?? (e instanceof Error ? e.message : e));
    throw new SrtError('SRT_OUTPUT_FAILED', `Cannot create the output folder ${path} (${why}): give -o DIR (or output_dir in srtslurm.yaml) on a shared file system you can write`, { cause: e });
  }
}

/** Fails with `SRT_SLURM_UNAVAILABLE` when `sbatch` cannot be run here. */
export async function checkSbatch(env: Pick<Env, 'exec' | 'cwd'>): Promise<void> {
  const r = await env.exec(['sbatch', '--version'], { cwd: env.cwd }).catch(() => undefined);
  if (r === undefined || r.exitCode === 127 || r.exitCode === 126 || /command not found|ENOENT/i.test(r.stderr)) {
    throw new SrtError('SRT_SLURM_UNAVAILABLE', UNAVAILABLE);
  }
}

/**
 * Submits one job: the script goes to `sbatch` on stdin (no temp file), the job id is the
 * last word of its output, then `<output base>/<job_id>/{config.yaml, sbatch_script.sh,
 * <job_id>.json}` are written (default base: `outputs/` of the working directory).
 *
 * @example const job = await submitJob(nodeEnv(), { config, sbatchScript: plan.sbatchScript, configSnapshot, tags: [], generatedAt: '2025-01-01 12:00:00' });
 */
export async function submitJob(env: Pick<Env, 'exec' | 'cwd'>, o: SubmitJobOptions): Promise<SubmittedJob> {
  const r = await env.exec(['sbatch'], { cwd: env.cwd, input: o.sbatchScript });
  if (r.exitCode === 127) throw new SrtError('SRT_SLURM_UNAVAILABLE', UNAVAILABLE);
  if (r.exitCode !== 0) {
    throw new SrtError('SRT_SUBMIT_FAILED', `sbatch failed (exit ${r.exitCode}) for ${o.config.name}: fix the problem sbatch reports below and submit again`, {
      details: r.stderr.trim().split('\n').filter((l) => l !== ''),
    });
  }
  const jobId = r.stdout.trim().split(/\s+/).at(-1) ?? '';
  if (!/^\d+(_\d+)?(;\S+)?$/.test(jobId)) {
    throw new SrtError('SRT_SUBMIT_FAILED', `sbatch printed no job id (got ${JSON.stringify(r.stdout.trim())}): check \`squeue --me\` before submitting again`);
  }
  const id = jobId.split(';')[0]!;
  const outputDir = join(o.outputBase ?? join(env.cwd, 'outputs'), id);
  await mkdir(outputDir, { recursive: true });
  await writeFile(join(outputDir, 'config.yaml'), o.configSnapshot);
  await writeFile(join(outputDir, 'sbatch_script.sh'), o.sbatchScript);
  await chmod(join(outputDir, 'sbatch_script.sh'), 0o755);
  if (o.sourceText !== undefined) await writeFile(join(outputDir, 'source.yaml'), o.sourceText);
  const metadata = createJobMetadata(o.config, { jobId: id, generatedAt: o.generatedAt, tags: o.tags, ...(o.origin === undefined ? {} : { origin: o.origin }) });
  await writeFile(join(outputDir, `${id}.json`), `${JSON.stringify(metadata, null, 2)}\n`);
  return { jobId: id, jobName: o.config.name, outputDir };
}
