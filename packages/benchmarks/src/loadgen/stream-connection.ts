import { performance } from 'node:perf_hooks';
import type { ConnectionIo, OpenIo } from './connection-io.ts';
import { countChunkTokenBytes } from './prompts.ts';
import { scanEvent, scannedText, type ScannedEvent } from './scan-event.ts';

/** What one streamed request measured, in milliseconds of the transport's clock. */
export interface StreamOutcome {
  readonly success: boolean;
  readonly error: string;
  /** Time of the first chunk with choices minus start (0 when none arrived). */
  readonly ttftMs: number;
  /** Gaps between consecutive chunks with choices. */
  readonly itlMs: Float64Array;
  /** Time of the last chunk with choices minus start. */
  readonly latencyMs: number;
  /** `usage.completion_tokens` of the last chunk that had usage, else null. */
  readonly usageTokens: number | null;
  /** Tokens counted from the streamed chunks (`countChunkTokens` per chunk). */
  readonly chunkTokens: number;
  /** Chunks that arrived in the same socket read as the previous one (gap exactly 0). */
  readonly coalescedChunks: number;
  readonly text: string;
}

/** Live totals shared by the connections of a phase (read by the progress timer). */
export interface LiveTokens {
  outputTokens: number;
}

const S_IDLE = 0;
const S_HEAD = 1;
const S_CHUNK_SIZE = 2;
const S_CHUNK_DATA = 3;
const S_CHUNK_CRLF = 4;
const S_CHUNK_TRAILER = 5;
const S_LENGTH = 6;
const S_UNTIL_CLOSE = 7;

const HEAD_END = Buffer.from('\r\n\r\n');
const SCANNED: ScannedEvent = { hasChoices: false, textStart: 0, textEnd: 0, textEscaped: false, usageTokens: -1 };

/**
 * One keep-alive HTTP/1.1 connection that streams server-sent events: chunked decoding and
 * SSE line splitting on bytes, every token stamped with the time its read arrived (the
 * kernel's receive time, or `performance.now()` at the read, depending on the transport).
 */
export class StreamConnection {
  private io: ConnectionIo | undefined;
  private alive = false;
  private state = S_IDLE;
  private head: Buffer | undefined;
  private remaining = 0;
  private trailerLineLen = 0;
  private inExtension = false;
  private keepAlive = true;
  private status = 0;
  private reason = '';
  private errorBody = '';
  private carry: Buffer | undefined;
  // per-request measurements
  private start = 0;
  private first = 0;
  private last = 0;
  // Per-request ITLs and text bytes go into buffers reused across requests: no per-token
  // allocation, so the young generation stays small and scavenges stay short.
  private itl = new Float64Array(256);
  private itlLen = 0;
  private text = Buffer.allocUnsafe(2048);
  private textLen = 0;
  private usage: number | null = null;
  private chunkTokens = 0;
  private coalesced = 0;
  private failure = '';
  private resolve: ((o: StreamOutcome) => void) | undefined;
  private payload: Buffer | undefined;
  /** The socket already answered a request (a keep-alive socket the server may close any time). */
  private reused = false;
  private gotBytes = false;
  /** `performance.now()` of the request's send or its last read (what the stall watchdog reads). */
  private activity = 0;

  private readonly openIo: OpenIo;
  private readonly live: LiveTokens;

  constructor(openIo: OpenIo, live: LiveTokens) {
    this.openIo = openIo;
    this.live = live;
  }

  /** Sends a pre-built HTTP request and resolves when its response has ended (never rejects). */
  request(payload: Buffer): Promise<StreamOutcome> {
    if (this.resolve) throw new Error('StreamConnection: request while busy');
    this.resetRequest();
    const done = new Promise<StreamOutcome>((r) => {
      this.resolve = r;
    });
    if (!this.alive) this.open();
    this.payload = payload;
    this.send();
    return done;
  }

  /** The request in flight (undefined when idle): when it last heard from the server, and how far it got. */
  progress(): { readonly lastActivity: number; readonly firstToken: boolean; readonly tokens: number } | undefined {
    if (!this.resolve) return undefined;
    return { lastActivity: this.activity, firstToken: this.first !== 0, tokens: this.chunkTokens };
  }

