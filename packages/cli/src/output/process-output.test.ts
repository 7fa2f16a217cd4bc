import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notTerminal, processOutput } from './process-output.ts';

/** A stand-in for process.stdout: records what it is given and whether it was built. */
function fakeStream(isTTY = false) {
  const got: string[] = [];
  let built = 0;
  const stream = Object.assign(new EventEmitter(), { isTTY, columns: 132, write: (b: string | Uint8Array) => got.push(typeof b === 'string' ? b : Buffer.from(b).toString('utf8')) });
  return { got, built: () => built, stream: () => ((built += 1), stream as unknown as NodeJS.WriteStream) };
}

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('processOutput (stdout/stderr written directly until a stream is needed)', () => {
  it('writes with writeSync (partial writes continued) and never builds the stream', () => {
    const written: string[] = [];
    const s = fakeStream();
    const out = processOutput(1, {
      writeSync: (_fd, bytes, offset) => {
        const n = Math.min(3, bytes.length - offset); // a pipe taking 3 bytes at a time
        written.push(Buffer.from(bytes.subarray(offset, offset + n)).toString('utf8'));
        return n;
      },
      stream: s.stream,
      notTerminal: () => true,
    });
    out.write('héllo\n');
    out.write('✓ ok\n');
    expect(written.join('')).toBe('héllo\n✓ ok\n');
    expect([out.isTTY, out.columns, s.built()]).toStrictEqual([false, 100, 0]);
  });

  it('hands the rest of a write that would block (EAGAIN), and every later write, to the stream, in order', () => {
    const s = fakeStream();
    let calls = 0;
    const out = processOutput(1, {
      writeSync: (_fd, bytes, offset) => {
        calls += 1;
        if (calls > 1) throw errno('EAGAIN');
        return Math.min(4, bytes.length - offset);
      },
      stream: s.stream,
      notTerminal: () => true,
    });
    out.write('abcdefgh');
    out.write('ij');
    expect(s.got).toStrictEqual(['efgh', 'ij']);
    expect(calls).toBe(2); // the direct path is not tried again
  });

  it('exits through onBrokenPipe on EPIPE, from writeSync and from the stream', () => {
    const broken: string[] = [];
    const direct = processOutput(1, { writeSync: () => { throw errno('EPIPE'); }, onBrokenPipe: () => broken.push('direct') });
    direct.write('x');
    const s = fakeStream();
    const streamed = processOutput(2, { writeSync: () => { throw errno('EAGAIN'); }, stream: s.stream, onBrokenPipe: () => broken.push('stream') });
    streamed.write('y');
    (s.stream() as unknown as EventEmitter).emit('error', errno('EPIPE'));
    expect(broken).toStrictEqual(['direct', 'stream']);
  });

  it('after survivesBrokenPipe() a broken pipe only stops the writes (the orchestrator under a tee that exited): no exit, nothing written after it', () => {
    const broken: string[] = [];
    let directCalls = 0;
    const direct = processOutput(1, { writeSync: () => { directCalls += 1; throw errno('EPIPE'); }, onBrokenPipe: () => broken.push('direct') });
    direct.survivesBrokenPipe!();
    direct.write('x');
    direct.write('y');
    expect(directCalls).toBe(1);
    const s = fakeStream();
    const streamed = processOutput(2, { writeSync: () => { throw errno('EAGAIN'); }, stream: s.stream, onBrokenPipe: () => broken.push('stream') });
    streamed.survivesBrokenPipe!();
    streamed.write('a');
    const emitter = s.stream() as unknown as EventEmitter;
    emitter.emit('error', errno('EPIPE'));
    // a destroyed stream's later complaint is not an error of the run either
    expect(() => emitter.emit('error', errno('ERR_STREAM_DESTROYED'))).not.toThrow();
    streamed.write('b');
    expect(s.got).toStrictEqual(['a']);
    expect(broken).toStrictEqual([]);
  });

  it('asks the stream about a terminal only for a character device', () => {
    const tty = fakeStream(true);
    const out = processOutput(1, { stream: tty.stream, notTerminal: () => false });
    expect([out.isTTY, out.columns]).toStrictEqual([true, 132]);
  });

  it('knows files and /dev/null are not terminals without a stream', () => {
    const file = openSync(import.meta.filename, 'r');
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(notTerminal(file)).toBe(true);
      expect(notTerminal(devNull)).toBe(process.platform === 'linux');
      expect(notTerminal(987654)).toBe(false); // cannot examine: the stream decides
    } finally {
      closeSync(file);
      closeSync(devNull);
    }
  });
});
