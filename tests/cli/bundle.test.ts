import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MOCK_EXAMPLES } from './cli-harness.ts';

const CLI = join(import.meta.dirname, '../../packages/cli');
const BUNDLE = join(CLI, 'dist/srtctl.mjs');

describe('dist/srtctl.mjs (the self-contained bundle)', () => {
  beforeAll(() => {
    execFileSync(join(CLI, '../../node_modules/.bin/tsup'), [], { cwd: CLI, stdio: 'pipe', env: { ...process.env, SRTCTL_BUNDLE_ONLY: '1' } });
  }, 180_000);

  it('starts with a node shebang', () => {
    expect(readFileSync(BUNDLE, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs --help and validate with plain node from a directory without node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srtctl-bundle-'));
    copyFileSync(BUNDLE, join(dir, 'srtctl.mjs'));
    copyFileSync(join(MOCK_EXAMPLES, 'disagg.yaml'), join(dir, 'disagg.yaml'));
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    const help = execFileSync(process.execPath, [join(dir, 'srtctl.mjs'), '--help'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(help.split('\n')[0]).toBe('srtctl - SLURM job submission for disaggregated LLM serving benchmarks');
    const ok = execFileSync(process.execPath, [join(dir, 'srtctl.mjs'), 'validate', '-f', 'disagg.yaml'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(ok).toMatch(/^✓ disagg\.yaml: valid \(mock-disagg: /);
  });
});
