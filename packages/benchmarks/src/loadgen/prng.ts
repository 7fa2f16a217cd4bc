/** A small seeded PRNG (sfc32 seeded through splitmix32): reproducible prompts and arrivals. */
export interface Prng {
  /** Uniform float in [0, 1). */
  readonly next: () => number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  readonly int: (lo: number, hi: number) => number;
  /** Exponentially distributed value with the given rate (mean 1/rate). */
  readonly exponential: (rate: number) => number;
}

/** Creates a PRNG whose sequence depends only on `seed`. */
export function createPrng(seed: number): Prng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    exponential: (rate) => -Math.log(1 - next()) / rate,
  };
}
