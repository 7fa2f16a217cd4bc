import { ConfigError, formatIssueLine, locateIssues, type ConfigIssue } from '../config/config-error.ts';
import { checkSchema } from '../config/check-schema.ts';
import { parseYamlSource } from '../config/parse-yaml-source.ts';
import { describeValue } from '../config/scalars.ts';
import { ClusterConfigSchema, type ClusterConfig } from './cluster-schema.ts';

const DEFAULT_CONTAINER_MESSAGE =
  '`default_container` is not supported: set `model.container` in each recipe, or add a `containers` alias ' +
  '(e.g. `containers: { latest: /path/image.sqsh }` and `container: latest`), then delete this key';

const UNUSED: Readonly<Record<string, string>> = {
  gpus_per_node: 'accepted for compatibility but has no effect: recipes set `resources.gpus_per_node`',
  network_interface: 'accepted for compatibility but has no effect: node addresses come from SLURM (scontrol NodeAddr)',
};

/** A validated cluster file and its warnings. */
export interface ParsedCluster {
  readonly config: ClusterConfig;
  readonly warnings: readonly string[];
}

/**
 * Parses and validates `srtslurm.yaml` text. Pure. An empty file means "no settings".
 * Unlike the reference, any problem is an error (`SRT_CLUSTER_INVALID`) naming the file,
 * line and key, never a silently ignored file.
 *
 * @example const { config, warnings } = parseClusterConfig(text, { source: 'srtslurm.yaml' });
 */
export function parseClusterConfig(text: string, opts: { readonly source: string }): ParsedCluster {
  const yaml = parseYamlSource(text);
  const fail = (issues: readonly ConfigIssue[]): never => {
    throw new ConfigError(yaml.code ?? 'SRT_CLUSTER_INVALID', opts.source, locateIssues(issues, yaml.locate));
  };
  if (yaml.issues.length > 0) fail(yaml.issues);
  const doc = yaml.value ?? {};
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    fail([{ path: [], message: `srtslurm.yaml must be a map of settings (default_account, containers, ...), got ${describeValue(doc)}` }]);
  }
  const parsed = checkSchema(ClusterConfigSchema, doc);
  if (!parsed.success) {
    return fail(parsed.issues.map((i) => (i.atKey && i.path[0] === 'default_container' ? { ...i, message: DEFAULT_CONTAINER_MESSAGE } : i)));
  }
  const unused = Object.keys(UNUSED)
    .filter((key) => Object.hasOwn(doc as object, key))
    .map((key) => ({ path: [key], message: UNUSED[key]!, atKey: true }));
  const warnings = [...yaml.warnings, ...unused];
  return {
    config: parsed.output,
    warnings: locateIssues(warnings, yaml.locate).map((w) => formatIssueLine(opts.source, w)),
  };
}
