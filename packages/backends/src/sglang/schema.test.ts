import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SglangBackendSchema } from './schema.ts';

const issues = (doc: unknown) => {
  const r = v.safeParse(SglangBackendSchema, doc);
  return r.success ? [] : r.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
};

describe('SglangBackendSchema', () => {
  it('fills the defaults of an empty section', () => {
    expect(v.parse(SglangBackendSchema, {})).toStrictEqual({
      type: 'sglang', prefill_environment: {}, decode_environment: {}, aggregated_environment: {},
    });
  });

  it('accepts gpu_type and free-form option maps', () => {
    expect(issues({ type: 'sglang', gpu_type: 'gb200', sglang_config: { prefill: { 'any-key': [1, { x: null }], under_score: true }, decode: null } })).toStrictEqual([]);
  });

  it.each([
    ['an unknown key', { prefil_environment: {} }],
    ['a non-string env value', { prefill_environment: { PYTHONUNBUFFERED: 1 } }],
    ['an unknown sglang_config mode', { sglang_config: { agg: {} } }],
    ['another backend type', { type: 'vllm' }],
  ])('rejects %s', (_n, doc) => {
    expect(issues(doc)).toMatchSnapshot();
  });
});
