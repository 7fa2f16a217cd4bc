import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  applyDocumentEdits,
  checkOverrideStructure,
  ConfigError,
  expandOverrides,
  isOverrideDocument,
  locateIssues,
  parseYamlSource,
  renderVariantYaml,
  SrtError,
} from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { loadRecipe } from '../recipe/load-recipe.ts';
import { editsFrom, parseFileArg } from '../recipe/recipe-inputs.ts';
import { EDIT_FLAGS, printWarnings } from './shared.ts';

export const resolveOverrideSpec = {
  name: 'resolve-override',
  summary: 'Write the resolved variants of an override file (base + override_*/zip_override_*) as plain recipes, keeping comments and key order.',
  flags: {
    file: { type: 'string', short: 'f', value: 'FILE[:SELECTOR]', description: 'Override file (a top-level base:), optionally with a selector; - reads standard input (needs --stdout)', required: true },
    stdout: { type: 'boolean', description: 'Print the variants instead of writing <stem>_<suffix>.yaml beside the file' },
    check: { type: 'boolean', description: 'Also apply cluster defaults and validate every variant; exit 1 on problems' },
    ...EDIT_FLAGS,
  },
  examples: ['srtctl resolve-override -f variants.yaml', "srtctl resolve-override -f 'variants.yaml:zip_override_tp[1]' --stdout"],
} as const satisfies CommandSpec;

/** `srtctl resolve-override -f FILE[:SELECTOR]`: the merged variants, written or printed; nothing submitted. */
const resolveOverride: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(resolveOverrideSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(resolveOverrideSpec));
    return 0;
  }
  const { values } = args;
  const input = await parseFileArg(values.file, ctx.env.cwd);
  if (input.kind === 'dir') throw new SrtError('SRT_USAGE', `resolve-override takes one override file, got the directory ${input.path}`);
  if (input.kind === 'stdin' && !values.stdout) throw new SrtError('SRT_USAGE', 'resolve-override -f - needs --stdout (there is no directory to write next to)');
  const edits = editsFrom(args.ordered);
  let text: string;
  let source: string;
  if (input.kind === 'stdin') {
    if (ctx.readStdin === undefined) throw new SrtError('SRT_USAGE', '-f - reads standard input, which this caller does not provide');
    text = await ctx.readStdin();
    source = '<stdin>';
  } else {
    const path = resolve(ctx.env.cwd, input.path);
    if (!(await ctx.env.fileExists(path))) throw new SrtError('SRT_CONFIG_NOT_FOUND', `Config not found: ${input.path} (looked for ${path})`);
    text = await ctx.env.readFile(path);
    source = input.path;
  }
  const yaml = parseYamlSource(text);
  if (yaml.issues.length > 0) throw new ConfigError('SRT_CONFIG_INVALID', source, locateIssues(yaml.issues));
  const raw = yaml.value;
  if (!isOverrideDocument(raw)) throw new SrtError('SRT_CONFIG_INVALID', `${source} is not an override config (missing 'base' key)`);
  const structure = checkOverrideStructure(raw);
  if (structure.length > 0) throw new ConfigError('SRT_CONFIG_INVALID', source, locateIssues(structure, yaml.locate), ' (override file)');
  const variants = expandOverrides(raw, input.selector, source);
  if (values.check) {
    const recipe = await loadRecipe(input.kind === 'stdin' ? '-' : input.path, ctx.env, { selector: input.selector, edits, text });
    printWarnings(ctx, recipe.warnings);
  }
  const rendered = variants.map((v) => {
    const edited = applyDocumentEdits(v.document, edits);
    return { variant: v, yaml: renderVariantYaml(text, v, edited.document), warnings: edited.warnings };
  });
  for (const w of new Set(rendered.flatMap((r) => r.warnings))) ctx.stderr.write(`Warning: ${w}\n`);
  if (values.stdout) {
    ctx.stdout.write(rendered.map((r) => (rendered.length > 1 ? `# --- ${r.variant.suffix} ---\n${r.yaml}` : r.yaml)).join('\n'));
    return 0;
  }
  if (input.kind === 'stdin') return 0;
  const dir = dirname(input.path);
  const stem = basename(input.path, extname(input.path));
  for (const r of rendered) {
    const shown = join(dir, `${stem}_${r.variant.suffix}.yaml`);
    const path = resolve(ctx.env.cwd, shown);
    const existed = existsSync(path);
    await writeFile(path, r.yaml);
    ctx.stdout.write(`${existed ? 'Overwrote' : 'Wrote'}: ${shown}\n`);
  }
  return 0;
};

export default resolveOverride;