  private send(): void {
    this.state = S_HEAD;
    this.gotBytes = false;
    this.activity = performance.now();
    if (this.io && this.payload) this.start = this.io.write(this.payload);
  }

  /** Closes the socket; a request in flight fails with `reason`. */
  close(reason = 'connection closed by the client'): void {
    this.fail(reason);
    this.io?.destroy();
    this.alive = false;
  }

  private resetRequest(): void {
    this.head = undefined;
    this.carry = undefined;
    this.first = 0;
    this.last = 0;
    this.itlLen = 0;
    this.textLen = 0;
    this.usage = null;
    this.chunkTokens = 0;
    this.coalesced = 0;
    this.failure = '';
    this.status = 0;
    this.reason = '';
    this.errorBody = '';
  }

  private open(): void {
    // Events of a transport this connection has since replaced are ignored.
    const io: ConnectionIo = this.openIo({
      onData: (buf, s, e, t) => {
        if (this.io === io) this.onRead(buf, s, e, t);
      },
      onError: (message) => {
        if (this.io === io) this.fail(message, true);
      },
      onEnd: () => {
        if (this.io === io) this.onEnd();
      },
      onClose: () => {
        if (this.io !== io) return;
        this.alive = false;
        this.fail('connection closed by the server before the response ended', true);
      },
    });
    this.io = io;
    this.alive = true;
    this.reused = false;
  }

  private onEnd(): void {
    if (this.state === S_UNTIL_CLOSE) this.finish();
    this.alive = false;
  }

  private onRead(buf: Buffer, start: number, end: number, t: number): void {
    this.gotBytes = true;
    this.activity = performance.now();
    let pos = start;
    while (pos < end && this.resolve) pos = this.step(buf, pos, end, t);
  }

  /** Consumes bytes from `pos` in the current state; returns the new position. */
  private step(buf: Buffer, pos: number, end: number, t: number): number {
    switch (this.state) {
      case S_HEAD:
        return this.readHead(buf, pos, end);
      case S_CHUNK_SIZE:
        for (; pos < end; pos++) {
          const c = buf[pos] as number;
          if (c === 10) {
            this.state = this.remaining === 0 ? S_CHUNK_TRAILER : S_CHUNK_DATA;
            this.trailerLineLen = 0;
            this.inExtension = false;
            return pos + 1;
          }
          if (this.inExtension) continue;
          const h = hexValue(c);
          if (h >= 0) this.remaining = this.remaining * 16 + h;
          else if (c === 59) this.inExtension = true; // ';' starts a chunk extension
        }
        return pos;
      case S_CHUNK_DATA: {
        const take = Math.min(this.remaining, end - pos);
        this.body(buf, pos, pos + take, t);
        this.remaining -= take;
        if (this.remaining === 0) this.state = S_CHUNK_CRLF;
        return pos + take;
      }
      case S_CHUNK_CRLF:
        for (; pos < end; pos++) {
          if (buf[pos] === 10) {
            this.state = S_CHUNK_SIZE;
            this.remaining = 0;
            return pos + 1;
          }
        }
        return pos;
      case S_CHUNK_TRAILER:
        for (; pos < end; pos++) {
          if (buf[pos] === 10) {
            if (this.trailerLineLen === 0) {
              this.finish();
              return pos + 1;
            }
            this.trailerLineLen = 0;
          } else if (buf[pos] !== 13) this.trailerLineLen++;
        }
        return pos;
      case S_LENGTH: {
        const take = Math.min(this.remaining, end - pos);
        this.body(buf, pos, pos + take, t);
        this.remaining -= take;
        if (this.remaining === 0) this.finish();
        return pos + take;
      }
      case S_UNTIL_CLOSE:
        this.body(buf, pos, end, t);
        return end;
      default:
        return end; // bytes outside a response are ignored
    }
  }

