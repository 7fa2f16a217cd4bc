import { resolve } from 'node:path';
import { backendSchemas } from '@srt/backends/plan';
import { customBenchmarkWarnings } from '@srt/benchmarks/plan';
import {
  type AppliedEdit,
  applyClusterDefaults,
  applyDocumentEdits,
  checkOverrideStructure,
  ConfigError,
  type DocumentEdit,
  type Env,
  editFor,
  expandOverrides,
  expandSweep,
  formatIssueLine,
  type IssueLocator,
  isOverrideDocument,
  isSrtError,
  isSweepDocument,
  type LoadedCluster,
  loadClusterConfig,
  locateIssues,
  type OverrideSelector,
  type OverrideVariant,
  parseYaml,
  parseYamlSource,
  readTextFile,
  selectorText,
  type SrtConfig,
  SrtError,
  validateConfigDocument,
  variantSourcePath,
} from '@srt/core';

/** One job of a recipe: the recipe itself, one point of its sweep, or one variant of an override file. */
export interface RecipeJob {
  /** 1-based position among the recipe's jobs (1 for a single recipe). */
  readonly index: number;
  readonly name: string;
  /** Sweep parameters of this job (empty outside sweeps). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly config: SrtConfig;
  /** The override-file variant this job comes from (`lowmem`, `dn_0`); absent for other files. */
  readonly variant?: { readonly label: string; readonly suffix: string };
  /** The `--set`/`--unset` edits applied to this job's document, in order. */
  readonly appliedOverrides: readonly AppliedEdit[];
}

/** A recipe file (or standard input) with its jobs validated. */
export interface Recipe {
  /** Absolute path, or `-` for standard input. */
  readonly path: string;
  /** The path as given on the command line (without a selector), or `-`. */
  readonly given: string;
  /** The selector of `-f FILE:SELECTOR`, as written (override files). */
  readonly selector: string | undefined;
  /** `single`, `sweep` (a top-level `sweep:`), or `override` (a top-level `base:`). */
  readonly kind: 'single' | 'sweep' | 'override';
  /** True when the file yields a list of jobs (sweep or override file). */
  readonly isSweep: boolean;
  /** The raw document as written (before defaults). */
  readonly rawDocument: unknown;
  /** The file's text as read (copied to `source.yaml` for override files). */
  readonly text: string;
  /** Raw top-level `name` (base's for override files). */
  readonly name: string;
  readonly cluster: LoadedCluster | undefined;
  readonly jobs: readonly RecipeJob[];
  readonly warnings: readonly string[];
}

/** The file as plain data, read as the reference reads recipes (YAML 1.1); `undefined` when it does not parse. */
export function rawDocument(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}

type RecipeEnv = Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile' | 'fileSize'>;

export interface LoadRecipeOptions {
  readonly forceSweep?: boolean;
  /** `-f FILE:SELECTOR` for override files. */
  readonly selector?: OverrideSelector | undefined;
  /** `--set`/`--unset`, applied to each (variant) document before cluster defaults. */
  readonly edits?: readonly DocumentEdit[];
  /** The recipe text when it does not come from a file (`-f -`: standard input). */
  readonly text?: string;
  /** A cluster file already loaded (`null`: do not look for one). */
  readonly cluster?: LoadedCluster | null;
}

/** One document to validate: the file itself, or one override variant. */
interface Unit {
  readonly label: string | undefined;
  readonly variant: OverrideVariant | undefined;
  readonly document: Readonly<Record<string, unknown>>;
  readonly locate: IssueLocator;
}

function rawName(doc: unknown): string {
  const named = isOverrideDocument(doc) ? doc.base : doc;
  return typeof named === 'object' && named !== null ? String((named as { name?: unknown }).name ?? '') : '';
}

/** Problem lines of one unit, with edits named as the location of what they wrote. */
function problemLines(e: ConfigError, source: string, edits: readonly DocumentEdit[]): string[] {
  return e.issues.map((issue) => {
    const edit = edits.length === 0 ? undefined : editFor(edits, issue.path === '(root)' ? [] : issue.path.split('.'));
    if (edit === undefined) return formatIssueLine(source, issue);
    return `--${edit.edit.op} #${edit.number} (${edit.edit.arg}) ${issue.path}: ${issue.message}`;
  });
}

function jobsOf(unit: Unit, o: { readonly source: string; readonly cluster: LoadedCluster | undefined; readonly forceSweep: boolean; readonly edits: readonly DocumentEdit[] }) {
  const edited = applyDocumentEdits(unit.document, o.edits);
  const locate: IssueLocator = (path, atKey) => (o.edits.length > 0 && editFor(o.edits, path) !== undefined ? undefined : unit.locate(path, atKey));
  const cluster = o.cluster?.config;
  const variant = unit.variant === undefined ? {} : { variant: { label: unit.variant.label, suffix: unit.variant.suffix } };
  if (o.forceSweep || isSweepDocument(edited.document)) {
    const sweep = expandSweep(edited.document, { cluster, backends: backendSchemas, source: o.source, locate });
    return {
      jobs: sweep.map((j) => ({ name: j.name, params: j.params, config: j.config, appliedOverrides: edited.applied, ...variant })),
      warnings: [...edited.warnings, ...sweep.flatMap((j) => [...j.warnings, ...customBenchmarkWarnings(j.config)])],
    };
  }
  const document = applyClusterDefaults(edited.document, cluster);
  const { config, warnings } = validateConfigDocument(document, { source: o.source, locate, backends: backendSchemas });
  const all = [...edited.warnings, ...warnings, ...customBenchmarkWarnings(config)];
  return { jobs: [{ name: config.name, params: {}, config, appliedOverrides: edited.applied, ...variant }], warnings: all };
}

