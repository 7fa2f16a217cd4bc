import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/** One write of a scripted response: raw bytes after a pause. */
export interface ScriptedWrite {
  readonly afterMs: number;
  readonly bytes: string;
  /** Close the connection after this write. */
  readonly close?: boolean;
}

/** A completion request as the test server saw it. */
export interface SeenRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/**
 * A raw TCP HTTP/1.1 server for tests: each request gets the scripted writes returned by
 * `respond` (so tests control chunk boundaries, framing and timing), keep-alive by default.
 */
export async function startScriptedServer(
  respond: (req: SeenRequest, index: number) => readonly ScriptedWrite[],
): Promise<{ readonly url: string; readonly seen: SeenRequest[]; readonly close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let busy = Promise.resolve();
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of head.slice(1)) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        const len = Number(headers['content-length'] ?? 0);
        if (buf.length < end + 4 + len) return;
        const body = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString() || '{}') as Record<string, unknown>;
        buf = buf.subarray(end + 4 + len);
        const req: SeenRequest = { path: (head[0] ?? '').split(' ')[1] ?? '', headers, body };
        const index = seen.length;
        seen.push(req);
        const writes = respond(req, index);
        busy = busy.then(async () => {
          for (const w of writes) {
            if (w.afterMs > 0) await new Promise((r) => setTimeout(r, w.afterMs));
            if (!socket.destroyed) socket.write(w.bytes);
            if (w.close) socket.end();
          }
        });
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The head of a chunked 200 event-stream response. */
export const SSE_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n';

/** One chunk of chunked transfer encoding. */
export function chunk(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

/** The terminating chunk. */
export const LAST_CHUNK = '0\r\n\r\n';

/** `data: <json>\n\n` for a completion event with `text`. */
export function textEvent(text: string): string {
  return `data: ${JSON.stringify({ id: 'x', object: 'text_completion', choices: [{ index: 0, text, finish_reason: null }] })}\n\n`;
}

/** A usage-only event. */
export function usageEvent(completionTokens: number): string {
  return `data: ${JSON.stringify({ id: 'x', choices: [], usage: { prompt_tokens: 1, completion_tokens: completionTokens, total_tokens: completionTokens + 1 } })}\n\n`;
}

/** A streamed completion: `pieces` as events `gapMs` apart, optional usage, `[DONE]`. */
export function streamedCompletion(pieces: readonly string[], opts: { readonly gapMs?: number; readonly usage?: number; readonly ttftMs?: number } = {}): ScriptedWrite[] {
  const writes: ScriptedWrite[] = [{ afterMs: 0, bytes: SSE_HEAD }];
  pieces.forEach((p, i) => writes.push({ afterMs: i === 0 ? (opts.ttftMs ?? 0) : (opts.gapMs ?? 0), bytes: chunk(textEvent(p)) }));
  if (opts.usage !== undefined) writes.push({ afterMs: 0, bytes: chunk(usageEvent(opts.usage)) });
  writes.push({ afterMs: 0, bytes: chunk('data: [DONE]\n\n') + LAST_CHUNK });
  return writes;
}
