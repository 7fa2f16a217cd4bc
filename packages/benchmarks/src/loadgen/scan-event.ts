/** What the fast scanner read from one SSE JSON event. */
export interface ScannedEvent {
  /** `choices` had at least one entry. */
  hasChoices: boolean;
  /** Bytes of `choices[0].text` / `choices[0].delta.content` inside its quotes (start = end when absent or null). */
  textStart: number;
  textEnd: number;
  /** The text contains JSON escapes: decode it with `scannedText`. */
  textEscaped: boolean;
  /** `usage.completion_tokens`, or -1 when absent. */
  usageTokens: number;
}

const Q = 34; // "
const BACKSLASH = 92;
const CHOICES = Buffer.from('choices"');
const CONTENT = Buffer.from('content"');
const COMPLETION_TOKENS = Buffer.from('completion_tokens"');
const TEXT = Buffer.from('text"');
const USAGE = Buffer.from('usage"');

/**
 * Reads the few fields sa-bench needs from an OpenAI stream event in `buf[a, b)` in one
 * pass without `JSON.parse` (the hot path at 100k events/s): it walks the strings of the
 * event, and only keys followed by `:` count. Returns false for a shape it does not
 * recognise (the caller then parses the event fully).
 */
export function scanEvent(buf: Buffer, a: number, b: number, out: ScannedEvent): boolean {
  out.hasChoices = false;
  out.textStart = 0;
  out.textEnd = 0;
  out.textEscaped = false;
  out.usageTokens = -1;
  if (buf[a] !== 123 /* { */) return false;
  let known = false;
  let textSet = false;
  let inUsage = false;
  let i = a + 1;
  while (i < b) {
    if (buf[i] !== Q) {
      i++;
      continue;
    }
    const close = stringEnd(buf, i, b);
    if (close < 0) return false;
    const colon = skipSpace(buf, close + 1, b);
    if (buf[colon] !== 58 /* : */) {
      i = close + 1; // a string value
      continue;
    }
    const v = skipSpace(buf, colon + 1, b);
    if (matches(buf, i + 1, close + 1, CHOICES)) {
      if (buf[v] !== 91 /* [ */) return false;
      known = true;
      out.hasChoices = buf[skipSpace(buf, v + 1, b)] !== 93 /* ] */;
      inUsage = false;
    } else if (!textSet && out.hasChoices && (matches(buf, i + 1, close + 1, TEXT) || matches(buf, i + 1, close + 1, CONTENT))) {
      if (buf[v] === Q) {
        const end = stringEnd(buf, v, b);
        if (end < 0) return false;
        out.textStart = v + 1;
        out.textEnd = end;
        out.textEscaped = hasEscape(buf, v + 1, end);
        textSet = true;
        i = end + 1;
        continue;
      }
      if (buf[v] !== 110 /* null */) return false;
      textSet = true;
    } else if (matches(buf, i + 1, close + 1, USAGE)) {
      known = true;
      if (buf[v] === 123) inUsage = true;
      else if (buf[v] !== 110) return false;
    } else if (inUsage && matches(buf, i + 1, close + 1, COMPLETION_TOKENS)) {
      let n = 0;
      let q = v;
      for (; q < b; q++) {
        const d = (buf[q] as number) - 48;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (q === v) return false;
      out.usageTokens = n;
    }
    i = v;
  }
  return known && (out.usageTokens >= 0 || !inUsage);
}

/** Index of the closing quote of the string opening at `p`, or -1. */
function stringEnd(buf: Buffer, p: number, b: number): number {
  for (let q = p + 1; q < b; q++) {
    const c = buf[q];
    if (c === BACKSLASH) q++;
    else if (c === Q) return q;
  }
  return -1;
}

function matches(buf: Buffer, s: number, e: number, key: Buffer): boolean {
  if (e - s !== key.length) return false;
  for (let j = 0; j < key.length; j++) if (buf[s + j] !== key[j]) return false;
  return true;
}

function skipSpace(buf: Buffer, p: number, b: number): number {
  while (p < b) {
    const c = buf[p];
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    p++;
  }
  return p;
}

function hasEscape(buf: Buffer, s: number, e: number): boolean {
  for (let q = s; q < e; q++) if (buf[q] === BACKSLASH) return true;
  return false;
}

/** The decoded text of a scanned event (allocates: for the rare escaped texts and for tests). */
export function scannedText(buf: Buffer, out: ScannedEvent): string {
  if (out.textEnd <= out.textStart) return '';
  return out.textEscaped
    ? (JSON.parse(buf.toString('utf8', out.textStart - 1, out.textEnd + 1)) as string)
    : buf.toString('utf8', out.textStart, out.textEnd);
}
