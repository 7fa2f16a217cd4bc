import { backendSchemas } from '@srt/backends';
import { parseConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { createJobMetadata, formatDateTime, formatStamp, parseTags } from './job-metadata.ts';

const config = (extra = '') =>
  parseConfig(
    ['name: demo', 'model: {path: /m, container: /c.sqsh, precision: fp8}', 'resources: {gpu_type: h100, gpus_per_node: 8, agg_nodes: 2, agg_workers: 2}', 'benchmark: {type: manual}', extra].join('\n'),
    { source: 'demo.yaml', backends: backendSchemas },
  ).config;

describe('createJobMetadata', () => {
  it('keeps the keys of cli.md §5.3 in order, with raw node counts and derived worker counts', () => {
    const m = createJobMetadata(config(), { jobId: '7', generatedAt: '2025-01-02 03:04:05', tags: [] });
    expect(Object.keys(m)).toStrictEqual(['version', 'orchestrator', 'job_id', 'job_name', 'generated_at', 'model', 'resources', 'backend_type', 'use_sglang_router', 'benchmark']);
    expect(m.resources).toStrictEqual({ gpu_type: 'h100', gpus_per_node: 8, prefill_nodes: null, decode_nodes: null, prefill_workers: 0, decode_workers: 0, agg_workers: 2 });
    expect(m.benchmark).toStrictEqual({ type: 'manual', isl: null, osl: null });
  });

  it('adds tags and setup_script last, only when set', () => {
    const m = createJobMetadata(config('setup_script: s.sh'), { jobId: '7', generatedAt: '', tags: ['a'] });
    expect(Object.entries(m).slice(-2)).toStrictEqual([
      ['tags', ['a']],
      ['setup_script', 's.sh'],
    ]);
  });
});

describe('parseTags', () => {
  it.each([
    [undefined, []],
    ['', []],
    [' a, b,,c ', ['a', 'b', 'c']],
  ])('reads %j as %j', (text, tags) => {
    expect(parseTags(text)).toStrictEqual(tags);
  });
});

describe('formatDateTime / formatStamp', () => {
  it('format local time as the reference does', () => {
    const d = new Date(2025, 0, 2, 3, 4, 5);
    expect([formatDateTime(d), formatStamp(d)]).toStrictEqual(['2025-01-02 03:04:05', '20250102_030405']);
  });
});
