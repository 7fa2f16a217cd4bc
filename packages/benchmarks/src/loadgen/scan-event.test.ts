import { describe, expect, it } from 'vitest';
import { scanEvent, scannedText, type ScannedEvent } from './scan-event.ts';

const scan = (json: string): { hasChoices: boolean; text: string; usageTokens: number } | false => {
  const out: ScannedEvent = { hasChoices: false, textStart: 0, textEnd: 0, textEscaped: false, usageTokens: -1 };
  const buf = Buffer.from(`xx${json}yy`);
  return scanEvent(buf, 2, 2 + Buffer.byteLength(json), out) ? { hasChoices: out.hasChoices, text: scannedText(buf, out), usageTokens: out.usageTokens } : false;
};

describe('scanEvent', () => {
  it.each([
    { name: 'a completion chunk', json: '{"id":"x","choices":[{"index":0,"text":" w1","logprobs":null}]}', want: { hasChoices: true, text: ' w1', usageTokens: -1 } },
    { name: 'a chat delta', json: '{"choices":[{"index":0,"delta":{"content":"Hi"}}]}', want: { hasChoices: true, text: 'Hi', usageTokens: -1 } },
    { name: 'a role-only chat delta', json: '{"choices":[{"delta":{"role":"assistant","content":null}}]}', want: { hasChoices: true, text: '', usageTokens: -1 } },
    { name: 'a usage-only event', json: '{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":128}}', want: { hasChoices: false, text: '', usageTokens: 128 } },
    { name: 'usage null', json: '{"choices":[{"text":"a"}],"usage":null}', want: { hasChoices: true, text: 'a', usageTokens: -1 } },
    { name: 'escaped text', json: '{"choices":[{"text":"a \\"q\\" \\u00e9\\n"}]}', want: { hasChoices: true, text: 'a "q" é\n', usageTokens: -1 } },
    { name: 'spaces around colons', json: '{ "choices" : [ { "text" : "b" } ] }', want: { hasChoices: true, text: 'b', usageTokens: -1 } },
    { name: 'multi-byte text', json: '{"choices":[{"text":"日本"}]}', want: { hasChoices: true, text: '日本', usageTokens: -1 } },
  ])('reads $name like JSON.parse would', ({ json, want }) => {
    expect(scan(json)).toStrictEqual(want);
  });

  it.each([
    { name: 'a non-object', json: '[1,2]' },
    { name: 'an event without choices or usage', json: '{"error":"boom"}' },
    { name: 'choices that are not a list', json: '{"choices":{"text":"a"}}' },
  ])('declines $name so the caller falls back to JSON.parse', ({ json }) => {
    expect(scan(json)).toBe(false);
  });
});
