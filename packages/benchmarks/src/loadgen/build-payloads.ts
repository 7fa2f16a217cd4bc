import type { SaRequest } from './prompts.ts';

export interface PayloadOptions {
  readonly host: string;
  readonly port: number;
  /** Path of the endpoint: `/v1/completions` or `/v1/chat/completions`. */
  readonly path: string;
  readonly model: string;
  readonly chat: boolean;
  readonly ignoreEos: boolean;
  readonly apiKey?: string;
}

/** The JSON body sa-bench's `dynamo` request function sends (§3.4), or its chat counterpart. */
function buildRequestBody(req: SaRequest, opts: Pick<PayloadOptions, 'model' | 'chat' | 'ignoreEos'>): Record<string, unknown> {
  const head = opts.chat
    ? { model: opts.model, messages: [{ role: 'user', content: req.prompt }] }
    : { model: opts.model, prompt: req.prompt };
  return {
    ...head,
    temperature: 0.0,
    best_of: 1,
    max_tokens: req.outputLen,
    logprobs: null,
    stream: true,
    stream_options: { include_usage: true },
    ...(opts.ignoreEos ? { ignore_eos: true } : {}),
  };
}

/** A complete HTTP/1.1 request (head + JSON body) ready to write to a socket. */
export function buildRequestPayload(req: SaRequest, opts: PayloadOptions): Buffer {
  const body = Buffer.from(JSON.stringify(buildRequestBody(req, opts)));
  const auth = opts.apiKey === undefined ? '' : `Authorization: Bearer ${opts.apiKey}\r\n`;
  const head =
    `POST ${opts.path} HTTP/1.1\r\nHost: ${opts.host}:${opts.port}\r\nUser-Agent: srtctl-sa-bench\r\n` +
    `Accept: text/event-stream\r\nContent-Type: application/json\r\n${auth}Content-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
