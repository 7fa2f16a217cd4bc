import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';

/**
 * Seeded mutations of the shipped recipes (examples/ and the spec's examples copied into
 * tests/fixtures): type swaps, deleted/unknown/duplicated keys, huge and negative numbers,
 * unicode and control characters, deep nesting, anchors and aliases, merge keys, 1 MB strings,
 * binary garbage, format specs, several documents. A case is plain data, so fast-check can
 * shrink and replay it from its seed.
 */

const ROOT = join(import.meta.dirname, '../..');
const SEED_DIRS = ['examples', 'tests/fixtures/recipes/examples'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** The seed recipes: relative name → text (sorted, so a seed replays the same case). */
export const SEED_RECIPES: ReadonlyMap<string, string> = new Map(
  SEED_DIRS.flatMap((d) => yamlFiles(join(ROOT, d)))
    .map((p) => [relative(ROOT, p), readFileSync(p, 'utf8')] as const)
    .sort(([a], [b]) => a.localeCompare(b)),
);

const MB_STRING = 'x'.repeat(1 << 20);

/** Values that have broken parsers, planners or shells before. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    0, -1, -2147483648, 2147483647, 2 ** 53, 1e308, -1e308, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 100000, 1024, 1025,
    true, false, null, '', ' ', [], {}, [[]], [{}], { a: { b: { c: {} } } },
    '{job_id:>100000000}', '{job_id:.100000000}', '{job_id:05d}', '{gpus_per_node:,}', '{nope}', '{', '}', '{{}}', '{0}', '{a.b}', '{job_id!r}',
    '$(touch /tmp/pwned)', '`id`', "'; rm -rf / #", '"; echo hi "', 'a\nb', 'x:y,z', '/a:/b:ro,rw', '--flag=1 --other', '-', '--',
    '\u0000', '\u0007bell', '\u202Eevil', '😀'.repeat(50), 'ﬁ', '\uFEFF', '\\', '%', '%(x)s', '${HOME}', '$HOME',
    '04:00:00', '1e5', 'yes', 'no', 'on', '0x10', '0o17', '.inf', '.nan', '~',
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant(MB_STRING),
  fc.array(fc.integer({ min: -5, max: 100 }), { maxLength: 8 }),
);

const hostileKey = fc.oneof(
  fc.constantFrom('gpus_per_nodes', 'type', 'sweep', '<<', '__proto__', 'constructor', 'prototype', 'toString', '', ' ', '-', '--x', 'A=B', 'x y', '$(id)', '\u0000', '😀', 'k'.repeat(100000)),
  fc.string({ maxLength: 20 }),
);

/** One change to a recipe; `pick` chooses the path (modulo the number of paths) so every value fits any document. */
export type Mutation =
  | { readonly kind: 'set'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'add'; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'duplicate'; readonly pick: number; readonly times: number }
  | { readonly kind: 'nest'; readonly pick: number; readonly depth: number; readonly list: boolean }
  | { readonly kind: 'swap'; readonly pick: number }
  | { readonly kind: 'text'; readonly op: TextOp; readonly at: number; readonly n: number; readonly junk: string };

type TextOp = 'alias-bomb' | 'bad-merge' | 'good-merge' | 'unresolved-alias' | 'garbage' | 'truncate' | 'duplicate-line' | 'bom' | 'several-documents' | 'indent' | 'deep-flow' | 'many-keys' | 'tab' | 'deep-block';

const TEXT_OPS: readonly TextOp[] = ['alias-bomb', 'bad-merge', 'good-merge', 'unresolved-alias', 'garbage', 'truncate', 'duplicate-line', 'bom', 'several-documents', 'indent', 'deep-flow', 'many-keys', 'tab', 'deep-block'];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: hostileKey, value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat(), times: fc.integer({ min: 2, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), pick: fc.nat(), depth: fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constant(200)), list: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap' as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      op: fc.constantFrom(...TEXT_OPS),
      at: fc.nat(),
      n: fc.integer({ min: 1, max: 200_000 }),
      junk: fc.string({ unit: 'binary', maxLength: 64 }),
    }),
  },
);

/** A case: which seed recipe, and the changes made to it. */
export interface FuzzCase {
  readonly seed: string;
  readonly mutations: readonly Mutation[];
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  seed: fc.constantFrom(...SEED_RECIPES.keys()),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

type Path = readonly (string | number)[];

function paths(doc: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 5000) return out;
  if (Array.isArray(doc)) doc.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (typeof doc === 'object' && doc !== null) for (const [k, x] of Object.entries(doc)) paths(x, [...prefix, k], out);
  return out;
}

