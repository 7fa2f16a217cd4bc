import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorkerPreamble, singleQuote } from './worker-preamble.ts';

describe('buildWorkerPreamble', () => {
  it('renders setup script then Dynamo install exactly as backends.md §8 shows', () => {
    expect(buildWorkerPreamble({ setupScript: 'my.sh', installDynamo: true })).toBe(
      "echo 'Running setup script: /configs/my.sh' && if [ -f '/configs/my.sh' ]; then bash '/configs/my.sh'; else echo 'WARNING: /configs/my.sh not found'; fi && echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed'",
    );
  });

  it.each([
    ['nothing at all', { installDynamo: false }, undefined],
    ['only the install', { installDynamo: true }, "echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed'"],
    ['an empty script name counts as unset', { setupScript: '', installDynamo: false }, undefined],
  ] as const)('%s', (_n, opts, expected) => {
    expect(buildWorkerPreamble(opts)).toBe(expected);
  });

  it('runs a hostile script name as a file name, never as shell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-preamble-'));
    const name = "x'; echo INJECTED; '$(echo SUB)`echo BT`.sh";
    writeFileSync(join(dir, name), 'echo SCRIPT-RAN');
    const preamble = buildWorkerPreamble({ setupScript: name, configsDir: dir, installDynamo: false })!;
    const out = spawnSync('bash', ['-c', `${preamble} && echo DONE`], { encoding: 'utf8' });
    expect(out.stdout.split('\n')).toStrictEqual([`Running setup script: ${dir}/${name}`, 'SCRIPT-RAN', 'DONE', '']);
  });

  it('warns but continues when the script is missing, and stops when it fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-preamble-'));
    const missing = spawnSync('bash', ['-c', `${buildWorkerPreamble({ setupScript: 'nope.sh', configsDir: dir, installDynamo: false })} && echo DONE`], { encoding: 'utf8' });
    expect(missing.stdout).toBe(`Running setup script: ${dir}/nope.sh\nWARNING: ${dir}/nope.sh not found\nDONE\n`);
    writeFileSync(join(dir, 'fail.sh'), 'exit 3');
    const failing = spawnSync('bash', ['-c', `${buildWorkerPreamble({ setupScript: 'fail.sh', configsDir: dir, installDynamo: false })} && echo DONE`], { encoding: 'utf8' });
    expect(failing.stdout).toBe(`Running setup script: ${dir}/fail.sh\n`);
    expect(failing.status).toBe(3);
  });
});

describe('singleQuote', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `'it'"'"'s'`],
    ['', "''"],
  ])('quotes %j', (word, expected) => {
    expect(singleQuote(word)).toBe(expected);
  });
});
