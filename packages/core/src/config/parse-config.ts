import { applyClusterDefaults } from '../cluster/apply-cluster-defaults.ts';
import type { ClusterConfig } from '../cluster/cluster-schema.ts';
import type { BackendSchemas } from './backend-schemas.ts';
import { ConfigError, formatIssueLine, locateIssues } from './config-error.ts';
import { parseYamlSource } from './parse-yaml-source.ts';
import type { SrtConfig } from './schema.ts';
import { validateConfigDocument } from './validate-config.ts';

export interface ParseConfigOptions {
  /** File name shown in every message. */
  readonly source: string;
  /** Cluster file whose SLURM defaults and aliases apply (config.md §10). */
  readonly cluster?: ClusterConfig | undefined;
  /** Validates `backend:` with the schema of its `type` (paths prefixed `backend.`). */
  readonly backends?: BackendSchemas | undefined;
}

/** A valid recipe, its warnings, and the plain document it came from (cluster defaults applied). */
export interface ParsedConfig {
  readonly config: SrtConfig;
  readonly warnings: readonly string[];
  readonly document: unknown;
}

/**
 * Parses and validates recipe YAML text. Pure. Throws a `ConfigError`
 * (`SRT_CONFIG_INVALID`) whose `details` list every problem as `file:line:col path: message`.
 *
 * @example
 * const { config, warnings } = parseConfig(text, { source: 'recipe.yaml', cluster });
 */
export function parseConfig(text: string, opts: ParseConfigOptions): ParsedConfig {
  const yaml = parseYamlSource(text);
  if (yaml.issues.length > 0) throw new ConfigError(yaml.code ?? 'SRT_CONFIG_INVALID', opts.source, locateIssues(yaml.issues));
  const document = applyClusterDefaults(yaml.value, opts.cluster);
  const { config, warnings } = validateConfigDocument(document, {
    source: opts.source,
    locate: yaml.locate,
    ...(opts.backends === undefined ? {} : { backends: opts.backends }),
  });
  const duplicates = locateIssues(yaml.warnings).map((w) => formatIssueLine(opts.source, w));
  return { config, warnings: [...duplicates, ...warnings], document };
}