function update(doc: unknown, path: Path, f: (value: unknown, parent: unknown, key: string | number | undefined) => unknown): unknown {
  if (path.length === 0) return f(doc, undefined, undefined);
  const [head, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    copy[head as number] = update(copy[head as number], rest, f);
    return copy;
  }
  if (typeof doc === 'object' && doc !== null) {
    const copy: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
    Object.defineProperty(copy, String(head), { value: update(copy[String(head)], rest, f), enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return doc;
}

const DELETE = Symbol('delete');

function clean(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.filter((x) => x !== DELETE).map(clean);
  if (typeof doc === 'object' && doc !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(doc)) {
      if (x !== DELETE) Object.defineProperty(out, k, { value: clean(x), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return doc;
}

function swapped(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return /^\d+$/.test(value) ? Number(value) : [value];
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (Array.isArray(value)) return Object.fromEntries(value.map((x, i) => [String(i), x]));
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return {};
}

function applyDocMutation(doc: unknown, m: Exclude<Mutation, { kind: 'text' }>): unknown {
  const all = paths(doc);
  const path = all[m.pick % all.length]!;
  switch (m.kind) {
    case 'set':
      return update(doc, path, () => m.value);
    case 'delete':
      return path.length === 0 ? null : update(doc, path, () => DELETE);
    case 'swap':
      return update(doc, path, swapped);
    case 'add':
      return update(doc, path, (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, [m.key]: m.value } : Array.isArray(v) ? [...v, m.value] : { [m.key]: m.value }));
    case 'duplicate':
      return update(doc, path, (v) => (Array.isArray(v) ? Array.from({ length: m.times }, () => v).flat() : Array.from({ length: m.times }, () => v)));
    case 'nest':
      return update(doc, path, (v) => {
        let x = v;
        for (let i = 0; i < m.depth; i += 1) x = m.list ? [x] : { k: x };
        return x;
      });
  }
}

function lineStart(text: string, at: number): number {
  const i = at % Math.max(1, text.length);
  return text.lastIndexOf('\n', i) + 1;
}

function applyTextMutation(text: string, m: Extract<Mutation, { kind: 'text' }>): string {
  const ls = lineStart(text, m.at);
  const lines = text.split('\n');
  const li = m.at % Math.max(1, lines.length);
  switch (m.op) {
    case 'alias-bomb': {
      const width = 2 + (m.n % 30);
      const levels = 2 + (m.n % 7);
      const out = ['a0: &a0 [x]'];
      for (let l = 1; l <= levels; l += 1) out.push(`a${l}: &a${l} [${Array(width).fill(`*a${l - 1}`).join(', ')}]`);
      return `${text}\n${out.join('\n')}\n`;
    }
    case 'bad-merge':
      return `${text}\nextra:\n  <<: ${m.n}\n`;
    case 'good-merge':
      return text.replace(/^resources:/m, 'defaults: &defaults\n  gpus_per_node: 4\nresources:\n  <<: *defaults');
    case 'unresolved-alias':
      return `${text.slice(0, ls)}zz: *missing${m.n}\n${text.slice(ls)}`;
    case 'garbage':
      return text.slice(0, m.at % (text.length + 1)) + m.junk + text.slice(m.at % (text.length + 1));
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'duplicate-line':
      return [...lines.slice(0, li + 1), ...lines.slice(li)].join('\n');
    case 'bom':
      return `\uFEFF${text}`;
    case 'several-documents':
      return `${text}\n---\n${text}`;
    case 'indent':
      return [...lines.slice(0, li), ` ${lines[li] ?? ''}`, ...lines.slice(li + 1)].join('\n');
    case 'deep-flow':
      return `${text}\ndeep: ${'['.repeat(m.n)}${']'.repeat(m.n)}\n`;
    case 'many-keys':
      return `${text}\n${Array.from({ length: Math.min(m.n, 30_000) }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
    case 'deep-block':
      return `${text}\n${Array.from({ length: Math.min(m.n, 3000) }, (_, i) => `${' '.repeat(i % 2 === 0 ? i : i)}${i % 3 === 0 ? '- ' : ''}k${i}:`).join('\n')} 1\n`;
    case 'tab':
      return text.slice(0, ls) + '\t' + text.slice(ls);
  }
}

/** The recipe text of a case. */
export function mutatedText(c: FuzzCase): string {
  const seedText = SEED_RECIPES.get(c.seed) ?? '';
  let doc: unknown = parse(seedText);
  let text: string | undefined;
  for (const m of c.mutations) {
    if (m.kind === 'text') {
      text = applyTextMutation(text ?? stringify(clean(doc), { aliasDuplicateObjects: false }), m);
    } else if (text === undefined) {
      doc = applyDocMutation(doc, m);
    }
    // Document changes after a text change would need the text parsed again; they are skipped.
  }
  return text ?? stringify(clean(doc), { aliasDuplicateObjects: false });
}

/** `n` cases from a seed, without fast-check's runner (the bench's 10,000-case run). */
export function sampleCases(seed: number, n: number): FuzzCase[] {
  return fc.sample(fuzzCase, { seed, numRuns: n });
}
