#!/usr/bin/env node
// CLI start-up: wall time of `srtctl --help`, `validate` and `dry-run` of a shipped recipe,
// each against `node -e 0` measured in the same run (interleaved rounds, so machine load
// hits every command alike). Prints medians, the overhead over node's floor, and the load.
//
//   node bench/startup/startup.mjs [--runs 30] [--bin packages/cli/dist/bin.cjs] [--check 50]
//
// --check N exits 1 when any command's median overhead exceeds N ms (the issue 11 target).
// The installed bin (dist/bin.cjs) keeps V8's code cache per command (bin-loader.ts): the
// warm-up round writes it, and one extra row shows `validate` without it (a first run), which
// --check leaves out. NODE_COMPILE_CACHE points at a fresh directory for the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, bin: { type: 'string', multiple: true }, check: { type: 'string' } },
});
const runs = Number(values.runs);
const bins = values.bin ?? ['packages/cli/dist/bin.cjs', 'packages/cli/dist/srtctl.mjs'];
const recipe = 'examples/mock/disagg.yaml';
const commands = [['node -e 0', ['-e', '0']]];
for (const bin of bins) {
  commands.push([`${bin} --help`, [bin, '--help']]);
  commands.push([`${bin} validate`, [bin, 'validate', '-f', recipe]]);
  commands.push([`${bin} dry-run`, [bin, 'dry-run', '-f', recipe, '--nodes', 'n[1-4]']]);
}
const firstRun = 'bin.cjs validate, no code cache';
if (bins.some((b) => b.endsWith('bin.cjs'))) {
  commands.push([firstRun, [bins.find((b) => b.endsWith('bin.cjs')), 'validate', '-f', recipe], { NODE_DISABLE_COMPILE_CACHE: '1' }]);
}
process.env.NODE_COMPILE_CACHE = mkdtempSync(join(tmpdir(), 'srt-startup-cc-'));

// CPU time (user + sys) of the child comes from GNU time when it is installed: unlike wall
// time it hardly moves with the machine's load, so it is the figure to compare under load.
const gnuTime = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;

function once(args, extraEnv = {}) {
  const cmd = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-f', '@cpu %U %S', process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...extraEnv } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = /@cpu ([\d.]+) ([\d.]+)/.exec(String(r.stderr));
  return { ms, cpu: cpu === null ? NaN : (Number(cpu[1]) + Number(cpu[2])) * 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (const [, args, env] of commands) once(args, env); // warm the page cache (and write the code caches)
const load0 = loadavg()[0];
const times = commands.map(() => []);
for (let i = 0; i < runs; i++) commands.forEach(([, args, env], j) => times[j].push(once(args, env)));
const load1 = loadavg()[0];

const wall = times.map((ts) => ts.map((t) => t.ms));
const cpu = times.map((ts) => ts.map((t) => t.cpu));
const floor = median(wall[0]);
const cpuFloor = median(cpu[0]);
console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${load0.toFixed(2)} → ${load1.toFixed(2)}, ${runs} interleaved runs`);
const col = (x) => `${x.toFixed(1).padStart(7)}ms`;
console.log(`${'command'.padEnd(40)} ${'wall med'.padStart(9)} ${'wall min'.padStart(9)} ${'over node'.padStart(9)} ${'cpu med'.padStart(9)} ${'over node'.padStart(9)}`);
let worst = 0;
commands.forEach(([name], j) => {
  const m = median(wall[j]);
  const over = m - floor;
  if (j > 0 && name !== firstRun) worst = Math.max(worst, over);
  const c = median(cpu[j]);
  console.log(`${name.padEnd(40)} ${col(m)} ${col(Math.min(...wall[j]))} ${j === 0 ? '        -' : col(over)} ${col(c)} ${j === 0 ? '        -' : col(c - cpuFloor)}`);
});
if (values.check !== undefined && worst > Number(values.check)) {
  console.log(`FAIL: worst overhead ${worst.toFixed(1)} ms > ${values.check} ms`);
  process.exit(1);
}
