import { describe, expect, it } from 'vitest';
import type { Env, ExecResult } from '../env.ts';
import { isSrtError } from '../errors.ts';
import { parseNodeAddrs, readCluster } from './read-cluster.ts';

type Answer = ExecResult | Error;

/** An env whose `exec` answers by the command's first three words, recording each call. */
function fakeEnv(vars: Record<string, string>, answers: Record<string, Answer>, dns: Record<string, string> = {}) {
  const calls: string[] = [];
  const lookups: string[] = [];
  const env: Pick<Env, 'vars' | 'exec' | 'resolveHost'> = {
    vars,
    exec: async (argv) => {
      calls.push(argv.join(' '));
      const a = answers[argv.slice(0, 3).join(' ')] ?? { exitCode: 127, stdout: '', stderr: 'command not found' };
      if (a instanceof Error) throw a;
      return a;
    },
    resolveHost: async (n) => {
      lookups.push(n);
      return dns[n];
    },
  };
  return { env, calls, lookups };
}
const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '' });

const SHOW_NODE = `NodeName=gpu-01 Arch=x86_64 CoresPerSocket=36
   CPUAlloc=0 CPUTot=144 CPULoad=0.10
   NodeAddr=10.1.0.1 NodeHostName=gpu-01 Version=23.02.7
   State=ALLOCATED ThreadsPerCore=2

NodeName=gpu-02 Arch=x86_64 CoresPerSocket=36
   NodeAddr=gpu-02 NodeHostName=gpu-02

NodeName=gpu-03 Arch=x86_64
   NodeAddr=10.1.0.3 NodeHostName=gpu-03
`;

describe('readCluster', () => {
  it('reads job id, nodes from scontrol and addresses from one scontrol show node call, then DNS, then the name', async () => {
    const { env, calls, lookups } = fakeEnv(
      { SLURM_JOB_ID: '777', SLURM_NODELIST: 'gpu-[01-04]' },
      { 'scontrol show hostnames': ok('gpu-01\ngpu-02\ngpu-03\ngpu-04\n'), 'scontrol show node': ok(SHOW_NODE) },
      { 'gpu-02': '10.1.0.2' },
    );
    const cluster = await readCluster(env);
    expect(cluster).toStrictEqual({
      jobId: '777',
      nodes: ['gpu-01', 'gpu-02', 'gpu-03', 'gpu-04'],
      nodeAddrs: new Map([['gpu-01', '10.1.0.1'], ['gpu-02', '10.1.0.2'], ['gpu-03', '10.1.0.3'], ['gpu-04', 'gpu-04']]),
    });
    expect(calls).toStrictEqual(['scontrol show hostnames gpu-[01-04]', 'scontrol show node gpu-01,gpu-02,gpu-03,gpu-04']);
    expect(lookups).toStrictEqual(['gpu-02', 'gpu-04']);
  });

  it('falls back to the pure expansion and DNS when scontrol is missing', async () => {
    const { env } = fakeEnv({ SLURM_JOBID: '9', SLURM_NODELIST: 'n[1-2],login' }, { 'scontrol show hostnames': new Error('spawn scontrol ENOENT') }, { n1: '10.0.0.1' });
    expect(await readCluster(env)).toStrictEqual({ jobId: '9', nodes: ['n1', 'n2', 'login'], nodeAddrs: new Map([['n1', '10.0.0.1'], ['n2', 'n2'], ['login', 'login']]) });
  });

  it('uses the raw node list as one name when it cannot be expanded (as the reference does)', async () => {
    const { env } = fakeEnv({ SLURM_JOB_ID: '9', SLURM_NODELIST: 'odd[x' }, {});
    expect((await readCluster(env)).nodes).toStrictEqual(['odd[x']);
  });

  it('prefers explicit nodelist and job id over the environment', async () => {
    const { env } = fakeEnv({ SLURM_JOB_ID: '1', SLURM_NODELIST: 'a[1-9]' }, {});
    expect(await readCluster(env, { nodelist: 'b[1-2]', jobId: '42' })).toMatchObject({ jobId: '42', nodes: ['b1', 'b2'] });
  });

  it.each([
    ['no SLURM_NODELIST', { SLURM_JOB_ID: '1' }, 'SLURM_NODELIST is not set: run inside sbatch/salloc, or use `srtctl dry-run --nodes gpu-[01-04]`'],
    ['an empty SLURM_NODELIST', { SLURM_JOB_ID: '1', SLURM_NODELIST: ' ' }, 'SLURM_NODELIST is not set: run inside sbatch/salloc, or use `srtctl dry-run --nodes gpu-[01-04]`'],
    ['no job id', { SLURM_NODELIST: 'n1' }, 'SLURM_JOB_ID is not set: run inside sbatch/salloc, or pass the job id explicitly'],
  ])('throws SRT_SLURM_UNAVAILABLE with %s', async (_case, vars, message) => {
    const error = await readCluster(fakeEnv(vars, {}).env).catch((e: unknown) => e);
    expect(isSrtError(error) && [error.code, error.message]).toStrictEqual(['SRT_SLURM_UNAVAILABLE', message]);
  });
});

describe('parseNodeAddrs', () => {
  it('pairs each NodeName with its NodeAddr across wrapped lines', () => {
    expect(parseNodeAddrs(SHOW_NODE)).toStrictEqual(new Map([['gpu-01', '10.1.0.1'], ['gpu-02', 'gpu-02'], ['gpu-03', '10.1.0.3']]));
  });

  it('returns nothing for empty output', () => {
    expect(parseNodeAddrs('')).toStrictEqual(new Map());
  });
});
