import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { thrown } from './_errors.ts';
import { parseConfig } from './parse-config.ts';
import { renderConfigYaml } from './render-config-yaml.ts';

const BASE = `name: job
model:
  path: /models/ds
  container: /c/sglang.sqsh
  precision: fp8
resources:
  gpu_type: h100
  gpus_per_node: 8
  prefill_nodes: 1
  decode_nodes: 1
  prefill_workers: 1
  decode_workers: 1
`;

const parse = (text: string, opts: Partial<Parameters<typeof parseConfig>[1]> = {}) =>
  parseConfig(text, { source: 'r.yaml', ...opts });

describe('parseConfig', () => {
  it('fills every default of a minimal recipe', () => {
    const { config, warnings } = parse(BASE);
    expect(warnings).toStrictEqual([]);
    expect(config).toMatchInlineSnapshot(`
      {
        "backend": {
          "type": "sglang",
        },
        "benchmark": {
          "req_rate": "inf",
          "type": "manual",
        },
        "container_mounts": {},
        "enable_config_dump": true,
        "environment": {},
        "frontend": {
          "enable_multiple_frontends": true,
          "num_additional_frontends": 9,
          "use_sglang_router": false,
        },
        "health_check": {
          "frontend_timeout_seconds": 1200,
          "head_services_timeout_seconds": 1200,
          "interval_seconds": 10,
          "max_attempts": 180,
        },
        "model": {
          "container": "/c/sglang.sqsh",
          "path": "/models/ds",
          "precision": "fp8",
        },
        "name": "job",
        "output": {
          "log_dir": "./outputs/{job_id}/logs",
        },
        "profiling": {
          "type": "none",
        },
        "resources": {
          "decode_nodes": 1,
          "decode_workers": 1,
          "gpu_type": "h100",
          "gpus_per_node": 8,
          "prefill_nodes": 1,
          "prefill_workers": 1,
        },
        "sbatch_directives": {},
        "slurm": {},
        "srun_options": {},
      }
    `);
  });

  it('coerces the scalars the reference accepts', () => {
    const text = `${BASE}frontend:\n  use_sglang_router: "yes"\n  enable_multiple_frontends: off\nhealth_check:\n  max_attempts: "30"\n`;
    const { config } = parse(text);
    expect([config.frontend.use_sglang_router, config.frontend.enable_multiple_frontends, config.health_check.max_attempts]).toStrictEqual([true, false, 30]);
  });

  it('treats null as "use the default"', () => {
    expect(parse(`${BASE}frontend: null\nbenchmark:\n  type: null\n`).config.benchmark.type).toBe('manual');
  });

  it('reports every problem at once with file, line, column and path', () => {
    const text = `name: 5
model:
  path: /m
  containr: x
  precision: fp8
resources:
  gpu_type: h100
  gpus_per_nod: 8
  gpus_per_node: 4.5
  prefill_nodes: 1
  decode_nodes: "two"
environment:
  PYTHONUNBUFFERED: 1
slurm: [1]
`;
    const err = thrown(() => parse(text));
    expect(err.code).toBe('SRT_CONFIG_INVALID');
    expect(err.message).toBe('r.yaml has 8 problems');
    expect(err.details).toMatchInlineSnapshot(`
      [
        "r.yaml:1:7 name: expected a string, got the number 5 (quote it, e.g. "5")",
        "r.yaml:2:1 model.container: required key is missing",
        "r.yaml:4:3 model.containr: unknown key; did you mean \`container\`?",
        "r.yaml:8:3 resources.gpus_per_nod: unknown key; did you mean \`gpus_per_node\`?",
        "r.yaml:9:18 resources.gpus_per_node: expected a whole number, got 4.5 (fractions are not truncated)",
        "r.yaml:11:17 resources.decode_nodes: expected a whole number (for example 8), got the string "two"",
        "r.yaml:13:21 environment.PYTHONUNBUFFERED: expected a string, got the number 1 (quote it, e.g. "1")",
        "r.yaml:14:1 slurm: expected a map of key: value, got a list",
      ]
    `);
  });

  it('reads time limits as PyYAML does: 04:00:00 and 01:30 stay strings, 4:00:00 is a number', () => {
    expect(parse(`${BASE}slurm:\n  time_limit: 04:00:00\n`).config.slurm.time_limit).toBe('04:00:00');
    expect(parse(`${BASE}slurm:\n  time_limit: 01:30\n`).config.slurm.time_limit).toBe('01:30');
    expect(thrown(() => parse(`${BASE}slurm:\n  time_limit: 4:00:00\n`)).details).toStrictEqual([
      'r.yaml:14:15 slurm.time_limit: expected a string, got 4:00:00, which YAML reads as the number 14400 (quote it: "4:00:00")',
    ]);
  });

  it('rejects a sweep file with a pointer to the sweep loader', () => {
    const err = thrown(() => parse(`${BASE}sweep:\n  a: [1, 2]\n`));
    expect(err.details).toStrictEqual([
      'r.yaml:13:1 sweep: `sweep:` makes this a sweep file: expand it with `srtctl apply --sweep` (or `loadSweep`/`expandSweep`) instead of loading it as one recipe',
    ]);
  });

  it('applies cluster defaults and aliases before validating', () => {
    const text = BASE.replace('/models/ds', 'dsfp4').replace('/c/sglang.sqsh', 'latest') + 'slurm:\n  partition: batch\n';
    const cluster = {
      default_account: 'acct',
      default_partition: 'gpu',
      default_time_limit: '01:00:00',
      model_paths: { dsfp4: '/models/dsfp4' },
      containers: { latest: '/c/latest.sqsh' },
    };
    const { config } = parse(text, { cluster: cluster as never });
    expect(config.slurm).toStrictEqual({ account: 'acct', partition: 'batch', time_limit: '01:00:00' });
    expect(config.model).toStrictEqual({ path: '/models/dsfp4', container: '/c/latest.sqsh', precision: 'fp8' });
  });

  it('warns about accepted fields that have no effect', () => {
    const { warnings } = parse(`${BASE}enable_config_dump: false\nbackend:\n  gpu_type: h100\n`);
    expect(warnings).toStrictEqual([
      'r.yaml:13:1 enable_config_dump: accepted for compatibility but has no effect; you can delete it',
      'r.yaml:15:3 backend.gpu_type: accepted for compatibility but has no effect; you can delete it',
    ]);
  });

  it('round-trips through renderConfigYaml', () => {
    const { config } = parse(`${BASE}benchmark:\n  type: sa-bench\n  concurrencies: "4x8"\nenvironment:\n  A: "yes"\n  B: "04:00:00"\n  C: "1"\n`);
    expect(parse(renderConfigYaml(config)).config).toStrictEqual(config);
  });
});

