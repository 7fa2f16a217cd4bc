/**
 * OpenAI response bodies of one request: SSE events (`data: {json}\n\n`) for streams and
 * the complete JSON for non-streaming answers. The constant parts of an event are built
 * once per request, so a token costs two string concatenations.
 */
export interface OpenAiEvents {
  /** `data: …` event carrying tokens `[from, from + count)`; `finish` on the last one. */
  tokens(from: number, count: number, finish: 'length' | 'stop' | null): string;
  /** Usage-only event (`choices: []`), sent when `stream_options.include_usage` is set. */
  usage(promptTokens: number, completionTokens: number): string;
  /** Complete non-streaming body. */
  full(completionTokens: number, finish: 'length' | 'stop', promptTokens: number): string;
}

/** The text of token `i`: a word with a leading space (one token = one word). */
const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'do', 'eiusmod', 'tempor', 'incididunt', 'ut', 'labore', 'et', 'dolore', 'magna', 'aliqua'].map((w) => ` ${w}`);

/** Token texts repeat with this period: the text of tokens `[from, from + k)` depends on `from % TOKEN_TEXT_PERIOD` only. */
export const TOKEN_TEXT_PERIOD = WORDS.length;

/** Text of tokens `[from, from + count)`. */
export function tokenText(from: number, count: number): string {
  let s = '';
  for (let i = from; i < from + count; i++) s += WORDS[i % WORDS.length];
  return s;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

/** Builds the bodies of one request of `kind`, answered as `model`. */
export function createOpenAiEvents(kind: 'completion' | 'chat', id: number, model: string, created: number): OpenAiEvents {
  const idText = kind === 'chat' ? `chatcmpl-mock-${id}` : `cmpl-mock-${id}`;
  const object = kind === 'chat' ? 'chat.completion' : 'text_completion';
  const chunkObject = kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  const common = `"id":${JSON.stringify(idText)},"object":"${chunkObject}","created":${created},"model":${JSON.stringify(model)}`;
  const head = `data: {${common},"choices":[{"index":0,`;
  const usageJson = (p: number, c: number): string => `{"prompt_tokens":${p},"completion_tokens":${c},"total_tokens":${p + c}}`;
  const finishJson = (f: string | null): string => (f === null ? 'null' : `"${f}"`);
  return {
    tokens(from, count, finish) {
      const text = JSON.stringify(tokenText(from, count));
      const body = kind === 'chat' ? `"delta":{${from === 0 ? '"role":"assistant",' : ''}"content":${text}}` : `"text":${text}`;
      return `${head}${body},"logprobs":null,"finish_reason":${finishJson(finish)}}]}\n\n`;
    },
    usage(p, c) {
      return `data: {${common},"choices":[],"usage":${usageJson(p, c)}}\n\n`;
    },
    full(c, finish, p) {
      const text = JSON.stringify(tokenText(0, c));
      const choice = kind === 'chat' ? `"message":{"role":"assistant","content":${text}}` : `"text":${text}`;
      return `{"id":${JSON.stringify(idText)},"object":"${object}","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,${choice},"logprobs":null,"finish_reason":"${finish}"}],"usage":${usageJson(p, c)}}\n`;
    },
  };
}
