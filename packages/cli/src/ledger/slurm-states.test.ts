import type { Env } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { parseSacct, parseScontrolJobs, querySlurmStates } from './slurm-states.ts';

describe('SLURM job states', () => {
  it('parses scontrol show job -o and sacct -P lines', () => {
    expect(parseScontrolJobs('JobId=12 JobName=a UserId=root(0) JobState=RUNNING Reason=None\nJobId=13 JobName=b JobState=TIMEOUT Reason=TimeLimit\n')).toStrictEqual(
      new Map([['12', 'RUNNING'], ['13', 'TIMEOUT']]),
    );
    expect(parseSacct('14|CANCELLED by 0\n15|COMPLETED\n')).toStrictEqual(new Map([['14', 'CANCELLED'], ['15', 'COMPLETED']]));
  });

  it('asks scontrol once, then sacct for the rest; runs inside an allocation get its state; local ids are never asked', async () => {
    const calls: string[] = [];
    const exec: Env['exec'] = async (argv) => {
      calls.push(argv.join(' '));
      if (argv[0] === 'scontrol') return { exitCode: 0, stdout: 'JobId=12 JobState=RUNNING\n', stderr: '' };
      return { exitCode: 0, stdout: '14|FAILED\n', stderr: '' };
    };
    const states = await querySlurmStates({ exec, cwd: '/' }, ['12', '12.1', '14', 'local-20261201-100000']);
    expect(states).toStrictEqual(new Map([['12', 'RUNNING'], ['14', 'FAILED'], ['12.1', 'RUNNING']]));
    expect(calls).toStrictEqual(['scontrol show job -o', 'sacct -n -X -P -o JobID,State -j 14']);
  });

  it('knows nothing without SLURM', async () => {
    const exec: Env['exec'] = async () => ({ exitCode: 127, stdout: '', stderr: 'command not found' });
    expect(await querySlurmStates({ exec, cwd: '/' }, ['12'])).toStrictEqual(new Map());
  });
});