/** Reads the recipe text: the given text (stdin) or the file. */
async function readText(file: string, env: RecipeEnv, text: string | undefined): Promise<{ readonly path: string; readonly source: string; readonly text: string }> {
  if (file === '-') {
    const t = text ?? '';
    if (t.trim() === '') throw new SrtError('SRT_CONFIG_INVALID', '<stdin>: no YAML received on standard input');
    return { path: '-', source: '<stdin>', text: t };
  }
  const path = resolve(env.cwd, file);
  if (!(await env.fileExists(path))) throw new SrtError('SRT_CONFIG_NOT_FOUND', `Config not found: ${file} (looked for ${path})`);
  return { path, source: file, text: text ?? (await readTextFile(env, path, 'recipe', file)) };
}

/**
 * Loads a recipe: a single job, every job of a sweep (a top-level `sweep:`, or
 * `forceSweep`), or every selected variant of an override file (a top-level `base:`), each
 * variant then expanded by its own `sweep:` (variants-and-workflows §1.6). `--set`/`--unset`
 * edits apply to each (variant) document before cluster defaults. Every job is validated
 * before this returns; the problems of all jobs are reported together, so nothing is
 * submitted half-way.
 *
 * @example const recipe = await loadRecipe('recipes/dsr1-disagg.yaml', ctx.env, { selector: 'override_tp8' }); recipe.jobs.length // → 1
 */
export async function loadRecipe(file: string, env: RecipeEnv, opts: LoadRecipeOptions = {}): Promise<Recipe> {
  const [{ path, source, text }, cluster] = await Promise.all([
    readText(file, env, opts.text),
    opts.cluster === null ? Promise.resolve(undefined) : opts.cluster === undefined ? loadClusterConfig(env) : Promise.resolve(opts.cluster),
  ]);
  const yaml = parseYamlSource(text);
  if (yaml.issues.length > 0) throw new ConfigError(yaml.code ?? 'SRT_CONFIG_INVALID', source, locateIssues(yaml.issues));
  const raw = yaml.value;
  const edits = opts.edits ?? [];
  const duplicates = locateIssues(yaml.warnings).map((w) => formatIssueLine(source, w));
  const isOverride = isOverrideDocument(raw);
  let units: Unit[];
  if (isOverride) {
    const structure = checkOverrideStructure(raw);
    if (structure.length > 0) throw new ConfigError('SRT_CONFIG_INVALID', source, locateIssues(structure, yaml.locate), ' (override file)');
    units = expandOverrides(raw, opts.selector, source).map((v) => ({
      label: v.label,
      variant: v,
      document: v.document,
      locate: (p, atKey) => yaml.locate(variantSourcePath(raw, v, p), atKey),
    }));
  } else {
    if (opts.selector !== undefined) throw new SrtError('SRT_USAGE', `a selector was given, but ${source} has no base: key (it is not an override file)`);
    const doc = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Readonly<Record<string, unknown>>;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      // Let the validator report the shape problem with its usual message.
      validateConfigDocument(raw, { source, locate: yaml.locate, backends: backendSchemas });
    }
    units = [{ label: undefined, variant: undefined, document: doc, locate: yaml.locate }];
  }
  const forceSweep = opts.forceSweep === true;
  const problems = new Map<string, string[]>();
  const jobs: Omit<RecipeJob, 'index'>[] = [];
  const warnings: string[] = [...(cluster?.warnings ?? []), ...duplicates];
  for (const unit of units) {
    try {
      const r = jobsOf(unit, { source, cluster, forceSweep, edits });
      jobs.push(...r.jobs);
      warnings.push(...r.warnings);
    } catch (e) {
      if (!isSrtError(e)) throw e;
      const lines = e instanceof ConfigError ? problemLines(e, source, edits) : [e.message, ...e.details];
      for (const line of lines) problems.set(line, [...(problems.get(line) ?? []), ...(unit.label === undefined ? [] : [unit.label])]);
    }
  }
  if (problems.size > 0) {
    const details = [...problems.entries()].map(([line, labels]) => (labels.length === 0 ? line : `${line} (${labels.join(', ')})`));
    const n = details.length;
    throw new SrtError('SRT_CONFIG_INVALID', `${source}${isOverride ? ' (override file)' : ''} has ${n} problem${n === 1 ? '' : 's'}`, { details });
  }
  if (isOverride) checkUniqueNames(jobs, source);
  const kind = isOverride ? 'override' : forceSweep || jobs.length > 1 || isSweepDocument(raw) ? 'sweep' : 'single';
  return {
    path,
    given: file,
    selector: opts.selector === undefined ? undefined : selectorText(opts.selector),
    kind,
    isSweep: kind !== 'single',
    rawDocument: raw,
    text,
    name: rawName(raw),
    cluster,
    jobs: jobs.map((j, i) => ({ ...j, index: i + 1 })),
    warnings: [...new Set(warnings)],
  };
}

/** Two jobs with one name would write over each other's results (quirk V3). */
function checkUniqueNames(jobs: readonly Omit<RecipeJob, 'index'>[], source: string): void {
  const first = new Map<string, number>();
  const details: string[] = [];
  jobs.forEach((j, i) => {
    const earlier = first.get(j.name);
    if (earlier === undefined) first.set(j.name, i);
    else {
      const a = jobs[earlier]!;
      details.push(`jobs ${earlier + 1} and ${i + 1} are both named ${j.name} (${a.variant?.label ?? ''}, ${j.variant?.label ?? ''}): rename one`);
    }
  });
  if (details.length > 0) throw new SrtError('SRT_CONFIG_INVALID', `${source} (override file) has duplicate job names`, { details });
}
