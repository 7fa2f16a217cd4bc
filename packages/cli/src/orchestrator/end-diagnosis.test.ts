import { describe, expect, it } from 'vitest';
import { describeCancel, describeProcessFailure, portInUse } from './end-diagnosis.ts';
import { parsePortHolder } from './port-holder.ts';

const failure = (over: object = {}) => ({ name: 'frontend_0', node: 'n1', logFile: '/l/frontend.out', exitCode: 1, status: { code: 1, signal: null }, ...over });
const lines = (...l: string[]) => ({ kind: 'lines' as const, lines: l });

describe('describeCancel', () => {
  it('tells what each signal means', () => {
    expect(describeCancel('SIGTERM', 'slurm')).toBe("SIGTERM: scancel or the job's time limit");
    expect(describeCancel('SIGTERM', 'local')).toBe('SIGTERM: srtctl was asked to stop');
    expect(describeCancel('SIGINT', 'local')).toBe('SIGINT: Ctrl-C');
    expect(describeCancel('cancel request', 'local')).toBe('cancel request');
  });
});

describe('describeProcessFailure', () => {
  it('names the port from the log (nginx, python, node), else the frontend port', () => {
    expect(portInUse(lines('nginx: [emerg] bind() to 0.0.0.0:8000 failed (98: Address already in use)'))?.port).toBe(8000);
    expect(portInUse(lines("OSError: [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use"), 8000)?.port).toBe(8000);
    expect(portInUse(lines('Error: listen EADDRINUSE: address already in use [::]:30001'))?.port).toBe(30001);
    expect(portInUse(lines('Error: listen EADDRINUSE: address already in use 127.0.0.1:45491', "  code: 'EADDRINUSE',"))?.port).toBe(45491);
    expect(portInUse(lines('ready'))).toBeUndefined();
    expect(portInUse({ kind: 'empty' })).toBeUndefined();
  });

  it('says how the process ended: port taken, signal, start error, exit code', () => {
    const taken = lines('Error: listen EADDRINUSE: address already in use 127.0.0.1:8000');
    expect(describeProcessFailure(failure(), taken, { holder: 'nginx (pid 7)' })).toBe('Run failed: frontend_0 on n1 could not listen: port 8000 is already in use by nginx (pid 7); stop that process or change the port (log: /l/frontend.out)');
    expect(describeProcessFailure(failure({ exitCode: -9, status: { code: null, signal: 'SIGKILL' } }), lines('x'))).toBe('Run failed: frontend_0 on n1 was killed by SIGKILL (log: /l/frontend.out)');
    expect(describeProcessFailure(failure({ status: { code: null, signal: null, error: 'spawn ENOENT' } }), { kind: 'empty' })).toBe('Run failed: frontend_0 on n1 could not start: spawn ENOENT (log: /l/frontend.out)');
    expect(describeProcessFailure(failure({ exitCode: 3 }), lines('x'))).toBe('Run failed: frontend_0 on n1 exited with code 3');
  });
});

describe('parsePortHolder', () => {
  it('reads the process from ss -ltnpH', () => {
    expect(parsePortHolder('LISTEN 0 511 0.0.0.0:8000 0.0.0.0:* users:(("nginx",pid=4242,fd=6),("nginx",pid=4243,fd=6))\n')).toBe('nginx (pid 4242)');
    expect(parsePortHolder('LISTEN 0 511 0.0.0.0:8000 0.0.0.0:*\n')).toBe('another process (not ours to see)');
    expect(parsePortHolder('')).toBeUndefined();
  });
});
