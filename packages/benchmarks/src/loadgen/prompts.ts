import { createPrng } from './prng.ts';
import { VOCABULARY } from './vocabulary.ts';

/** One request of a run: a prompt of `promptLen` (approximate) tokens asking for `outputLen` tokens. */
export interface SaRequest {
  readonly prompt: string;
  /** Nominal prompt length in tokens (what the result files report, as sa-bench does). */
  readonly promptLen: number;
  /** `max_tokens` of the request; with `ignore_eos` the server generates exactly this many. */
  readonly outputLen: number;
}

export interface RandomRequestsOptions {
  readonly isl: number;
  readonly osl: number;
  readonly count: number;
  /** Lengths are uniform in [floor(len × ratio), len]; sa-bench uses 0.8. */
  readonly rangeRatio?: number;
  readonly seed?: number;
}

/**
 * sa-bench's `random` dataset without a tokenizer: prompt `i` is the words
 * `VOCABULARY[(offset_i + i + j) mod V]` for `j < input_len_i`, one word ≈ one token.
 */
export function createRandomRequests(opts: RandomRequestsOptions): readonly SaRequest[] {
  const ratio = opts.rangeRatio ?? 0.8;
  const prng = createPrng(opts.seed ?? 0);
  const v = VOCABULARY.length;
  const inLens: number[] = [];
  const outLens: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < opts.count; i++) inLens.push(prng.int(Math.floor(opts.isl * ratio), opts.isl));
  for (let i = 0; i < opts.count; i++) outLens.push(Math.max(1, prng.int(Math.floor(opts.osl * ratio), opts.osl)));
  for (let i = 0; i < opts.count; i++) offsets.push(prng.int(0, v - 1));
  const requests: SaRequest[] = [];
  for (let i = 0; i < opts.count; i++) {
    const words: string[] = [];
    const len = inLens[i] ?? 0;
    const offset = offsets[i] ?? 0;
    for (let j = 0; j < len; j++) words.push(VOCABULARY[(offset + i + j) % v] ?? 'the');
    requests.push({ prompt: words.join(' '), promptLen: len, outputLen: outLens[i] ?? 1 });
  }
  return requests;
}

/**
 * Approximate token count of one streamed chunk: its whitespace-separated words, and at
 * least 1 (a chunk carries at least one token even when it is a sub-word piece).
 */
export function countChunkTokens(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words > 0 ? words : 1;
}

/** `countChunkTokens` over the UTF-8 bytes `buf[s, e)` (ASCII whitespace separates words). */
export function countChunkTokenBytes(buf: Uint8Array, s: number, e: number): number {
  let words = 0;
  let inWord = false;
  for (let i = s; i < e; i++) {
    const c = buf[i];
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words > 0 ? words : 1;
}
