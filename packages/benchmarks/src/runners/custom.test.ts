import { describe, expect, it } from 'vitest';
import type { SrtConfig } from '@srt/core';
import { DEPLOYMENT, recipe } from '../../test/fixtures.ts';
import { customBenchmarkEnv, customBenchmarkWarnings, customResultProblems, customRunner } from './custom.ts';

describe('benchmark.type: custom', () => {
  const config: SrtConfig = recipe({ environment: { FROM: 'recipe', X: 'recipe' }, benchmark: { type: 'custom', command: 'curl $SRT_FRONTEND_HOST', env: { X: 'env' } } });
  const runtime = { nodeAddrs: new Map([['n1', '10.0.0.1'], ['n2', '10.0.0.2']]) };

  it('exports the environment contract in the spec order (Dynamo: system ports), benchmark.env last', () => {
    expect(customBenchmarkEnv(config, runtime, DEPLOYMENT)).toStrictEqual([
      ['SRT_PREFILL_IPS', '10.0.0.1'],
      ['SRT_PREFILL_ENDPOINTS', '10.0.0.1:8081'],
      ['SRT_DECODE_IPS', '10.0.0.2'],
      ['SRT_DECODE_ENDPOINTS', '10.0.0.2:8082'],
      ['SRTCTL_FRONTEND_TYPE', 'dynamo'],
      ['SRT_FRONTEND_HOST', '10.0.0.1'],
      ['SRT_FRONTEND_PORT', '8000'],
      ['FROM', 'recipe'],
      ['X', 'recipe'],
      ['AIPERF_SERVER_METRICS_URLS', 'http://10.0.0.1:8081/metrics,http://10.0.0.2:8082/metrics'],
      ['X', 'env'],
    ]);
  });

  it('uses HTTP ports behind the SGLang router', () => {
    const env = customBenchmarkEnv({ ...config, frontend: { ...config.frontend, use_sglang_router: true } }, runtime, DEPLOYMENT);
    expect(env.filter(([k]) => k.endsWith('ENDPOINTS') || k === 'SRTCTL_FRONTEND_TYPE')).toStrictEqual([
      ['SRT_PREFILL_ENDPOINTS', '10.0.0.1:30000'],
      ['SRT_DECODE_ENDPOINTS', '10.0.0.2:30001'],
      ['SRTCTL_FRONTEND_TYPE', 'sglang'],
    ]);
  });

  it('runs bash -lc with the command verbatim, in its own image when set; requires a command', () => {
    const plan = customRunner.plan({ ...config, benchmark: { ...config.benchmark, container_image: 'curl:latest' } }, { ...runtime } as never, DEPLOYMENT);
    expect([plan.argv, plan.container, plan.containerImage]).toStrictEqual([['bash', '-lc', 'curl $SRT_FRONTEND_HOST'], true, 'curl:latest']);
    expect(customRunner.validate({ ...config, benchmark: { ...config.benchmark, command: undefined } })).toStrictEqual([
      'benchmark.command: required for benchmark.type custom (the shell command to run against $SRT_FRONTEND_HOST:$SRT_FRONTEND_PORT)',
    ]);
  });

  it('warns about {placeholders} (V15) and custom keys on other types', () => {
    expect(customBenchmarkWarnings({ ...config, benchmark: { ...config.benchmark, command: 'curl {nginx_url}' } })).toStrictEqual([
      'benchmark.command contains {nginx_url}, which is passed to bash unchanged; use $SRT_FRONTEND_HOST:$SRT_FRONTEND_PORT',
    ]);
    expect(customBenchmarkWarnings({ ...config, benchmark: { ...config.benchmark, type: 'sa-bench' } })).toStrictEqual([
      'benchmark.command, benchmark.env only apply to benchmark.type custom (this recipe runs sa-bench): remove them',
    ]);
  });
});

describe('customResultProblems', () => {
  it('applies the validity gate to sa-bench-shaped results only', () => {
    const files = [
      { path: 'ok.json', json: { completed: 10, num_prompts: 10, total_output_tokens: 80 } },
      { path: 'short.json', json: { completed: 4, num_prompts: 10, total_output_tokens: 30 } },
      { path: 'failed.json', json: { completed: 8, failed: 2, num_prompts: 10, total_output_tokens: 30 } },
      { path: 'other.json', json: { anything: 1 } },
    ];
    expect(customResultProblems(files, 0)).toStrictEqual(['short.json: only 4 of 10 requests completed', 'failed.json: 2 of 10 requests failed, more than the 0 allowed']);
    expect(customResultProblems(files, 2)).toStrictEqual(['short.json: only 4 of 10 requests completed']);
  });
});
