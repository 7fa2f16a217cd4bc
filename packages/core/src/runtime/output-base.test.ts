import { describe, expect, it } from 'vitest';
import { parseClusterConfig } from '../cluster/parse-cluster-config.ts';
import { outputBaseProblem, resolveOutputBase } from './output-base.ts';

const env = { cwd: '/work/sub', vars: { RUNS: '/shared/runs', HOME: '/home/me' } };
const cluster = (yaml: string) => ({ path: '/work/srtslurm.yaml', config: parseClusterConfig(yaml, { source: 'srtslurm.yaml' }).config });

describe('resolveOutputBase', () => {
  it('defaults to <cwd>/outputs', () => {
    expect(resolveOutputBase(undefined, undefined, env)).toStrictEqual({ path: '/work/sub/outputs', from: 'default' });
    expect(resolveOutputBase(undefined, cluster('default_account: a\n'), env)).toStrictEqual({ path: '/work/sub/outputs', from: 'default' });
  });

  it('takes the cluster output_dir with $VAR and ~ expanded, relative to cwd', () => {
    expect(resolveOutputBase(undefined, cluster('output_dir: $RUNS/x\n'), env)).toStrictEqual({ path: '/shared/runs/x', from: 'cluster' });
    expect(resolveOutputBase(undefined, cluster('output_dir: ~/runs\n'), env)).toStrictEqual({ path: '/home/me/runs', from: 'cluster' });
    expect(resolveOutputBase(undefined, cluster('output_dir: ../o\n'), env)).toStrictEqual({ path: '/work/o', from: 'cluster' });
  });

  it('lets -o win over the cluster file, made absolute against cwd at submit time', () => {
    expect(resolveOutputBase('mine/', cluster('output_dir: /shared/runs\n'), env)).toStrictEqual({ path: '/work/sub/mine', from: 'flag' });
    expect(resolveOutputBase('/a/./b/../c', undefined, env)).toStrictEqual({ path: '/a/c', from: 'flag' });
  });

  it('refuses a flag sbatch could not read (SRT_USAGE) and a cluster value likewise (SRT_CLUSTER_INVALID, naming the file)', () => {
    expect(() => resolveOutputBase('my runs', undefined, env)).toThrow(expect.objectContaining({ code: 'SRT_USAGE', message: expect.stringMatching(/^-o\/--output "my runs" cannot be an output folder/) }));
    expect(() => resolveOutputBase('', undefined, env)).toThrow(expect.objectContaining({ code: 'SRT_USAGE' }));
    expect(() => resolveOutputBase(undefined, cluster('output_dir: "/x/%u"\n'), env)).toThrow(
      expect.objectContaining({ code: 'SRT_CLUSTER_INVALID', message: expect.stringContaining('/work/srtslurm.yaml: output_dir "/x/%u"') }),
    );
  });
});

describe('outputBaseProblem', () => {
  it.each(['/a b', '/a\tb', '/a\nb', '/a"b', "/a'b", '/a\\b', '/a#b', '/a%b', '/a\u0007b'])('refuses %j', (p) => {
    expect(outputBaseProblem(p)).toMatch(/#SBATCH/);
  });
  it.each(['/a/$(x);`y`&|<>*?!{a,b}', '/shared/runs-1_2.3', '/ünï/cödé'])('accepts %j (the script quotes it)', (p) => {
    expect(outputBaseProblem(p)).toBeUndefined();
  });
});