describe('parseConfig with backend schemas', () => {
  const sglang = v.strictObject({
    type: v.literal('sglang'),
    prefill_environment: v.optional(v.record(v.string(), v.string()), {}),
    sglang_config: v.optional(v.record(v.string(), v.unknown())),
  });
  const mock = v.strictObject({ type: v.literal('mock'), latency_ms: v.optional(v.number(), 5) });
  const backends = { sglang: { schema: sglang }, mock: { schema: mock } };

  it('validates the backend section with the schema of its type and keeps its output', () => {
    expect(parse(BASE, { backends }).config.backend).toStrictEqual({ type: 'sglang', prefill_environment: {} });
    expect(parse(`${BASE}backend:\n  type: mock\n`, { backends }).config.backend).toStrictEqual({ type: 'mock', latency_ms: 5 });
  });

  it('reports backend problems under backend. paths', () => {
    const err = thrown(() => parse(`${BASE}backend:\n  prefill_enviroment: {}\n  decode_x: 1\n  prefill_environment:\n    A: 1\n`, { backends }));
    expect(err.details).toMatchInlineSnapshot(`
      [
        "r.yaml:14:3 backend.prefill_enviroment: unknown key; did you mean \`prefill_environment\`?",
        "r.yaml:15:3 backend.decode_x: unknown key; allowed keys: type, prefill_environment, sglang_config",
        "r.yaml:17:8 backend.prefill_environment.A: expected a string, got the number 1",
      ]
    `);
  });

  it('lists the known backend types for an unknown one', () => {
    const err = thrown(() => parse(`${BASE}backend:\n  type: vllm\n`, { backends }));
    expect(err.details).toStrictEqual(['r.yaml:14:9 backend.type: unknown backend type "vllm"; known types: mock, sglang']);
  });
});
