import { describe, expect, it } from 'vitest';
import { lastComponent, servedModelName, servedModelNameForMode } from './served-model-name.ts';

const config = (sglang_config?: Record<string, Record<string, unknown> | null>, path = '/models/DeepSeek-R1/') => ({
  model: { path, container: '/c', precision: 'fp8' },
  backend: { type: 'sglang', ...(sglang_config === undefined ? {} : { sglang_config }) },
});

describe('servedModelName', () => {
  it.each([
    ['the model directory without a backend map', config(), 'DeepSeek-R1'],
    ['the prefill map', config({ prefill: { 'served-model-name': 'p' }, aggregated: { 'served-model-name': 'a' } }), 'p'],
    ['served_model_name spelt with underscores', config({ prefill: { served_model_name: 'u' } }), 'u'],
    ['the aggregated map when prefill has none', config({ prefill: { 'served-model-name': '' }, aggregated: { served_model_name: 'a' } }), 'a'],
    ['never the decode map', config({ decode: { 'served-model-name': 'd' } }), 'DeepSeek-R1'],
    ['the model path when maps are null', config({ prefill: null }), 'DeepSeek-R1'],
  ])('takes %s', (_name, c, expected) => {
    expect(servedModelName(c)).toBe(expected);
  });
});

describe('servedModelNameForMode', () => {
  const c = config({ prefill: { 'served-model-name': 'p' }, decode: { 'served-model-name': 'd' }, aggregated: { 'served-model-name': 'a' } });

  it.each([
    ['prefill', 'p'],
    ['decode', 'd'],
    ['agg', 'a'],
  ] as const)('reads the %s worker its own map first (fix B5)', (mode, expected) => {
    expect(servedModelNameForMode(c, mode)).toBe(expected);
  });

  it('falls back to prefill, then aggregated, then the model path', () => {
    expect(servedModelNameForMode(config({ prefill: { 'served-model-name': 'p' } }), 'decode')).toBe('p');
    expect(servedModelNameForMode(config({ aggregated: { 'served-model-name': 'a' } }), 'decode')).toBe('a');
    expect(servedModelNameForMode(config({}), 'agg')).toBe('DeepSeek-R1');
  });
});

describe('lastComponent', () => {
  it.each([
    ['/models/Qwen3-32B', 'Qwen3-32B'],
    ['/models/Qwen3-32B//', 'Qwen3-32B'],
    ['qwen', 'qwen'],
  ])('%s → %s', (path, expected) => {
    expect(lastComponent(path)).toBe(expected);
  });
});

describe('backend.served_model_name (mock, R7)', () => {
  it('wins over the model path, for every mode', () => {
    const mock = { model: { path: '/models/mock-model', container: 'mock', precision: 'fp8' }, backend: { type: 'mock', served_model_name: 'custom-name' } } as never;
    expect(servedModelName(mock)).toBe('custom-name');
    expect(servedModelNameForMode(mock, 'prefill')).toBe('custom-name');
  });
});