  private readHead(buf: Buffer, pos: number, end: number): number {
    const chunk = buf.subarray(pos, end);
    const prevLen = this.head ? this.head.length : 0;
    const all = this.head ? Buffer.concat([this.head, chunk]) : chunk;
    const idx = all.indexOf(HEAD_END, Math.max(0, prevLen - 3));
    if (idx < 0) {
      this.head = Buffer.from(all);
      if (this.head.length > 65536) this.close('response headers larger than 64 KiB');
      return end;
    }
    this.head = undefined;
    this.parseHead(all.toString('latin1', 0, idx));
    if (this.status !== 200) this.failure = `HTTP ${this.status} ${this.reason}`.trim();
    if (this.state === S_LENGTH && this.remaining === 0) this.finish();
    return pos + (idx + 4 - prevLen);
  }

  private parseHead(text: string): void {
    const lines = text.split('\r\n');
    const statusLine = lines[0] ?? '';
    const m = /^HTTP\/1\.([01]) (\d{3}) ?(.*)$/.exec(statusLine);
    this.status = m ? Number(m[2]) : 0;
    this.reason = m ? (m[3] ?? '') : `malformed status line: ${statusLine.slice(0, 80)}`;
    this.keepAlive = m ? m[1] === '1' : false;
    let chunked = false;
    let length = -1;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'transfer-encoding') chunked = value.includes('chunked');
      else if (name === 'content-length') length = Number.parseInt(value, 10);
      else if (name === 'connection') this.keepAlive = value.includes('keep-alive') || (this.keepAlive && !value.includes('close'));
    }
    if (chunked) {
      this.state = S_CHUNK_SIZE;
      this.remaining = 0;
    } else if (length >= 0) {
      this.state = S_LENGTH;
      this.remaining = length;
    } else {
      this.state = S_UNTIL_CLOSE;
      this.keepAlive = false;
    }
  }

  private body(buf: Buffer, s: number, e: number, t: number): void {
    if (s >= e) return;
    if (this.status !== 200) {
      if (this.errorBody.length < 300) this.errorBody += buf.toString('utf8', s, Math.min(e, s + 300));
      return;
    }
    let pos = s;
    if (this.carry) {
      const nl = findNewline(buf, s, e);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, buf.subarray(s, e)]);
        return;
      }
      const line = Buffer.concat([this.carry, buf.subarray(s, nl)]);
      this.carry = undefined;
      this.line(line, 0, line.length, t);
      pos = nl + 1;
    }
    while (pos < e) {
      const nl = findNewline(buf, pos, e);
      if (nl < 0) {
        this.carry = Buffer.from(buf.subarray(pos, e));
        return;
      }
      this.line(buf, pos, nl, t);
      pos = nl + 1;
    }
  }

  /** One SSE line [a, b) without its `\n`. */
  private line(buf: Buffer, a: number, b: number, t: number): void {
    while (b > a && isSpace(buf[b - 1] as number)) b--;
    while (a < b && isSpace(buf[a] as number)) a++;
    if (a === b) return;
    const c0 = buf[a];
    if (c0 === 58 /* : */) return;
    if (c0 === 101 /* e */ && startsWith(buf, a, b, EVENT_PREFIX)) return;
    if (c0 === 100 /* d */ && startsWith(buf, a, b, DATA_PREFIX)) {
      a += 5;
      while (a < b && buf[a] === 32) a++;
    }
    if (b - a === 6 && startsWith(buf, a, b, DONE)) return;
    if (scanEvent(buf, a, b, SCANNED)) {
      if (SCANNED.hasChoices) {
        if (SCANNED.textEscaped) this.onTokenText(scannedText(buf, SCANNED), t);
        else this.onToken(buf, SCANNED.textStart, SCANNED.textEnd, t);
      }
      if (SCANNED.usageTokens >= 0) this.usage = SCANNED.usageTokens;
      return;
    }
    let event: SseEvent;
    try {
      event = JSON.parse(buf.toString('utf8', a, b)) as SseEvent;
    } catch {
      this.failure ||= `invalid JSON in the event stream: ${buf.toString('utf8', a, Math.min(b, a + 120))}`;
      return;
    }
    this.onEvent(event, t);
  }

  private onEvent(event: SseEvent, t: number): void {
    const choices = event.choices;
    if (Array.isArray(choices) && choices.length > 0) {
      const ch = choices[0];
      this.onTokenText(ch?.text ?? ch?.delta?.content ?? '', t);
    }
    const usage = event.usage;
    if (usage && typeof usage.completion_tokens === 'number') this.usage = usage.completion_tokens;
  }

  private onTokenText(piece: string, t: number): void {
    const bytes = Buffer.from(piece);
    this.onToken(bytes, 0, bytes.length, t);
  }

  /** A token event whose text is the UTF-8 bytes `buf[s, e)`. */
  private onToken(buf: Buffer, s: number, e: number, t: number): void {
    if (this.first === 0) this.first = t;
    else {
      const gap = t - this.last;
      if (gap === 0) this.coalesced++;
      if (this.itlLen === this.itl.length) {
        const grown = new Float64Array(this.itl.length * 2);
        grown.set(this.itl);
        this.itl = grown;
      }
      this.itl[this.itlLen++] = gap;
    }
    this.last = t;
    const n = e - s;
    if (n > 0) {
      if (this.textLen + n > this.text.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.text.length * 2, this.textLen + n));
        this.text.copy(grown, 0, 0, this.textLen);
        this.text = grown;
      }
      buf.copy(this.text, this.textLen, s, e);
      this.textLen += n;
    }
    const k = countChunkTokenBytes(buf, s, e);
    this.chunkTokens += k;
    this.live.outputTokens += k;
  }

  private finish(): void {
    const resolve = this.resolve;
    if (!resolve) return;
    this.resolve = undefined;
    this.state = S_IDLE;
    this.reused = true;
    if (!this.keepAlive) {
      this.io?.destroy();
      this.alive = false;
    }
    let error = this.failure;
    if (error && this.status !== 200 && this.errorBody) error += `: ${this.errorBody.trim().slice(0, 200)}`;
    if (!error && this.first === 0) error = 'Never received a valid chunk to calculate TTFT.This response will be marked as failed!';
    resolve(this.outcome(error));
  }

  private fail(reason: string, fromSocket = false): void {
    const resolve = this.resolve;
    if (!resolve) return;
    if (fromSocket && this.reused && !this.gotBytes) {
      // The server closed an idle keep-alive socket as we reused it: resend once on a new one.
      this.io?.destroy();
      this.open();
      this.send();
      return;
    }
    this.resolve = undefined;
    this.state = S_IDLE;
    this.io?.destroy();
    this.alive = false;
    resolve(this.outcome(this.failure || reason));
  }

  private outcome(error: string): StreamOutcome {
    return {
      success: error === '',
      error,
      ttftMs: this.first === 0 ? 0 : this.first - this.start,
      itlMs: this.itl.slice(0, this.itlLen),
      latencyMs: this.last === 0 ? 0 : this.last - this.start,
      usageTokens: this.usage,
      chunkTokens: this.chunkTokens,
      coalescedChunks: this.coalesced,
      text: this.text.toString('utf8', 0, this.textLen),
    };
  }
}

interface SseEvent {
  readonly choices?: readonly { readonly text?: string; readonly delta?: { readonly content?: string | null } }[];
  readonly usage?: { readonly completion_tokens?: unknown } | null;
}

const EVENT_PREFIX = Buffer.from('event:');
const DATA_PREFIX = Buffer.from('data:');
const DONE = Buffer.from('[DONE]');

function startsWith(buf: Buffer, a: number, b: number, prefix: Buffer): boolean {
  if (b - a < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[a + i] !== prefix[i]) return false;
  return true;
}

/** Index of the first `\n` in [s, e), or -1 (bounded: bytes after `e` are stale). */
function findNewline(buf: Buffer, s: number, e: number): number {
  for (let i = s; i < e; i++) if (buf[i] === 10) return i;
  return -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 13 || c === 9 || c === 10;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
