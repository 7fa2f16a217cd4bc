import { nodeEnv, SrtError } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { main, type MainOptions } from './main.ts';

async function run(argv: readonly string[], over: Partial<MainOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    env: nodeEnv({ vars: {} }),
    stdout: { write: (s) => void (stdout += s) },
    stderr: { write: (s) => void (stderr += s) },
    ...over,
  });
  return { code, stdout, stderr };
}

const throwing = (e: unknown) => ({ boom: { summary: 'x', load: async () => ({ default: async () => Promise.reject(e) }) } });

describe('main', () => {
  it('lists every command for --help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^ {2}[a-z-]+ {2,}/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toStrictEqual([
      'validate',
      'dry-run',
      'apply',
      'resolve-override',
      'run',
      'setup',
      'setup-head',
      'bench',
      'report',
      'compare',
      'mock',
      'interactive',
      'status',
      'logs',
      'wait',
      'cancel',
      'diagnose',
    ]);
  });

  it.each([
    [['frobnicate'], 'Error: unknown command "frobnicate"'],
    [['--nope'], 'Error: a command is required before --nope'],
  ])('exits 2 with the usage for %j', async (argv, first) => {
    const r = await run(argv);
    expect([r.code, r.stderr.split('\n')[0]]).toStrictEqual([2, first]);
    expect(r.stderr).toContain('Usage: srtctl <command>');
  });

  it('exits 2 and shows the command usage when a required flag is missing', async () => {
    const r = await run(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "Error: the option --file PATH is required

      Usage: srtctl validate --file PATH [options]

      Check a recipe (every job of a sweep, every variant of an override file, every recipe of a directory): schema, benchmark settings, and that the plan fits its nodes, GPUs and ports.

      Options:
        -f, --file PATH       Recipe YAML file; FILE:SELECTOR picks override variants (base, override_x, zip_override_g[N], globs); a directory takes every recipe in it; - reads standard input
            --sweep           Treat the file as a sweep even without a top-level sweep: key
            --no-preflight    Skip the checks of files only the cluster may see (setup script, model directory, container image)
            --set PATH=VALUE  Set a recipe value before cluster defaults (repeatable): benchmark.concurrencies=[4,8], health_check.max_attempts=720
            --unset PATH      Remove a recipe value (repeatable; a missing path only warns)
        -o, --output DIR      Put each job's folder in DIR/<job_id> (default: output_dir of srtslurm.yaml, else ./outputs); made absolute here, so DIR must be on a file system the compute nodes share
        -h, --help            Show this help

      Examples:
        srtctl validate -f examples/mock/agg.yaml
        srtctl validate -f variants.yaml:override_lowmem --set benchmark.concurrencies=[4,8]
        cat r.yaml | srtctl validate -f -
      "
    `);
  });

  it('prints an SrtError as Error: message plus its detail lines and exits 1', async () => {
    const r = await run(['boom'], { commands: throwing(new SrtError('SRT_CONFIG_INVALID', 'r.yaml has 2 problems', { details: ['a', 'b'] })) });
    expect(r).toStrictEqual({ code: 1, stdout: '', stderr: 'Error: r.yaml has 2 problems\na\nb\n' });
  });

  it('reports any other error as an internal error with its stack and exits 70', async () => {
    const r = await run(['boom'], { commands: throwing(new TypeError('x is undefined')) });
    expect(r.code).toBe(70);
    expect(r.stderr.split('\n').slice(0, 2)).toStrictEqual([
      'internal error, please report it to the srtctl maintainers with this output:',
      'TypeError: x is undefined',
    ]);
  });
});
