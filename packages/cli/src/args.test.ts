import { describe, expect, it } from 'vitest';
import { type CommandSpec, parseFlags, renderUsage } from './args.ts';

const spec = {
  name: 'demo',
  summary: 'A demo command.',
  flags: {
    file: { type: 'string', short: 'f', value: 'PATH', description: 'Recipe file', required: true },
    json: { type: 'boolean', description: 'JSON output' },
    tags: { type: 'string', value: 'a,b', description: 'Tags' },
  },
  examples: ['srtctl demo -f r.yaml'],
} as const satisfies CommandSpec;

describe('parseFlags', () => {
  it('reads short and long flags into typed values', () => {
    expect(parseFlags(spec, ['-f', 'r.yaml', '--json'])).toStrictEqual({
      help: false,
      values: { file: 'r.yaml', json: true, tags: undefined },
      positionals: [],
      ordered: [],
    });
  });

  it('keeps repeatable flags in command-line order', () => {
    const edits = { name: 'x', summary: '', flags: { set: { type: 'string', multiple: true, description: '' }, unset: { type: 'string', multiple: true, description: '' } } } as const;
    const r = parseFlags(edits, ['--set', 'a=1', '--unset', 'b', '--set=c=2']);
    expect(r.help ? undefined : [r.values, r.ordered]).toStrictEqual([
      { set: ['a=1', 'c=2'], unset: ['b'] },
      [
        { flag: 'set', value: 'a=1' },
        { flag: 'unset', value: 'b' },
        { flag: 'set', value: 'c=2' },
      ],
    ]);
  });

  it.each([
    ['a value joined with =', ['--file=r.yaml'], { file: 'r.yaml' }, []],
    ['a short flag with its value attached', ['-fr.yaml'], { file: 'r.yaml' }, []],
    ['a value that starts with a dash', ['-f', '-', '--tags', '-x'], { file: '-', tags: '-x' }, []],
    ['a selector after stdin', ['-f', '-:override_a'], { file: '-:override_a' }, []],
    ['a group of short booleans ending in a string flag', ['-hf', 'r.yaml'], 'help', []],
    ['words after --, flags or not', ['-f', 'r.yaml', '--', '--json', 'x'], { file: 'r.yaml' }, ['--json', 'x']],
    ['the last of a repeated flag', ['-f', 'a', '--file', 'b'], { file: 'b' }, []],
  ] as const)('reads %s', (_what, argv, values, positionals) => {
    const loose = { ...spec, positionals: [{ name: 'REST', required: false, variadic: true }] } as const satisfies CommandSpec;
    const r = parseFlags(loose, argv);
    if (values === 'help') expect(r).toStrictEqual({ help: true });
    else expect(r).toStrictEqual({ help: false, values: { json: false, tags: undefined, ...values }, positionals, ordered: [] });
  });

  it('reports --help before checking required flags', () => {
    expect(parseFlags(spec, ['--help'])).toStrictEqual({ help: true });
  });

  it.each([
    ['a missing required flag', [], 'the option --file PATH is required'],
    ['an unknown flag', ['-f', 'x', '--nope'], 'unknown option --nope'],
    ['a misspelt flag, with the closest one', ['-f', 'x', '--tgas', 'a'], 'unknown option --tgas (did you mean --tags?)'],
    ['a misspelt flag with =value', ['-f', 'x', '--jsno=1'], 'unknown option --jsno (did you mean --json?)'],
    ['a stray argument', ['-f', 'x', 'extra'], 'unexpected argument "extra"'],
    ['a string flag without value', ['--file'], "Option '-f, --file <value>' argument missing"],
    ['a string flag followed by --', ['-f', '--'], "Option '-f, --file <value>' argument missing"],
    ['a value given to a boolean flag', ['-f', 'x', '--json=1'], "Option '--json' does not take an argument"],
    ['an unknown short flag', ['-f', 'x', '-z'], 'unknown option -z'],
    ['an unknown short flag in a group', ['-hz'], 'unknown option -z'],
    ['a negative number', ['-f', 'x', '-5'], 'unknown option -5'],
    ['an Object.prototype name', ['-f', 'x', '--constructor', 'y'], 'unknown option --constructor'],
    ['__proto__', ['-f', 'x', '--__proto__=y'], 'unknown option --__proto__'],
  ])('rejects %s as a usage error', (_what, argv, message) => {
    expect(() => parseFlags(spec, argv)).toThrow(expect.objectContaining({ code: 'SRT_USAGE', message }));
  });

  const many = {
    name: 'many',
    summary: 'Takes several directories.',
    flags: {},
    positionals: [{ name: 'DIRS...', required: true, variadic: true, missing: 'give at least one directory' }],
  } as const satisfies CommandSpec;

  it('gives a variadic positional every remaining word', () => {
    expect(parseFlags(many, ['a', 'b', 'c'])).toStrictEqual({ help: false, values: {}, positionals: ['a', 'b', 'c'], ordered: [] });
  });

  it('says what is missing in the words of the spec', () => {
    expect(() => parseFlags(many, [])).toThrow(expect.objectContaining({ code: 'SRT_USAGE', message: 'give at least one directory' }));
  });
});

describe('renderUsage', () => {
  it('lists the synopsis, every flag and the examples', () => {
    expect(renderUsage(spec)).toMatchInlineSnapshot(`
      "Usage: srtctl demo --file PATH [options]

      A demo command.

      Options:
        -f, --file PATH  Recipe file
            --json       JSON output
            --tags a,b   Tags
        -h, --help       Show this help

      Examples:
        srtctl demo -f r.yaml
      "
    `);
  });
});
