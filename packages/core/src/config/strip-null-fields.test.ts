import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SrtConfigSchema } from './schema.ts';
import { stripNullFields } from './strip-null-fields.ts';

describe('stripNullFields', () => {
  it('drops null typed fields at any depth and keeps nulls in free-form maps', () => {
    const input = {
      name: 'x',
      setup_script: null,
      benchmark: { sweep: null, isl: null, type: 'manual' },
      sbatch_directives: { exclusive: null },
      frontend: { sglang_router_args: { verbose: null } },
    };
    expect(stripNullFields(SrtConfigSchema, input)).toStrictEqual({
      name: 'x',
      benchmark: { type: 'manual' },
      sbatch_directives: { exclusive: null },
      frontend: { sglang_router_args: { verbose: null } },
    });
  });

  it('walks lists of objects', () => {
    const schema = v.array(v.object({ a: v.nullish(v.number()) }));
    expect(stripNullFields(schema, [{ a: null }, { a: 1 }])).toStrictEqual([{}, { a: 1 }]);
  });
});
