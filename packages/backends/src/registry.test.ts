import { isSrtError } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { BACKENDS, backendSchemas, getBackend, listBackendTypes } from './registry.ts';

describe('getBackend', () => {
  it('returns the SGLang plug-in', () => {
    expect(getBackend('sglang')).toBe(BACKENDS.sglang);
  });

  it.each(['tensorrt', 'toString', '__proto__', ''])('rejects %j naming the known types', (type) => {
    let error: unknown;
    try {
      getBackend(type);
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error) && error.code).toBe('SRT_BACKEND_UNKNOWN');
    expect((error as Error).message).toMatchSnapshot();
  });
});

describe('listBackendTypes', () => {
  it('lists every registered type, sorted', () => {
    expect(listBackendTypes()).toStrictEqual(Object.keys(BACKENDS).sort());
  });
});

describe('backendSchemas', () => {
  it('has one schema per backend, for parseConfig', () => {
    expect(Object.keys(backendSchemas)).toStrictEqual(Object.keys(BACKENDS));
    expect(backendSchemas.sglang.schema).toBe(BACKENDS.sglang.schema);
  });
});
