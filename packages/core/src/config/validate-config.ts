import type { BackendSchemas } from './backend-schemas.ts';
import { ConfigError, locateIssues, formatIssueLine, type ConfigIssue, type IssueLocator } from './config-error.ts';
import type { ConfigRule, RuleInput } from './config-rule.ts';
import { checkSchema } from './check-schema.ts';
import { healthBudgetWarning } from './health-budget-warning.ts';
import { dynamoRule, frontendKeysWarning, frontendTypeRule } from './frontend-rules.ts';
import { profilingRule } from './profiling-rules.ts';
import { resourceLimitIssues } from './resource-limits.ts';
import { shellSafetyRule } from './shell-safety-rules.ts';
import { gpusPerWorkerRule, ignoredAggNodesWarning, workerCountRule, workerSizeWarning } from './resource-rules.ts';
import { describeValue } from './scalars.ts';
import { SrtConfigSchema, type SrtConfig } from './schema.ts';
import { stripNullFields } from './strip-null-fields.ts';
import { unusedFieldWarning } from './unused-field-warning.ts';

/** Cross-field checks that make a recipe invalid. */
export const CONFIG_RULES: readonly ConfigRule[] = [workerCountRule, gpusPerWorkerRule, profilingRule, frontendTypeRule, dynamoRule, shellSafetyRule];
/** Cross-field checks that only warn. */
export const CONFIG_WARNINGS: readonly ConfigRule[] = [workerSizeWarning, ignoredAggNodesWarning, unusedFieldWarning, healthBudgetWarning, frontendKeysWarning];

export interface ValidateConfigOptions {
  /** File name used in messages. */
  readonly source: string;
  /** Finds a path in the source text (absent for generated documents). */
  readonly locate?: IssueLocator | undefined;
  readonly backends?: BackendSchemas | undefined;
  /** Appended to the error message after the file name, e.g. ` (sweep job 2)`. */
  readonly label?: string | undefined;
}

/** A valid recipe and the warnings about it (`file:line:col path: message` lines). */
export interface ValidatedConfig {
  readonly config: SrtConfig;
  readonly warnings: readonly string[];
}

/**
 * Validates a plain recipe document (cluster defaults already applied): the schema, the
 * backend's own schema, then the cross-field rules. Throws a `ConfigError`
 * (`SRT_CONFIG_INVALID`) listing every problem.
 */
export function validateConfigDocument(document: unknown, opts: ValidateConfigOptions): ValidatedConfig {
  const fail = (issues: readonly ConfigIssue[]): never => {
    throw new ConfigError('SRT_CONFIG_INVALID', opts.source, locateIssues(issues, opts.locate), opts.label);
  };
  const shapeIssue = documentShapeIssue(document);
  if (shapeIssue !== undefined) fail([shapeIssue]);
  const doc = document as Record<string, unknown>;
  const limit = resourceLimitIssues(doc);
  if (limit !== undefined) throw new ConfigError(limit.code, opts.source, locateIssues(limit.issues, opts.locate), opts.label);
  const issues: ConfigIssue[] = [];
  let body = doc;
  if (Object.hasOwn(doc, 'sweep')) {
    const message = '`sweep:` makes this a sweep file: expand it with `srtctl apply --sweep` (or `loadSweep`/`expandSweep`) instead of loading it as one recipe';
    issues.push({ path: ['sweep'], message, atKey: true });
    const { sweep: _sweep, ...rest } = doc;
    body = rest;
  }
  body = normalizeBenchmarkList(body, issues);
  const parsed = checkSchema(SrtConfigSchema, body);
  issues.push(...parsed.issues);
  const backend = validateBackend(body['backend'], opts.backends, issues);
  if (issues.length > 0 || !parsed.success) return fail(issues);
  const typed = stripNullFields(SrtConfigSchema, parsed.output) as Record<string, unknown>;
  const config = (backend === undefined ? typed : { ...typed, backend }) as SrtConfig;
  const input: RuleInput = { config, document: body };
  const ruleIssues = CONFIG_RULES.flatMap((rule) => rule(input));
  if (ruleIssues.length > 0) fail(ruleIssues);
  const warnings = locateIssues(CONFIG_WARNINGS.flatMap((rule) => rule(input)), opts.locate);
  return { config, warnings: warnings.map((w) => formatIssueLine(opts.source, w)) };
}

/**
 * Several benchmarks (issue 15): `benchmark: [a, b]` and `benchmarks: [a, b]` both become
 * `benchmarks: [a, b]` with `benchmark: a`, so code reading `config.benchmark` sees the first.
 * Writing both is accepted only when `benchmark` is the first of `benchmarks` (a rendered config).
 */
function normalizeBenchmarkList(body: Record<string, unknown>, issues: ConfigIssue[]): Record<string, unknown> {
  const one = body['benchmark'];
  const many = body['benchmarks'];
  if (Array.isArray(one)) {
    if (many !== undefined) {
      issues.push({ path: ['benchmarks'], message: '`benchmark:` is already a list: write the benchmarks in one of `benchmark:` or `benchmarks:`', atKey: true });
      return body;
    }
    return normalizeBenchmarkList({ ...body, benchmark: undefined, benchmarks: one }, issues);
  }
  if (!Array.isArray(many)) return body;
  if (many.length === 0) {
    issues.push({ path: ['benchmarks'], message: 'list at least one benchmark (or remove `benchmarks:`)' });
    return body;
  }
  if (one !== undefined && one !== null && JSON.stringify(one) !== JSON.stringify(many[0])) {
    issues.push({ path: ['benchmark'], message: 'write the benchmarks either as `benchmark:` (one, or a list) or as `benchmarks:` (a list), not both', atKey: true });
    return body;
  }
  return { ...body, benchmark: many[0] };
}

function documentShapeIssue(document: unknown): ConfigIssue | undefined {
  if (document === undefined || document === null) {
    return { path: [], message: 'the file is empty: a recipe needs at least `name`, `model` and `resources`' };
  }
  if (typeof document !== 'object' || Array.isArray(document)) {
    return { path: [], message: `a recipe must be a map of sections (name, model, resources, ...), got ${describeValue(document)}` };
  }
  return undefined;
}

function validateBackend(raw: unknown, backends: BackendSchemas | undefined, issues: ConfigIssue[]): unknown {
  if (backends === undefined) return undefined;
  const section = raw ?? {};
  if (typeof section !== 'object' || Array.isArray(section)) return undefined;
  const type = (section as Record<string, unknown>)['type'] ?? 'sglang';
  if (typeof type !== 'string') return undefined;
  const backend = backends[type];
  if (backend === undefined) {
    const known = Object.keys(backends).sort().join(', ');
    issues.push({ path: ['backend', 'type'], message: `unknown backend type "${type}"; known types: ${known}` });
    return undefined;
  }
  const input = { ...section, type };
  const parsed = checkSchema(backend.schema, input, ['backend']);
  issues.push(...parsed.issues);
  return parsed.success ? stripNullFields(backend.schema, parsed.output) : undefined;
}
