import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_BUNDLE_WORDS } from '../../packages/cli/src/launch/plan-bundle-words.ts';
import { PLANNING_COMMANDS } from '../../packages/cli/src/launch/planning-commands.ts';
import { MOCK_EXAMPLES } from './cli-harness.ts';

const CLI = join(import.meta.dirname, '../../packages/cli');
const BIN = join(CLI, 'dist/bin.cjs');

function run(args: readonly string[], cache: string, cwd = MOCK_EXAMPLES): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', NODE_COMPILE_CACHE: cache } });
}

describe('dist/bin.cjs (the srtctl bin: the CommonJS build through V8 code cache)', () => {
  // `npm test` builds first; a lone run builds the bin here. Never rebuilt when present: other
  // test files (the pack-and-install test) read dist/ at the same time.
  beforeAll(() => {
    if (![BIN, join(CLI, 'dist/srtctl.cjs'), join(CLI, 'dist/srtctl-plan.cjs')].every((f) => existsSync(f))) {
      execFileSync(join(CLI, '../../node_modules/.bin/tsup'), [], { cwd: CLI, stdio: 'pipe', env: { ...process.env, SRTCTL_BUNDLE_ONLY: 'bin' } });
    }
  }, 180_000);

  it('writes one cache per command on the first run, uses it after, and answers the same', () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'srt-cc-')), 'cache');
    const first = run(['validate', '-f', 'disagg.yaml'], cache);
    expect(first.status).toBe(0);
    expect(String(first.stdout)).toMatch(/^✓ disagg\.yaml: valid \(mock-disagg: /);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^srtctl-\\d+\\.\\d+\\.\\d+\\S*-${process.version.replace(/\./g, '\\.')}-${process.arch}-\\d+-\\d+-validate\\.cache$`));
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const written = statSync(join(cache, files[0]!)).mtimeMs;
    const second = run(['validate', '-f', 'disagg.yaml'], cache);
    expect([second.status, second.stdout]).toStrictEqual([0, first.stdout]);
    expect(statSync(join(cache, files[0]!)).mtimeMs).toBe(written); // accepted, not rewritten
    expect(run(['--help'], cache).status).toBe(0);
    expect(readdirSync(cache).sort()).toHaveLength(2);
  });

  it('runs validate, dry-run and the help from the planning bundle, everything else (typos too) from the whole CLI', () => {
    expect(PLAN_BUNDLE_WORDS.filter((w) => !w.startsWith('-') && w !== 'help')).toStrictEqual(Object.keys(PLANNING_COMMANDS));
    const cache = join(mkdtempSync(join(tmpdir(), 'srt-cc-route-')), 'cache');
    const plan = statSync(join(CLI, 'dist/srtctl-plan.cjs')).size;
    const whole = statSync(join(CLI, 'dist/srtctl.cjs')).size;
    expect(plan).toBeLessThan(whole * 0.7);
    const help = run(['--help'], cache);
    const typo = run(['validat'], cache);
    expect([help.status, typo.status]).toStrictEqual([0, 2]);
    expect(String(typo.stderr)).toContain('unknown command "validat" (did you mean validate?)');
    expect(String(typo.stderr)).toContain(String(help.stdout)); // the same help from either bundle
    expect(run(['dry-run', '-f', 'disagg.yaml', '--nodes', 'n[1-4]'], cache).status).toBe(0);
    expect(run(['status'], cache).status).toBe(0);
    const sizeOf = (command: string) => Number(/-(\d+)-\d+-[a-z-]+\.cache$/.exec(readdirSync(cache).find((f) => f.endsWith(`-${command}.cache`)) ?? '')?.[1]);
    expect([sizeOf('-help'), sizeOf('dry-run'), sizeOf('validat'), sizeOf('status')]).toStrictEqual([plan, plan, whole, whole]);
  });

  it('neither reads nor writes a cache directory others can write (a shared /tmp)', () => {
    const cache = mkdtempSync(join(tmpdir(), 'srt-cc-open-'));
    chmodSync(cache, 0o777);
    const r = run(['validate', '-f', 'disagg.yaml'], cache);
    expect(r.status).toBe(0);
    expect(readdirSync(cache)).toStrictEqual([]);
  });

  it('runs with a corrupt cache (rejected by V8, then rewritten)', () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'srt-cc-bad-')), 'cache');
    expect(run(['validate', '-f', 'disagg.yaml'], cache).status).toBe(0);
    const [file] = readdirSync(cache);
    writeFileSync(join(cache, file!), 'not a code cache');
    const r = run(['validate', '-f', 'disagg.yaml'], cache);
    expect(r.status).toBe(0);
    expect(readFileSync(join(cache, file!)).length).toBeGreaterThan(1000);
  });

  it('exits 141 without a stack trace when the reader of its output goes away', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-epipe-'));
    for (let i = 0; i < 40; i++) {
      mkdirSync(join(dir, 'outputs', String(1000 + i)), { recursive: true });
      writeFileSync(join(dir, 'outputs', String(1000 + i), 'status.json'), JSON.stringify({ job_id: String(1000 + i), job_name: 'x'.repeat(4000), executor: 'local', phase: 'ended', health: [], results: [], processes: [], outcome: { result: 'succeeded' } }));
    }
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" status --json | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('141');
    expect(r.stderr).toBe('');
  });
});
