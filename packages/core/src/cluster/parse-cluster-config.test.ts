import { describe, expect, it } from 'vitest';
import { thrown } from '../config/_errors.ts';
import { parseClusterConfig } from './parse-cluster-config.ts';

const parse = (text: string) => parseClusterConfig(text, { source: 'srtslurm.yaml' });

describe('parseClusterConfig', () => {
  it('reads every field and fills defaults', () => {
    const { config, warnings } = parse(`default_account: acct
default_partition: gpu
default_time_limit: "04:00:00"
use_segment_sbatch_directive: false
srtctl_root: /opt/srtctl
model_paths: { ds: /models/ds }
containers: { latest: /c/latest.sqsh }
cloud: { bucket: s3://x }
container_runtime: none
nats_binary: /opt/bin/nats-server
etcd_binary: /opt/bin/etcd
`);
    expect(warnings).toStrictEqual([]);
    expect(config).toStrictEqual({
      default_account: 'acct',
      default_partition: 'gpu',
      default_time_limit: '04:00:00',
      use_gpus_per_node_directive: true,
      use_segment_sbatch_directive: false,
      srtctl_root: '/opt/srtctl',
      model_paths: { ds: '/models/ds' },
      containers: { latest: '/c/latest.sqsh' },
      cloud: { bucket: 's3://x' },
      container_runtime: 'none',
      nats_binary: '/opt/bin/nats-server',
      etcd_binary: '/opt/bin/etcd',
    });
  });

  it('defaults to pyxis and both directives for an empty file', () => {
    expect(parse('# nothing yet\n').config).toStrictEqual({
      use_gpus_per_node_directive: true,
      use_segment_sbatch_directive: true,
      container_runtime: 'pyxis',
    });
  });

  it('warns about keys that have no effect', () => {
    expect(parse('gpus_per_node: 4\nnetwork_interface: eth0\n').warnings).toStrictEqual([
      'srtslurm.yaml:1:1 gpus_per_node: accepted for compatibility but has no effect: recipes set `resources.gpus_per_node`',
      'srtslurm.yaml:2:1 network_interface: accepted for compatibility but has no effect: node addresses come from SLURM (scontrol NodeAddr)',
    ]);
  });

  it('rejects default_container with what to do instead (quirk C1)', () => {
    const err = thrown(() => parse('default_account: a\ndefault_container: /c.sqsh\n'));
    expect(err.code).toBe('SRT_CLUSTER_INVALID');
    expect(err.message).toBe('srtslurm.yaml has 1 problem');
    expect(err.details).toStrictEqual([
      'srtslurm.yaml:2:1 default_container: `default_container` is not supported: set `model.container` in each recipe, or add a `containers` alias (e.g. `containers: { latest: /path/image.sqsh }` and `container: latest`), then delete this key',
    ]);
  });

  it('reports every problem with line and key', () => {
    const err = thrown(() => parse('default_acount: a\ncontainer_runtime: docker\ncontainers: [a]\nuse_segment_sbatch_directive: maybe\n'));
    expect(err.details).toMatchInlineSnapshot(`
      [
        "srtslurm.yaml:1:1 default_acount: unknown key; did you mean \`default_account\`?",
        "srtslurm.yaml:2:20 container_runtime: expected "pyxis" or "none"",
        "srtslurm.yaml:3:1 containers: expected a map of key: value, got a list",
        "srtslurm.yaml:4:31 use_segment_sbatch_directive: expected true or false, got the string "maybe"",
      ]
    `);
  });

  it.each([
    ['- a\n', 'srtslurm.yaml:1:1 (root): srtslurm.yaml must be a map of settings (default_account, containers, ...), got a list'],
    ['a: [\n', 'srtslurm.yaml:2:1 (root): YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('rejects the malformed file %j', (text, line) => {
    expect(thrown(() => parse(text)).details).toStrictEqual([line]);
  });

  it('keeps the last value of a duplicated key with a warning, as the reference (PyYAML) reads it', () => {
    const { config, warnings } = parse('default_account: a\ndefault_account: b\n');
    expect([config.default_account, warnings]).toStrictEqual([
      'b',
      ['srtslurm.yaml:2:1 default_account: duplicate key: only its last value counts (the earlier one on line 1 is ignored); delete one of them'],
    ]);
  });
});
