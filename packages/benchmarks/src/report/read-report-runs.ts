import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { deriveResources, parseConfig, parseYaml, SrtError, compareCodeUnits } from '@srt/core';
import type { ReportLatency, ReportPoint, ReportRun, ReportSlo } from './types.ts';

const RESULT_FILE = /^isl_(\d+)_osl_(\d+)_concurrency_(\d+)_req_rate_.+\.json$/;
const SKIP_DIRS = new Set(['node_modules', '.git', '.srtctl_install']);

/**
 * Finds sa-bench result files under job output directories (`outputs/<job_id>/`), log
 * directories or result directories, and reads each series with its recipe and job metadata.
 *
 * @example const runs = await readReportRuns(['outputs/12345']);
 */
export async function readReportRuns(paths: readonly string[]): Promise<readonly ReportRun[]> {
  const dirs = new Map<string, string[]>();
  for (const p of paths) {
    const abs = resolve(p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new SrtError('SRT_USAGE', `No such file or directory: ${p}: pass job output directories (outputs/<job_id>) or result files`);
    const files = info.isDirectory() ? await findResultFiles(abs, 6) : RESULT_FILE.test(basename(abs)) ? [abs] : [];
    for (const f of files) dirs.set(dirname(f), [...(dirs.get(dirname(f)) ?? []), f]);
  }
  if (dirs.size === 0)
    throw new SrtError('SRT_USAGE', `No sa-bench result files (isl_*_osl_*_concurrency_*_req_rate_*.json) under ${paths.join(', ')}: run a job with benchmark.type sa-bench first`);
  const runs: ReportRun[] = [];
  for (const [dir, files] of dirs) runs.push(await readRun(dir, [...new Set(files)]));
  return runs.sort((a, b) => compareCodeUnits(a.label, b.label) || a.isl - b.isl || a.osl - b.osl);
}

async function findResultFiles(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (e.isFile() && RESULT_FILE.test(e.name)) out.push(join(dir, e.name));
    else if (e.isDirectory() && depth > 0 && !SKIP_DIRS.has(e.name)) out.push(...(await findResultFiles(join(dir, e.name), depth - 1)));
  }
  return out;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const REQUIRED_KEYS = ['completed', 'output_throughput', 'median_ttft_ms', 'median_itl_ms'] as const;

/** A result file the report relies on: unreadable, not JSON, not an object or missing a key is an error naming it. */
async function readResultFile(path: string): Promise<Record<string, unknown>> {
  const fail = (what: string): never => {
    throw new SrtError('SRT_RESULT_INVALID', `Result file ${path} ${what}: delete or regenerate it (rerun the benchmark), or leave its directory out of the report`);
  };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('is not a JSON object');
  const obj = json as Record<string, unknown>;
  for (const key of REQUIRED_KEYS) if (num(obj, key) === undefined) fail(`has no numeric "${key}"`);
  return obj;
}

/** The job directory above a result directory: the nearest ancestor with a `config.yaml`. */
async function findJobRoot(dir: string): Promise<string | undefined> {
  let d = dir;
  for (let i = 0; i < 4; i++) {
    if (await stat(join(d, 'config.yaml')).catch(() => undefined)) return d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return undefined;
}

async function readRun(dir: string, files: readonly string[]): Promise<ReportRun> {
  const points: ReportPoint[] = [];
  let isl = 0;
  let osl = 0;
  const rollup = await readJson(join(dir, 'benchmark-rollup.json'));
  const slo = toSlo(await readJson(join(dir, 'slo-search.json')));
  const verdicts = rollupVerdicts(rollup);
  for (const f of files) {
    const m = RESULT_FILE.exec(basename(f));
    if (!m) continue;
    const json = await readResultFile(f);
    isl = Number(m[1]);
    osl = Number(m[2]);
    const point = toPoint(json, Number(m[3]));
    const verdict = verdicts.get(point.concurrency);
    points.push(verdict ? { ...point, ...verdict } : point);
  }
  points.sort((a, b) => a.concurrency - b.concurrency);
  const root = await findJobRoot(dir);
  const jobId = root ? basename(root) : undefined;
  const recipe = root ? await readFile(join(root, 'config.yaml'), 'utf8').catch(() => undefined) : undefined;
  const meta = root && jobId ? await readJson(join(root, `${jobId}.json`)) : undefined;
  const name = typeof meta?.['job_name'] === 'string' ? meta['job_name'] : recipe ? recipeName(recipe) : undefined;
  const gpus = (recipe ? gpusFromRecipe(recipe) : undefined) ?? gpusFromMetadata(meta);
  const tags = Array.isArray(meta?.['tags']) ? (meta['tags'] as unknown[]).map(String) : undefined;
  return {
    label: `${name && jobId ? `${name} (${jobId})` : (jobId ?? resultDirLabel(dir))}${stepSuffix(dir)}`,
    dir,
    isl,
    osl,
    points,
    ...(jobId ? { jobId } : {}),
    ...(gpus ? { gpus } : {}),
    ...(recipe ? { recipe } : {}),
    ...(tags && tags.length > 0 ? { tags } : {}),
    ...(slo ? { slo } : {}),
    ...(typeof rollup?.['valid'] === 'boolean' ? { valid: rollup['valid'] } : {}),
    ...(typeof rollup?.['reason'] === 'string' && rollup['reason'] ? { reason: rollup['reason'] } : {}),
  };
}

/** Per-concurrency validity from a rollup's rows (`valid`, `reason`). */
function rollupVerdicts(rollup: Record<string, unknown> | undefined): ReadonlyMap<number, { readonly valid: boolean; readonly invalidReason?: string }> {
  const rows = Array.isArray(rollup?.['runs']) ? (rollup['runs'] as unknown[]) : [];
  const out = new Map<number, { readonly valid: boolean; readonly invalidReason?: string }>();
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const r = row as Record<string, unknown>;
    if (typeof r['concurrency'] !== 'number' || typeof r['valid'] !== 'boolean') continue;
    out.set(r['concurrency'], r['valid'] ? { valid: true } : { valid: false, invalidReason: typeof r['reason'] === 'string' ? r['reason'] : 'failed the validity gate' });
  }
  return out;
}

const goodputOf = (g: number | undefined): { readonly goodput?: number } => (g === undefined ? {} : { goodput: g });

function repeatsOf(raw: unknown): { readonly repeats?: number; readonly outputThroughputCi95?: number } {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const ci = (r['output_throughput'] as Record<string, unknown> | undefined)?.['ci95'];
  return typeof r['n'] === 'number' && typeof ci === 'number' ? { repeats: r['n'], outputThroughputCi95: ci } : {};
}

function toSlo(doc: Record<string, unknown> | undefined): ReportSlo | undefined {
  if (doc === undefined || typeof doc['slo'] !== 'object' || doc['slo'] === null) return undefined;
  const answer = doc['answer'] as Record<string, unknown> | null | undefined;
  return {
    limits: doc['slo'] as Record<string, number>,
    search: String(doc['search'] ?? 'concurrency'),
    answer: typeof answer?.['load'] === 'number' ? answer['load'] : null,
    goodput: typeof answer?.['goodput'] === 'number' ? answer['goodput'] : null,
    probes: Array.isArray(doc['probes']) ? doc['probes'].length : 0,
    ended: String(doc['ended'] ?? ''),
  };
}

/** ` #2` for the results of the second benchmark of a list (`logs/bench_2/…`). */
function stepSuffix(dir: string): string {
  const m = /^bench_(\d+)$/.exec(basename(dirname(dir)));
  return m ? ` #${m[1]}` : '';
}

/** A result directory without a job around it: `<job dir>/logs/<results>` is named after the job directory. */
function resultDirLabel(dir: string): string {
  const up = /^bench_\d+$/.test(basename(dirname(dir))) ? dirname(dir) : dir;
  return basename(dirname(up)) === 'logs' ? basename(dirname(dirname(up))) : basename(dir);
}

function num(json: Record<string, unknown>, key: string): number | undefined {
  const v = json[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function latency(json: Record<string, unknown>, m: string): ReportLatency {
  const p90 = num(json, `p90_${m}_ms`);
  return {
    mean: num(json, `mean_${m}_ms`) ?? 0,
    p50: num(json, `median_${m}_ms`) ?? 0,
    p99: num(json, `p99_${m}_ms`) ?? 0,
    ...(p90 === undefined ? {} : { p90 }),
  };
}

function toPoint(json: Record<string, unknown>, concurrency: number): ReportPoint {
  const completed = num(json, 'completed') ?? 0;
  const numPrompts = num(json, 'num_prompts') ?? completed;
  return {
    concurrency: num(json, 'max_concurrency') ?? concurrency,
    completed,
    failed: num(json, 'failed') ?? Math.max(0, numPrompts - completed),
    requestThroughput: num(json, 'request_throughput') ?? 0,
    outputThroughput: num(json, 'output_throughput') ?? 0,
    ttft: latency(json, 'ttft'),
    tpot: latency(json, 'tpot'),
    itl: latency(json, 'itl'),
    e2el: latency(json, 'e2el'),
    clientOverloaded: json['client_overloaded'] === true,
    ...goodputOf(num(json, 'request_goodput:')),
    ...repeatsOf(json['repeats']),
  };
}

/** The top-level `name` of a job's config.yaml; undefined when it has none or does not parse. */
function recipeName(text: string): string | undefined {
  try {
    const name = (parseYaml(text) as { readonly name?: unknown } | null)?.name;
    return name === undefined || name === null ? undefined : String(name);
  } catch {
    return undefined;
  }
}

function gpusFromRecipe(text: string): number | undefined {
  try {
    const { config } = parseConfig(text, { source: 'config.yaml' });
    const r = config.resources;
    const d = deriveResources(r);
    const gpus = d.isDisaggregated ? d.prefillGpus + d.decodeGpus : (r.agg_nodes ?? 1) * r.gpus_per_node;
    return gpus > 0 ? gpus : undefined;
  } catch {
    return undefined;
  }
}

function gpusFromMetadata(meta: Record<string, unknown> | undefined): number | undefined {
  const r = meta?.['resources'] as Record<string, unknown> | undefined;
  if (!r) return undefined;
  const g = Number(r['gpus_per_node'] ?? 0);
  const nodes = Number(r['prefill_nodes'] ?? 0) + Number(r['decode_nodes'] ?? 0);
  return nodes > 0 && g > 0 ? nodes * g : undefined;
}
