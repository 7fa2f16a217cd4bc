import { SrtError } from '@srt/core';

/** `[4, 8]`, `"4x8"` or `"4,8"` → `[4, 8]`; every entry must be a whole number ≥ 1. */
export function parseConcurrencies(value: readonly number[] | string): readonly number[] {
  const parts = typeof value === 'string' ? value.split(/[x,]/).map((s) => s.trim()) : value.map(String);
  const list = parts.map(Number);
  if (list.length === 0 || parts.some((p) => p === '') || list.some((n) => !Number.isInteger(n) || n < 1))
    throw new SrtError('SRT_USAGE', `Invalid concurrency list "${String(value)}": use whole numbers ≥ 1 like 4x8x16`);
  return list;
}

/** `inf`/`Infinity`/undefined → Infinity; a positive number of requests per second otherwise. */
export function parseRequestRate(value: number | string | undefined): number {
  if (value === undefined || value === 'inf' || value === Infinity) return Infinity;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new SrtError('SRT_USAGE', `Invalid request rate "${String(value)}": use "inf" or a number of requests per second > 0`);
  return n;
}
