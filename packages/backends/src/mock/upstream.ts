import { connect, type Socket } from 'node:net';
import { decodeChunkedBody } from './raw-http.ts';

/**
 * The mock frontend's HTTP/1.1 client to its workers: keep-alive connections per worker,
 * and responses handed on as raw bytes. A chunked SSE body is forwarded verbatim (framing
 * included) while a small scanner follows the chunk sizes only to find where it ends, so a
 * proxied token costs one read and one write.
 */

/** Where a response goes. `body` gets raw bytes (still chunk-framed when `chunked`). */
export interface UpstreamSink {
  head(status: number, contentType: string, framing: { readonly chunked: true } | { readonly chunked: false; readonly length: number }): void;
  body(bytes: Buffer): void;
  end(): void;
  /** The request failed; `headSent` tells whether `head` was already called. */
  error(message: string, headSent: boolean): void;
}

/** Follows chunk framing and reports where the body ends. */
class ChunkScanner {
  private state: 'size' | 'data' | 'trailer' = 'size';
  private line = '';
  private remaining = 0;

  /** Index just past the end of the body in `buf`, -1 if it continues, -2 on bad framing. */
  scan(buf: Buffer, from: number): number {
    let i = from;
    while (i < buf.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, buf.length - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'size';
        continue;
      }
      const nl = buf.indexOf(10, i);
      if (nl < 0) {
        this.line += buf.toString('latin1', i);
        return -1;
      }
      const text = (this.line + buf.toString('latin1', i, nl)).trim();
      this.line = '';
      i = nl + 1;
      if (this.state === 'trailer') {
        if (text === '') return i;
        continue;
      }
      const size = Number.parseInt(text.split(';')[0] ?? '', 16);
      if (!Number.isInteger(size) || size < 0) return -2;
      if (size === 0) this.state = 'trailer';
      else {
        this.state = 'data';
        this.remaining = size + 2;
      }
    }
    return -1;
  }
}

/** One exchange on an upstream connection. */
class Exchange {
  private head: Buffer | undefined = Buffer.alloc(0);
  private headSent = false;
  private remaining = 0;
  private scanner: ChunkScanner | undefined;
  private reuse = true;
  private readonly conn: UpstreamConnection;
  private readonly sink: UpstreamSink;

  constructor(conn: UpstreamConnection, sink: UpstreamSink) {
    this.conn = conn;
    this.sink = sink;
  }

  onData(d: Buffer): void {
    let from = 0;
    let buf = d;
    if (this.head !== undefined) {
      buf = this.head.length === 0 ? d : Buffer.concat([this.head, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        this.head = buf;
        return;
      }
      this.head = undefined;
      if (!this.parseHead(buf.toString('latin1', 0, end))) return;
      from = end + 4;
    }
    if (this.scanner !== undefined) {
      const end = this.scanner.scan(buf, from);
      if (end === -2) return this.fail('upstream sent a malformed chunked body');
      if (end === -1) return void (from < buf.length && this.sink.body(from === 0 ? buf : buf.subarray(from)));
      if (end > from) this.sink.body(buf.subarray(from, end));
      return this.finish();
    }
    const take = Math.min(this.remaining, buf.length - from);
    if (take > 0) this.sink.body(buf.subarray(from, from + take));
    this.remaining -= take;
    if (this.remaining === 0) this.finish();
  }

  private parseHead(text: string): boolean {
    const lines = text.split('\r\n');
    const status = Number((lines[0] ?? '').split(' ')[1]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const c = line.indexOf(':');
      if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
    }
    if (!Number.isInteger(status)) return this.fail('upstream sent a malformed status line'), false;
    this.reuse = (headers.get('connection') ?? '').toLowerCase() !== 'close';
    const contentType = headers.get('content-type') ?? 'application/octet-stream';
    this.headSent = true;
    if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
      this.scanner = new ChunkScanner();
      this.sink.head(status, contentType, { chunked: true });
    } else {
      this.remaining = Number(headers.get('content-length') ?? '0');
      this.sink.head(status, contentType, { chunked: false, length: this.remaining });
      if (this.remaining === 0) this.finish();
    }
    return true;
  }

  private finish(): void {
    this.conn.release(this.reuse);
    this.sink.end();
  }

  fail(message: string): void {
    this.conn.abandon();
    this.sink.error(message, this.headSent);
  }
}

const READ_BUFFER = Buffer.alloc(64 * 1024);

/** A keep-alive connection to one worker. */
class UpstreamConnection {
  readonly socket: Socket;
  exchange: Exchange | undefined;
  private readonly pool: UpstreamPool;

  constructor(pool: UpstreamPool) {
    this.pool = pool;
    // `onread` with one shared buffer skips the per-read 64 KiB allocation and the stream
    // machinery of 'data' events; the bytes are copied out because the buffer is reused.
    this.socket = connect({
      host: pool.host,
      port: pool.port,
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (n: number, buf: Uint8Array): boolean => {
          this.exchange?.onData(Buffer.from(buf.subarray(0, n)));
          return true;
        },
      },
    });
    let why = 'closed before the response ended';
    this.socket.on('error', (e: NodeJS.ErrnoException) => {
      why = e.code === 'ECONNREFUSED' ? 'connection refused' : e.message;
      this.socket.destroy();
    });
    this.socket.on('close', () => {
      this.pool.forget(this);
      const ex = this.exchange;
      this.exchange = undefined;
      ex?.fail(`connection to ${pool.host}:${pool.port}: ${why}`);
    });
  }

  release(reuse: boolean): void {
    this.exchange = undefined;
    if (reuse && !this.socket.destroyed) this.pool.idle.push(this);
    else this.socket.destroy();
  }

  abandon(): void {
    this.exchange = undefined;
    this.socket.destroy();
  }
}

/** Keep-alive connections to one worker (`http://host:port`). */
export class UpstreamPool {
  readonly host: string;
  readonly port: number;
  readonly idle: UpstreamConnection[] = [];

  constructor(url: string) {
    const u = new URL(url);
    this.host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(u.port || 80);
  }

  /** @internal */
  forget(c: UpstreamConnection): void {
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /**
   * Sends one request and hands the response to `sink`. Returns a function that cuts the
   * request (the client went away).
   */
  request(method: string, path: string, body: Buffer, sink: UpstreamSink): () => void {
    const conn = this.idle.pop() ?? new UpstreamConnection(this);
    const exchange = new Exchange(conn, sink);
    conn.exchange = exchange;
    const head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`;
    conn.socket.write(body.length > 0 ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : head);
    return () => {
      if (conn.exchange === exchange) conn.abandon();
    };
  }

  /** Sends one request and buffers the whole response (prefill requests, `/v1/models`). */
  fetch(method: string, path: string, body: Buffer, timeoutMs?: number): Promise<{ readonly status: number; readonly body: Buffer }> {
    return new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      let status = 0;
      let chunked = false;
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        cut();
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const cut = this.request(method, path, body, {
        head(s, _ct, framing) {
          status = s;
          chunked = framing.chunked;
        },
        body: (b) => parts.push(b),
        end() {
          clearTimeout(timer);
          const raw = Buffer.concat(parts);
          const decoded = chunked ? decodeChunkedBody(raw, 0) : { body: raw };
          resolve({ status, body: decoded === undefined || decoded === 'bad' ? raw : decoded.body });
        },
        error(message) {
          clearTimeout(timer);
          reject(new Error(message));
        },
      });
    });
  }

  /** Closes idle connections. */
  close(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }
}
