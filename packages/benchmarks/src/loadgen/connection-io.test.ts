import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { IoSink, OpenIo } from './connection-io.ts';
import { selectTransport } from './select-transport.ts';

// A raw TCP server in ANOTHER process (our own event loop is blocked on purpose below): on
// each connection it writes 'a', 'b', 'c' at 0, 40 and 80 ms on an absolute schedule, and after
// closing prints, for each write, the times just before and just after it (a loaded machine
// delays its timers and may preempt it around the write: the test compares the stamps with
// these bounds, not with the nominal 40 ms).
const PACED_SERVER = `
const net = require('node:net');
const server = net.createServer((s) => {
  const t0 = performance.now();
  const sent = [];
  ['a', 'b', 'c'].forEach((ch, i) => setTimeout(() => { const before = performance.now(); s.write(ch); sent.push([before, performance.now()]); }, Math.max(0, t0 + i * 40 - performance.now())));
  setTimeout(() => { s.end(); console.log(JSON.stringify(sent)); }, 120);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

// The same bytes, but 'b' and 'c' only once the client answered 'a' (it does so just before it
// blocks its event loop): 'b' can then never arrive with 'a' in one read, whatever the load.
const ACK_SERVER = `
const net = require('node:net');
const server = net.createServer((s) => {
  s.once('data', () => s.write('a'));
  s.on('data', (d) => { if (String(d).includes('x')) { s.write('b'); setTimeout(() => s.end('c'), 10); } });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** The server's port, and [before, after] of each of its writes on the (one) connection, once it closed. */
async function startPacedServer(code = PACED_SERVER): Promise<{ readonly port: number; readonly sent: Promise<[number, number][]> }> {
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const w = waiting.shift();
      if (w === undefined) lines.push(line);
      else w(line);
    }
  });
  const nextLine = (): Promise<string> => {
    const l = lines.shift();
    return l !== undefined ? Promise.resolve(l) : new Promise((r) => waiting.push(r));
  };
  const port = await Promise.race([nextLine().then(Number), new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`paced server exited with ${code}`))))]);
  return { port, sent: nextLine().then((l) => JSON.parse(l) as [number, number][]) };
}

interface Seen {
  readonly times: number[];
  readonly bytes: string[];
  readonly events: string[];
}

/**
 * Opens one connection, blocks the event loop for 60 ms inside the first read, collects the
 * rest; with `ack`, answers 'x' to the first byte just before blocking (ACK_SERVER).
 */
function readBlocking(openIo: OpenIo, ack = false): Promise<Seen> {
  const seen: Seen = { times: [], bytes: [], events: [] };
  return new Promise((resolve) => {
    const sink: IoSink = {
      onData(buf, s, e, t) {
        for (let i = s; i < e; i++) {
          seen.times.push(t);
          seen.bytes.push(String.fromCharCode(buf[i] as number));
        }
        if (seen.times.length === 1) {
          if (ack) io.write(Buffer.from('x'));
          const until = Date.now() + 60;
          while (Date.now() < until) {
            // busy: the next byte arrives at 40 ms, while nothing reads the socket
          }
        }
      },
      onEnd: () => seen.events.push('end'),
      onError: (m) => seen.events.push(`error ${m}`),
      onClose: () => {
        seen.events.push('close');
        resolve(seen);
      },
    };
    const io = openIo(sink);
    io.write(Buffer.from('go'));
  });
}

const gaps = (t: readonly number[]): number[] => t.slice(1).map((x, i) => x - (t[i] as number));

describe('kernel receive timestamps', () => {
  it('stamp each byte when it arrived, even while the event loop was blocked', async () => {
    const { port, sent } = await startPacedServer();
    const { openIo, source } = await selectTransport('127.0.0.1', port, 'kernel');
    expect(source).toBe('kernel');
    const seen = await readBlocking(openIo);
    expect(seen.bytes).toStrictEqual(['a', 'b', 'c']);
    expect(seen.events).toStrictEqual(['end', 'close']);
    // Byte i left the server between before_i and after_i, so each stamped gap lies within the
    // gaps those bounds allow, plus the receiving side's delay (loopback delivery runs in a
    // softirq, which a saturated machine can postpone: up to 7 ms seen with three CPU hogs on
    // two cores, so 10 ms of slack). 'b' arrived while this event loop was blocked for 60 ms:
    // read times would put it 60 ms or more after 'a' whatever the server did.
    const w = await sent;
    gaps(seen.times).forEach((g, i) => {
      const [lo, hi] = [w[i + 1]![0] - w[i]![1], w[i + 1]![1] - w[i]![0]];
      const why = `stamped ${g.toFixed(2)} ms apart, sent ${lo.toFixed(2)}-${hi.toFixed(2)} ms apart`;
      expect(g, why).toBeGreaterThan(lo - 1);
      expect(g, why).toBeLessThan(hi + 10);
    });
  });

  it('while node:net read times show the blocked loop (the failure the kernel stamps avoid)', async () => {
    const { port } = await startPacedServer(ACK_SERVER);
    const { openIo, source } = await selectTransport('127.0.0.1', port, 'node');
    expect(source).toBe('node');
    const seen = await readBlocking(openIo, true);
    expect(seen.bytes).toStrictEqual(['a', 'b', 'c']);
    const [first] = gaps(seen.times);
    // 'b' was sent once 'a' had been read, and arrived during the 60 ms block (or after it):
    // read no earlier than the block's end.
    expect(first).toBeGreaterThan(55);
  });

  it.each(['kernel', 'node'] as const)('report a refused connection in one plain line, then close (%s)', async (mode) => {
    const closed = createServer();
    const port = await new Promise<number>((r) => closed.listen(0, '127.0.0.1', () => r((closed.address() as { port: number }).port)));
    await new Promise((r) => closed.close(r));
    const { openIo } = await selectTransport('127.0.0.1', port, mode);
    const events: string[] = [];
    await new Promise<void>((resolve) => {
      openIo({ onData: () => {}, onEnd: () => events.push('end'), onError: (m) => events.push(m), onClose: () => resolve() }).write(Buffer.from('x'));
    });
    expect(events).toStrictEqual([`connection refused by 127.0.0.1:${port} (is the server running and listening on that port?)`]);
  });

  it('let the process exit once its connections are closed (the reader thread stops)', { timeout: 30_000 }, async () => {
    const { port } = await startPacedServer();
    // A separate process: exiting is what is tested (vitest's own process never exits here).
    const script = [
      `const { selectTransport } = await import(${JSON.stringify(new URL('./select-transport.ts', import.meta.url).pathname)});`,
      `const { openIo, source } = await selectTransport('127.0.0.1', ${port}, 'kernel');`,
      `await new Promise((resolve) => openIo({ onData() {}, onEnd() {}, onError() {}, onClose: resolve }).write(Buffer.from('go')));`,
      `console.log(source);`,
    ].join('\n');
    const child = spawn(process.execPath, ['--conditions=@srt/source', '--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += String(d)));
    const code = await new Promise<number | string | null>((resolve) => (child.once('exit', resolve), setTimeout(() => resolve('still running after 15 s'), 15_000).unref()));
    expect([code, out.trim()]).toStrictEqual([0, 'kernel']);
  });

  it('resolve host names before connecting', async () => {
    const { port } = await startPacedServer();
    const { openIo, source } = await selectTransport('localhost', port, 'kernel');
    expect(source).toBe('kernel');
    const seen = await readBlocking(openIo);
    expect(seen.bytes.join('')).toBe('abc');
  });
});
