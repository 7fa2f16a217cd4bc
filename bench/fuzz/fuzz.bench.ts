/**
 * The 10,000-case fuzz run of issue 10 (docs/reliability.md): mutated shipped recipes through
 * loadConfig, planLaunch and (every `--cli-every`-th case) `srtctl validate` / `dry-run --json`
 * in-process. Prints the figures: non-SrtError outcomes, cases over 2 s, the peak RSS (every case
 * runs in this process, so no case can have used more), and each failing case with its seed.
 *
 *   node --max-old-space-size=160 --conditions=@srt/source --import tsx bench/fuzz/fuzz.bench.ts [--cases 10000] [--seed N] [--cli-every 10]
 */
import { parseArgs } from 'node:util';
import { mutatedText, sampleCases } from '../../tests/fuzz/mutations.ts';
import { runCase } from '../../tests/fuzz/run-case.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: '424242' }, 'cli-every': { type: 'string', default: '10' }, verbose: { type: 'boolean', default: false } } });
const n = Number(values.cases);
const seed = Number(values.seed);
const cliEvery = Number(values['cli-every']);
const LIMIT_MS = 2000;
const LIMIT_RSS = 256 * 1024 * 1024;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const cases = sampleCases(seed, n);
const counts = { ok: 0, refused: 0, internal: 0, slow: 0 };
const codes = new Map<string, number>();
let slowest = { ms: 0, index: -1, stage: '' };
const t0 = performance.now();
for (const [i, c] of cases.entries()) {
  const text = mutatedText(c);
  const stages = await runCase(text, { cli: i % cliEvery === 0 });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  for (const s of stages) {
    counts[s.outcome] += 1;
    if (s.outcome === 'refused') codes.set(s.detail ?? '', (codes.get(s.detail ?? '') ?? 0) + 1);
    if (s.ms > slowest.ms) slowest = { ms: s.ms, index: i, stage: s.stage };
    if (s.ms > LIMIT_MS) counts.slow += 1;
    if (s.outcome === 'internal' || s.ms > LIMIT_MS || values.verbose) {
      console.log(`case ${i} (seed ${seed}) ${s.stage}: ${s.outcome} in ${Math.round(s.ms)} ms: ${JSON.stringify(c).slice(0, 400)}\n  ${(s.detail ?? '').split('\n').slice(0, 4).join('\n  ')}`);
    }
  }
}
clearInterval(sampler);
const secs = (performance.now() - t0) / 1000;
console.log(`cases: ${n} (seed ${seed}, CLI on every ${cliEvery}th), stages run: ${counts.ok + counts.refused + counts.internal}, in ${secs.toFixed(1)} s`);
console.log(`outcomes: ${counts.ok} ok, ${counts.refused} SrtError, ${counts.internal} non-SrtError`);
console.log(`stages over ${LIMIT_MS} ms: ${counts.slow}; slowest ${Math.round(slowest.ms)} ms (case ${slowest.index}, ${slowest.stage})`);
console.log(`peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB (limit ${LIMIT_RSS / 2 ** 20} MiB)`);
console.log(`SrtError codes: ${[...codes].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`load average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
process.exit(counts.internal > 0 || counts.slow > 0 || peakRss > LIMIT_RSS ? 1 : 0);
