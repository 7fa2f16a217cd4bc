import { isMap } from '../_is-map.ts';
import { applyClusterDefaults } from '../cluster/apply-cluster-defaults.ts';
import type { ClusterConfig } from '../cluster/cluster-schema.ts';
import type { BackendSchemas } from '../config/backend-schemas.ts';
import { ConfigError, locateIssues, type IssueLocator, type LocatedIssue } from '../config/config-error.ts';
import { LIMITS } from '../config/limits.ts';
import type { SrtConfig } from '../config/schema.ts';
import { validateConfigDocument } from '../config/validate-config.ts';
import { SrtError } from '../errors.ts';
import { pyStr } from '../format/py-str.ts';
import { expandTemplate } from './expand-template.ts';
import { parseSweepSpec } from './parse-sweep-spec.ts';
import { iterateSweepCombinations, sweepLimitMessage, sweepSize } from './sweep-combinations.ts';
import { unquotedPlaceholderWarnings } from './unquoted-placeholder-warnings.ts';

/** One generated job of a sweep. */
export interface SweepJob {
  /** 1-based position in the sweep. */
  readonly index: number;
  /** `<name>_<param><value>...` (the recipe's `name` as written, placeholders included). */
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The validated config as a plain document (no null fields): render it with `renderConfigYaml` and it re-loads. */
  readonly document: Readonly<Record<string, unknown>>;
  readonly config: SrtConfig;
  /** Warnings for this job (`file:line:col path: message`). */
  readonly warnings: readonly string[];
}

export interface ExpandSweepOptions {
  readonly cluster?: ClusterConfig | undefined;
  readonly backends?: BackendSchemas | undefined;
  /** File name used in messages (default `sweep`). */
  readonly source?: string;
  /** Finds paths in the sweep file's source so problems carry line and column. */
  readonly locate?: IssueLocator | undefined;
}

/**
 * True when a document is a sweep file: a map with a top-level `sweep:` key.
 *
 * @example if (isSweepDocument(parseYaml(text))) console.log('one job per sweep combination');
 */
export function isSweepDocument(doc: unknown): doc is Readonly<Record<string, unknown>> & { readonly sweep: unknown } {
  return isMap(doc) && Object.hasOwn(doc, 'sweep');
}

/**
 * Expands a sweep file into validated jobs (config.md §13, with `mode: zip|grid` and
 * `parameters:` honoured). Every job is validated; problems of all jobs are reported
 * together (`SRT_CONFIG_INVALID`), each naming the jobs it affects.
 *
 * @example expandSweep(doc, { cluster }).map((job) => job.name)
 */
export function expandSweep(document: unknown, opts: ExpandSweepOptions = {}): readonly SweepJob[] {
  if (!isSweepDocument(document)) {
    throw new SrtError('SRT_SWEEP_INVALID', "Sweep config must have a 'sweep' section: add `sweep: { param: [values] }`, or load the file as a single recipe");
  }
  const source = opts.source ?? 'sweep';
  const doc = applyClusterDefaults(document, opts.cluster) as Readonly<Record<string, unknown>>;
  const { sweep, ...template } = doc;
  const spec = parseSweepSpec(sweep);
  const names = spec.parameters.map(([name]) => name);
  const docWarnings = unquotedPlaceholderWarnings(template, names, source, opts.locate);
  const failures = new Map<string, { issue: LocatedIssue; jobs: number[] }>();
  const jobs: SweepJob[] = [];
  const size = sweepSize(spec.parameters, spec.mode);
  if (size > LIMITS.sweepJobs) {
    const issue = { path: ['sweep'], message: sweepLimitMessage(size, spec.mode), atKey: true };
    throw new ConfigError('SRT_LIMIT_SWEEP', source, locateIssues([issue], opts.locate));
  }
  // One combination at a time: only the validated jobs are kept, never a second copy of the sweep.
  let index = 0;
  for (const params of iterateSweepCombinations(spec.parameters, spec.mode)) {
    index += 1;
    const name = [pyStr(template['name']), ...Object.entries(params).map(([k, x]) => `${k}${pyStr(x)}`)].join('_');
    const expanded = { ...(expandTemplate(template, params) as Record<string, unknown>), name };
    try {
      const { config, warnings } = validateConfigDocument(expanded, { source, locate: opts.locate, backends: opts.backends });
      const document = config as Readonly<Record<string, unknown>>;
      jobs.push({ index, name, params, document, config, warnings: [...docWarnings, ...warnings] });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const issue of e.issues) {
        const key = JSON.stringify(issue);
        const entry = failures.get(key) ?? { issue, jobs: [] };
        entry.jobs.push(index);
        failures.set(key, entry);
      }
    }
  }
  if (failures.size > 0) {
    const issues = [...failures.values()].map(({ issue, jobs: js }) => ({ ...issue, message: `${issue.message} (sweep job${js.length > 1 ? 's' : ''} ${js.join(', ')})` }));
    throw new ConfigError('SRT_CONFIG_INVALID', source, issues, ` (sweep of ${size} jobs)`);
  }
  return jobs;
}
