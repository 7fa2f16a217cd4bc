/**
 * What the mock reads from an OpenAI completion request, and how long its answer is.
 *
 * Prompt tokens are counted as whitespace-separated words of the prompt (of every message
 * content for chat; a prompt given as token ids counts its ids). Output tokens are words
 * too, so `usage.completion_tokens` equals the number of words streamed.
 */
export interface CompletionRequest {
  readonly kind: 'completion' | 'chat';
  readonly model: string | undefined;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly maxTokens: number | undefined;
  readonly ignoreEos: boolean;
  readonly promptTokens: number;
}

export type ParsedCompletion = { readonly ok: true; readonly request: CompletionRequest } | { readonly ok: false; readonly message: string };

/** Parses the JSON body of `/v1/completions` (`kind: completion`) or `/v1/chat/completions`. */
export function parseCompletionRequest(kind: 'completion' | 'chat', body: string): ParsedCompletion {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: 'request body is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, message: 'request body must be a JSON object' };
  const r = json as Record<string, unknown>;
  const maxRaw = kind === 'chat' ? (r['max_completion_tokens'] ?? r['max_tokens']) : r['max_tokens'];
  if (maxRaw !== undefined && maxRaw !== null && !(Number.isInteger(maxRaw) && (maxRaw as number) >= 0)) {
    return { ok: false, message: `max_tokens must be a whole number >= 0, got ${JSON.stringify(maxRaw)}` };
  }
  let promptTokens: number;
  if (kind === 'chat') {
    if (!Array.isArray(r['messages'])) return { ok: false, message: 'messages must be a list of chat messages' };
    promptTokens = r['messages'].reduce<number>((n, m) => n + countContent((m as { content?: unknown } | null)?.content), 0);
  } else {
    if (r['prompt'] === undefined) return { ok: false, message: 'prompt is required' };
    promptTokens = countPrompt(r['prompt']);
  }
  const streamOptions = r['stream_options'] as { include_usage?: unknown } | null | undefined;
  return {
    ok: true,
    request: {
      kind,
      model: typeof r['model'] === 'string' ? r['model'] : undefined,
      stream: r['stream'] === true,
      includeUsage: streamOptions?.include_usage === true,
      maxTokens: typeof maxRaw === 'number' ? maxRaw : undefined,
      ignoreEos: r['ignore_eos'] === true,
      promptTokens,
    },
  };
}

function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13);
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function countPrompt(prompt: unknown): number {
  if (typeof prompt === 'string') return countWords(prompt);
  if (Array.isArray(prompt)) {
    return prompt.reduce<number>((n, p) => n + (typeof p === 'number' ? 1 : countPrompt(p)), 0);
  }
  return 0;
}

function countContent(content: unknown): number {
  if (typeof content === 'string') return countWords(content);
  if (Array.isArray(content)) {
    return content.reduce<number>((n, part) => n + countContent((part as { text?: unknown } | null)?.text), 0);
  }
  return 0;
}

/**
 * Output length: `max_tokens` with `ignore_eos`; otherwise the natural length capped by
 * `max_tokens`. `finish_reason` is `length` when `max_tokens` was what stopped it.
 */
export function outputLength(req: CompletionRequest, naturalLength: number): { readonly tokens: number; readonly finishReason: 'length' | 'stop' } {
  const tokens = req.ignoreEos ? (req.maxTokens ?? naturalLength) : Math.min(req.maxTokens ?? naturalLength, naturalLength);
  return { tokens, finishReason: tokens === req.maxTokens ? 'length' : 'stop' };
}
