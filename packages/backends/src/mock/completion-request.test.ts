import { describe, expect, it } from 'vitest';
import { outputLength, parseCompletionRequest, type CompletionRequest } from './completion-request.ts';

describe('parseCompletionRequest', () => {
  it.each([
    ['a string prompt (whitespace words)', 'completion', { prompt: '  one two\tthree\nfour ' }, 4],
    ['a list of prompts', 'completion', { prompt: ['one two', 'three'] }, 3],
    ['a prompt of token ids', 'completion', { prompt: [101, 102, 103] }, 3],
    ['chat messages with string and part contents', 'chat', { messages: [{ content: 'a b' }, { content: [{ type: 'text', text: 'c d e' }] }] }, 5],
  ] as const)('counts the prompt tokens of %s', (_name, kind, body, tokens) => {
    const r = parseCompletionRequest(kind, JSON.stringify(body));
    expect(r.ok && r.request.promptTokens).toBe(tokens);
  });

  it('reads stream, include_usage, max_tokens and ignore_eos', () => {
    const body = { model: 'm', prompt: 'x', stream: true, stream_options: { include_usage: true }, max_tokens: 7, ignore_eos: true };
    expect(parseCompletionRequest('completion', JSON.stringify(body))).toStrictEqual({
      ok: true,
      request: { kind: 'completion', model: 'm', stream: true, includeUsage: true, maxTokens: 7, ignoreEos: true, promptTokens: 1 },
    });
  });

  it('prefers max_completion_tokens for chat', () => {
    const r = parseCompletionRequest('chat', JSON.stringify({ messages: [], max_tokens: 3, max_completion_tokens: 9 }));
    expect(r.ok && r.request.maxTokens).toBe(9);
  });

  it.each([
    ['{', 'request body is not valid JSON'],
    ['[1]', 'request body must be a JSON object'],
    ['{"prompt":"a","max_tokens":1.5}', 'max_tokens must be a whole number >= 0, got 1.5'],
    ['{"max_tokens":1}', 'prompt is required'],
  ])('rejects %s', (body, message) => {
    expect(parseCompletionRequest('completion', body)).toStrictEqual({ ok: false, message });
  });
});

describe('outputLength', () => {
  const req = (maxTokens: number | undefined, ignoreEos: boolean): CompletionRequest => ({ kind: 'completion', model: undefined, stream: true, includeUsage: false, maxTokens, ignoreEos, promptTokens: 1 });
  it.each([
    [10, true, { tokens: 10, finishReason: 'length' }],
    [10, false, { tokens: 5, finishReason: 'stop' }],
    [3, false, { tokens: 3, finishReason: 'length' }],
    [undefined, false, { tokens: 5, finishReason: 'stop' }],
    [undefined, true, { tokens: 5, finishReason: 'stop' }],
  ])('max_tokens %s, ignore_eos %s, natural length 5 → %j', (maxTokens, ignoreEos, expected) => {
    expect(outputLength(req(maxTokens, ignoreEos), 5)).toStrictEqual(expected);
  });
});
