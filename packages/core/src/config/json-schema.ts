import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import { Float, Int } from './scalars.ts';
import { SrtConfigSchema } from './schema.ts';

type Json = Record<string, unknown>;

/** Whole numbers: an integer, or a string of digits (the reference accepts `"8"`). */
const INTEGER: Json = { type: ['integer', 'string'], pattern: '^\\s*[+-]?\\d+(_\\d+)*\\s*$' };
/** Numbers: a number, or a string Python float() reads (`"0.5"`, `"1e-3"`). */
const NUMBER: Json = { type: ['number', 'string'] };

/**
 * The JSON Schema of a recipe, generated from `SrtConfigSchema` (committed as
 * `schema/srtctl.schema.json` so editors complete and check recipes). Not exported from the
 * package entry: it needs `@valibot/to-json-schema`, a dev-only dependency.
 */
export function buildRecipeJsonSchema(): Json {
  const schema = toJsonSchema(SrtConfigSchema, {
    errorMode: 'ignore',
    target: 'draft-07',
    overrideSchema: ({ valibotSchema }) =>
      valibotSchema === Int ? (INTEGER as JsonSchema) : valibotSchema === Float ? (NUMBER as JsonSchema) : undefined,
    overrideAction: ({ valibotAction, jsonSchema }) => {
      // `minValue` on our integer-or-digits type: a minimum for the numbers, a stricter pattern for the strings.
      if (valibotAction.type !== 'min_value' || jsonSchema.pattern !== INTEGER['pattern']) return undefined;
      const min = (valibotAction as unknown as { readonly requirement: number }).requirement;
      const pattern = min >= 1 ? '^\\s*\\+?0*[1-9](_?\\d)*\\s*$' : '^\\s*\\+?\\d+(_\\d+)*\\s*$';
      return { ...jsonSchema, pattern, minimum: min };
    },
  }) as Json;
  const { $schema, ...recipe } = simplify(schema) as Json;
  const keys = Object.keys(SrtConfigSchema.entries);
  const section = (what: string): Json => ({
    type: 'object',
    description: what,
    propertyNames: { enum: keys },
  });
  return {
    $schema,
    title: 'srtctl recipe',
    description: 'A recipe, or an override file (variants-and-workflows §1): a complete recipe under `base:` plus `override_<name>` / `zip_override_<name>` sections.',
    definitions: { recipe },
    if: { type: 'object', required: ['base'] },
    then: {
      type: 'object',
      properties: { base: { $ref: '#/definitions/recipe', description: 'The complete recipe every variant starts from.' } },
      patternProperties: {
        '^override_\\S+$': section('A partial recipe deep-merged onto base (maps merge, lists replace, null deletes): one job named <base name>_<suffix>.'),
        '^zip_override_[A-Za-z0-9_-]+$': section('A partial recipe whose lists are zipped (length-1 lists broadcast): job i gets element i of every list.'),
      },
      additionalProperties: false,
    },
    else: { $ref: '#/definitions/recipe' },
  };
}

/**
 * Turns valibot's `anyOf: [X, {type: null}]` for nullable fields into `type: [..., 'null']`
 * where possible, and lifts descriptions to the property so editors show them on hover.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = Object.fromEntries(Object.entries(node).map(([k, x]) => [k, simplify(x)]));
  const any = out['anyOf'];
  if (!Array.isArray(any) || any.length !== 2) return out;
  const [inner, nul] = any as [Json, Json];
  if (nul['type'] !== 'null' || Object.keys(nul).length !== 1) return out;
  const { anyOf: _anyOf, ...outer } = out;
  const types = inner['type'];
  if ((typeof types === 'string' || Array.isArray(types)) && inner['anyOf'] === undefined) {
    return { ...inner, type: [...(Array.isArray(types) ? types : [types]), 'null'], ...outer };
  }
  const { description, ...body } = inner;
  return { ...(description === undefined ? {} : { description }), anyOf: [body, nul], ...outer };
}
