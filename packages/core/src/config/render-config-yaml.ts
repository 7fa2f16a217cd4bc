import { stringify } from 'yaml';

/**
 * A config (or any plain document) as YAML that `parseConfig` reads back to the same
 * config: strings are quoted wherever YAML 1.1 would read them as something else
 * (`"yes"`, `"04:00:00"`, `"0.9"`). A validated config has no null fields, so none are
 * written (fix C2).
 *
 * @example parseConfig(renderConfigYaml(config), { source: 'copy.yaml' }).config // equals config
 */
export function renderConfigYaml(config: unknown): string {
  return stringify(config, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}
