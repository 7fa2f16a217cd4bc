import { SrtConfigSchema } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { buildRecipeJsonSchema } from '../packages/core/src/config/json-schema.ts';

type Json = Record<string, unknown>;
const schema = buildRecipeJsonSchema();
const recipe = (schema['definitions'] as Record<string, Json>)['recipe']!;
const properties = recipe['properties'] as Record<string, Json>;

describe('buildRecipeJsonSchema', () => {
  it('matches the committed schema/srtctl.schema.json (run `vitest -u` after changing the schema)', async () => {
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot('../schema/srtctl.schema.json');
  });

  it('ships the same schema inside @srt/core (`@srt/core/schema.json`)', async () => {
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot('../packages/core/srtctl.schema.json');
  });

  it('covers every top-level recipe key and rejects unknown ones', () => {
    expect(Object.keys(properties)).toStrictEqual(Object.keys(SrtConfigSchema.entries));
    expect(recipe['required']).toStrictEqual(['name', 'model', 'resources']);
    expect(recipe['additionalProperties']).toBe(false);
  });

  it('accepts override files: base is a recipe, override_*/zip_override_* sections hold recipe keys', () => {
    expect(schema['if']).toStrictEqual({ type: 'object', required: ['base'] });
    expect(schema['else']).toStrictEqual({ $ref: '#/definitions/recipe' });
    const then = schema['then'] as Json;
    expect((then['properties'] as Record<string, Json>)['base']?.['$ref']).toBe('#/definitions/recipe');
    expect(Object.keys(then['patternProperties'] as Json)).toStrictEqual(['^override_\\S+$', '^zip_override_[A-Za-z0-9_-]+$']);
    expect(then['additionalProperties']).toBe(false);
  });

  it('describes every property, at every depth', () => {
    const undocumented: string[] = [];
    const visit = (props: Record<string, Json> | undefined, path: string): void => {
      for (const [key, prop] of Object.entries(props ?? {})) {
        if (typeof prop['description'] !== 'string') undocumented.push(`${path}${key}`);
        visit(prop['properties'] as Record<string, Json> | undefined, `${path}${key}.`);
      }
    };
    visit(properties, '');
    expect(undocumented).toStrictEqual([]);
  });

  it('accepts whole numbers as integers or digit strings, with their minimum', () => {
    const resources = properties['resources']?.['properties'] as Record<string, Json>;
    expect(resources['gpus_per_node']).toMatchObject({ type: ['integer', 'string', 'null'], minimum: 1, default: 4 });
    expect(resources['prefill_nodes']).toMatchObject({ type: ['integer', 'string', 'null'], minimum: 0 });
  });

  it('keeps the backend section open for the backend plug-ins', () => {
    expect(properties['backend']?.['additionalProperties']).not.toBe(false);
  });
});
