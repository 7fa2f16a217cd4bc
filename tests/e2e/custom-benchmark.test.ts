import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { captureOutput } from './support/capture.ts';
import { eventually, processesUnder } from './support/processes.ts';
import { RECIPES } from './support/paths.ts';
import { makeRunDir } from './support/run-dirs.ts';

/** `srtctl apply --local` of the custom-benchmark recipe, with `--set` edits. */
async function applyCustom(sets: readonly string[]) {
  const dir = await makeRunDir('srt-e2e-custom-');
  const stdout = captureOutput();
  const stderr = captureOutput();
  const argv = ['apply', '--local', '-f', join(RECIPES, 'local-custom.yaml'), ...sets.flatMap((s) => ['--set', s])];
  const code = await main({ argv, env: nodeEnv({ cwd: dir }), stdout, stderr });
  const jobId = readdirSync(join(dir, 'outputs'))[0] ?? '';
  const logs = join(dir, 'outputs', jobId, 'logs');
  await eventually(() => processesUnder(dir).length === 0, 3000);
  expect(processesUnder(dir)).toStrictEqual([]);
  return { code, stdout: stdout.text(), stderr: stderr.text(), benchmarkOut: readFileSync(join(logs, 'benchmark.out'), 'utf8') };
}

describe('benchmark.type: custom (apply --local)', () => {
  it('runs the command with the environment contract against the deployed endpoint; exit 0 is success', async () => {
    const run = await applyCustom([]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\[INFO\] Running Custom benchmark/);
    expect(run.stdout).toMatch(/\[INFO\] Benchmark completed successfully/);
    expect(run.benchmarkOut).toMatch(/^prefill=127\.0\.0\.11:\d+ decode=127\.0\.0\.12:\d+ ips=127\.0\.0\.11,127\.0\.0\.12$/m);
    expect(run.benchmarkOut).toMatch(/^frontend=dynamo 127\.0\.0\.11:8000 agg=unset$/m);
    expect(run.benchmarkOut).toMatch(/^env=recipe\/benchmark\.env metrics=http:\/\/127\.0\.0\.11:\d+\/metrics,http:\/\/127\.0\.0\.12:\d+\/metrics$/m);
    expect(run.benchmarkOut).toMatch(/"object":\s*"list"/);
  });

  it("the command's exit status decides the job's (--set benchmark.env.CUSTOM_EXIT)", async () => {
    const run = await applyCustom(['benchmark.env.CUSTOM_EXIT="3"']);
    expect(run.stdout).toMatch(/\[ERROR\] Benchmark failed with exit code 3/);
    expect(run.code).not.toBe(0);
  });
});
