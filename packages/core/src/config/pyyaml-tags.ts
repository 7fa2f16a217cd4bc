import { parse, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions, type Tags, type ToJSOptions } from 'yaml';

/** Scalars as PyYAML's YAML 1.1 resolver reads them (the reference's `yaml.safe_load`). */
const PYYAML_TESTS = {
  // Only yes/no, true/false, on/off: `y` and `n` stay strings.
  true: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
  false: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
  // A float needs a dot; an exponent needs a sign: `1e-5` and `1e5` stay strings, `1.0e-5` is a float.
  exp: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/,
  fixed: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/,
  // A sexagesimal integer starts with a non-zero digit: `4:00:00` is 14400, `04:00:00` a string.
  time: /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/,
} as const;

/**
 * The `yaml` library's YAML 1.1 tags adjusted to PyYAML: booleans without `y`/`n`, floats
 * with PyYAML's patterns, sexagesimal integers with PyYAML's (non-zero first digit), and dates kept as the text written (Python prints a date as that
 * same text). Everything else (`yes`/`on`, `4:00:00` as 14400, octal, `1_000`) is 1.1 as is.
 */
export function pyyamlTags(tags: Tags): Tags {
  const adjust = (t: ScalarTag): ScalarTag | undefined => {
    if (t.tag === 'tag:yaml.org,2002:timestamp') return undefined;
    if (t.tag === 'tag:yaml.org,2002:bool' && t.test !== undefined) return { ...t, test: t.test.test('true') ? PYYAML_TESTS.true : PYYAML_TESTS.false };
    if (t.tag === 'tag:yaml.org,2002:float' && t.format === 'EXP') return { ...t, test: PYYAML_TESTS.exp };
    if (t.tag === 'tag:yaml.org,2002:int' && t.format === 'TIME') return { ...t, test: PYYAML_TESTS.time };
    if (t.tag === 'tag:yaml.org,2002:float' && t.format === undefined && t.test?.test('1.5') === true) return { ...t, test: PYYAML_TESTS.fixed };
    return t;
  };
  const out: Tags = [];
  for (const t of tags) {
    const kept = typeof t === 'object' && 'test' in t ? adjust(t as ScalarTag) : t;
    if (kept !== undefined) out.push(kept);
  }
  return out;
}

/** Options that make the `yaml` library read a document as the reference does. */
export const PYYAML_OPTIONS = { version: '1.1', customTags: pyyamlTags } as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

/**
 * Plain data of a YAML text read as the reference reads recipes (PyYAML, YAML 1.1), without
 * positions: for callers that only need the values (sweep detection, interactive edits).
 */
export function parseYaml(text: string, opts: ToJSOptions = {}): unknown {
  return parse(text, { ...PYYAML_OPTIONS, ...opts });
}
