import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, SPEC_EXAMPLE_FILES, SPEC_EXAMPLES, workdir } from './cli-harness.ts';

/** Every recipe under the spec's examples. */
function recipes(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? recipes(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

interface PlannedStep {
  readonly name: string;
  readonly srun_argv: readonly string[];
}

describe('the /configs mount (topology.md §8 item 3)', () => {
  it.each(recipes(SPEC_EXAMPLES).map((p) => [relative(SPEC_EXAMPLES, p), p]))('dry-run --json of %s mounts <srtctl root>/configs at /configs on every containerized step', async (_name, path) => {
    const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'srtslurm.yaml': 'srtctl_root: /opt/srtctl\n' });
    const r = await runCli(['dry-run', '-f', path, '--json', '--no-preflight'], cliEnv(dir, { extraVars: { SRTCTL_BUNDLE: '/opt/srtctl/dist/srtctl.mjs' } }));
    expect(r.code, r.stderr).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { processes: PlannedStep[] } | { processes: PlannedStep[] }[]);
    const steps = docs.flatMap((d) => (Array.isArray(d) ? d : [d])).flatMap((d) => d.processes);
    const containerized = steps.filter((s) => s.srun_argv.includes('--container-image'));
    expect(containerized.length).toBeGreaterThan(0);
    for (const s of containerized) {
      const mounts = s.srun_argv[s.srun_argv.indexOf('--container-mounts') + 1]!.split(',');
      expect(mounts, s.name).toContain('/opt/srtctl/configs:/configs');
    }
  });
});
