import { createServer, type Server, type Socket } from 'node:net';

/**
 * A minimal HTTP/1.1 server on `node:net` for the mock servers. `node:http` costs several
 * writes and a nextTick per streamed chunk; here one SSE event is exactly one
 * `socket.write` of a pre-framed chunk, which is what lets one core carry thousands of
 * paced streams. Supports keep-alive, pipelined requests (answered in order),
 * Content-Length and chunked request bodies and `Expect: 100-continue`.
 */

export interface RawRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

export type RawHandler = (req: RawRequest, res: RawResponse) => void;

const MAX_HEAD = 64 * 1024;
const MAX_BODY = 64 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);
const STATUS_TEXT: Readonly<Record<number, string>> = {
  100: 'Continue', 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed',
  413: 'Payload Too Large', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** `HTTP/1.1 <status> <text>`. */
export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Status'}\r\n`;
}

/** Frames `data` as one HTTP chunk. */
export function frameChunk(data: string): string {
  return `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
}

/** Creates a TCP server that speaks minimal HTTP/1.1 to `handler` (call `listen` yourself). */
export function createRawHttpServer(handler: RawHandler): Server {
  return createServer({ noDelay: true }, (socket) => {
    new Connection(socket, handler);
  });
}

class Connection {
  buf: Buffer = EMPTY;
  busy = false;
  closed = false;
  continued = false;
  current: RawResponse | undefined;
  readonly socket: Socket;
  readonly handler: RawHandler;

  constructor(socket: Socket, handler: RawHandler) {
    this.socket = socket;
    this.handler = handler;
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      if (!this.busy) this.parse();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.current?.abort();
    });
  }

  finish(keepAlive: boolean): void {
    this.busy = false;
    this.current = undefined;
    if (!keepAlive) this.socket.end();
    else if (this.buf.length > 0) setImmediate(() => this.parse());
  }

  fail(status: number): void {
    this.socket.end(`${statusLine(status)}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    this.buf = EMPTY;
    this.busy = true;
  }

  parse(): void {
    while (!this.busy && !this.closed && this.buf.length > 0) {
      const headEnd = this.buf.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (this.buf.length > MAX_HEAD) this.fail(431);
        return;
      }
      const lines = this.buf.toString('latin1', 0, headEnd).split('\r\n');
      const [method, target, version] = (lines[0] ?? '').split(' ');
      if (!method || !target || !version?.startsWith('HTTP/1.')) return this.fail(400);
      const headers = new Map<string, string>();
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i] ?? '';
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const bodyStart = headEnd + 4;
      let body: Buffer;
      let consumed: number;
      if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
        const decoded = decodeChunkedBody(this.buf, bodyStart);
        if (decoded === 'bad') return this.fail(400);
        if (decoded === undefined) return this.maybeContinue(headers);
        ({ body, end: consumed } = decoded);
      } else {
        const len = Number(headers.get('content-length') ?? '0');
        if (!Number.isInteger(len) || len < 0) return this.fail(400);
        if (len > MAX_BODY) return this.fail(413);
        if (this.buf.length < bodyStart + len) return this.maybeContinue(headers);
        body = this.buf.subarray(bodyStart, bodyStart + len);
        consumed = bodyStart + len;
      }
      this.buf = this.buf.subarray(consumed);
      this.continued = false;
      const conn = (headers.get('connection') ?? '').toLowerCase();
      const keepAlive = version === 'HTTP/1.0' ? conn === 'keep-alive' : conn !== 'close';
      const q = target.indexOf('?');
      this.busy = true;
      const res = new RawResponse(this, keepAlive);
      this.current = res;
      this.handler({ method, path: q < 0 ? target : target.slice(0, q), headers, body }, res);
    }
  }

  maybeContinue(headers: ReadonlyMap<string, string>): void {
    if (this.buf.length > MAX_HEAD + MAX_BODY) return this.fail(413);
    if (!this.continued && (headers.get('expect') ?? '').toLowerCase() === '100-continue') {
      this.continued = true;
      this.socket.write(`${statusLine(100)}\r\n`);
    }
  }
}

/** Decodes a chunked body starting at `start`: undefined while incomplete. */
export function decodeChunkedBody(buf: Buffer, start: number): { body: Buffer; end: number } | 'bad' | undefined {
  const parts: Buffer[] = [];
  let pos = start;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) return undefined;
    const size = Number.parseInt(buf.toString('latin1', pos, eol).split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) return 'bad';
    if (size === 0) {
      const trailerEnd = buf.indexOf('\r\n\r\n', eol);
      if (trailerEnd === eol) return { body: Buffer.concat(parts), end: eol + 4 };
      return trailerEnd < 0 ? undefined : { body: Buffer.concat(parts), end: trailerEnd + 4 };
    }
    if (buf.length < eol + 2 + size + 2) return undefined;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
}

/**
 * One response on a connection. Writes after the response finished, or after the client
 * went away, are dropped, so a timer firing late can never corrupt the next exchange.
 */
export class RawResponse {
  private readonly conn: Connection;
  readonly keepAlive: boolean;
  private done = false;
  private abortListener: (() => void) | undefined;

  constructor(conn: Connection, keepAlive: boolean) {
    this.conn = conn;
    this.keepAlive = keepAlive;
  }

  /** True while the response may still be written. */
  get open(): boolean {
    return !this.done && !this.conn.closed;
  }

  /** Called once if the client disconnects before the response finished. */
  onAbort(fn: () => void): void {
    this.abortListener = fn;
  }

  /** @internal */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.abortListener?.();
  }

  private connectionHeader(): string {
    return this.keepAlive ? 'Connection: keep-alive\r\n' : 'Connection: close\r\n';
  }

  /** A complete response with a Content-Length body. */
  send(status: number, contentType: string, body: string): void {
    if (!this.open) return;
    const head = `${statusLine(status)}Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${this.connectionHeader()}\r\n`;
    this.conn.socket.write(head + body);
    this.complete();
  }

  /** Sends JSON (`body` is serialised unless already a string). */
  json(status: number, body: unknown): void {
    this.send(status, 'application/json', typeof body === 'string' ? body : `${JSON.stringify(body)}\n`);
  }

  /** Starts a chunked response; `first` (already framed with `frameChunk`) goes in the same write. */
  startChunked(status: number, contentType: string, first = ''): void {
    if (!this.open) return;
    this.conn.socket.write(
      `${statusLine(status)}Content-Type: ${contentType}\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n${this.connectionHeader()}\r\n${first}`,
    );
  }

  /** Writes bytes as they are (an already framed chunk, or a proxied body). */
  write(data: string | Buffer): void {
    if (this.open) this.conn.socket.write(data);
  }

  /** Writes the last bytes (if any) and finishes the response. */
  end(last: string | Buffer = ''): void {
    if (!this.open) return;
    if (last.length > 0) this.conn.socket.write(last);
    this.complete();
  }

  /** Cuts the connection (fault injection, upstream failure mid-stream). */
  destroy(): void {
    this.done = true;
    this.conn.socket.destroy();
  }

  private complete(): void {
    this.done = true;
    this.conn.finish(this.keepAlive);
  }
}

/** Terminating chunk of a chunked body. */
export const LAST_CHUNK = '0\r\n\r\n';
