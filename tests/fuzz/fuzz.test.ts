import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzCase, mutatedText } from './mutations.ts';
import { runCase } from './run-case.ts';

/**
 * The property of issue 10: whatever a recipe holds, loading, planning and the CLI end in
 * success or an SrtError, quickly. Seeds are fixed so CI is deterministic; FUZZ_SEED and
 * FUZZ_RUNS replay or widen a run (fast-check prints the seed and the shrunk case on failure).
 * The 10,000-case run with time and memory figures is bench/fuzz/fuzz.bench.ts.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1000);
/** Per stage; the bench holds 2 s on an idle machine, this leaves room for a loaded CI. */
const STAGE_MS = 5000;

describe('fuzz: mutated shipped recipes', () => {
  it(`loadConfig: success or SrtError (${RUNS} cases, seed ${SEED})`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        for (const s of await runCase(mutatedText(c), { cli: false, plan: false })) {
          expect(s.outcome, `${s.stage}: ${s.detail ?? ''}`).not.toBe('internal');
          expect(s.ms, `${s.stage} took ${Math.round(s.ms)} ms`).toBeLessThan(STAGE_MS);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`loadConfig and planLaunch: success or SrtError (${Math.ceil(RUNS / 10)} cases)`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        for (const s of await runCase(mutatedText(c), { cli: false })) {
          expect(s.outcome, `${s.stage}: ${s.detail ?? ''}`).not.toBe('internal');
          expect(s.ms, `${s.stage} took ${Math.round(s.ms)} ms`).toBeLessThan(STAGE_MS);
        }
      }),
      { seed: SEED + 1, numRuns: Math.ceil(RUNS / 10) },
    );
  });

  it(`srtctl validate and dry-run --json in-process: exit 0 or 1 (${Math.ceil(RUNS / 40)} cases)`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        for (const s of await runCase(mutatedText(c), { cli: true })) {
          expect(s.outcome, `${s.stage}: ${s.detail ?? ''}`).not.toBe('internal');
          expect(s.ms, `${s.stage} took ${Math.round(s.ms)} ms`).toBeLessThan(STAGE_MS);
        }
      }),
      { seed: SEED + 2, numRuns: Math.ceil(RUNS / 40) },
    );
  });
});
