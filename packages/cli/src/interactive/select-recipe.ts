import type { CommandContext } from '../context.ts';
import { findRecipes } from './find-recipes.ts';

/** The recipe the user picked, or `cancel` (nothing chosen, end of input, Ctrl-C). */
export type Choice = 'cancel' | { readonly path: string };

/** Asks one question through `ctx.prompt`; undefined without a prompt, at end of input or after Ctrl-C. */
export async function ask(ctx: CommandContext, question: string): Promise<string | undefined> {
  if (ctx.prompt === undefined || ctx.signal.aborted) return undefined;
  return ctx.prompt(question);
}

/** Asks for a config path; nothing typed is `cancel`. */
async function askPath(ctx: CommandContext): Promise<Choice> {
  const typed = (await ask(ctx, 'Enter path to config file: '))?.trim();
  return typed === undefined || typed === '' ? 'cancel' : { path: typed };
}

/**
 * Step 2 of interactive mode: the recipes of `recipies/` (or `recipes/`) grouped by directory
 * and numbered, plus `b` to type a path; with no recipes, asks for a path directly.
 */
export async function selectRecipe(ctx: CommandContext): Promise<Choice> {
  const { root, groups } = await findRecipes(ctx.env.cwd);
  if (groups.length === 0) {
    ctx.stdout.write(`No recipes found in ${root}/\n`);
    return askPath(ctx);
  }
  const files = groups.flatMap((g) => g.files);
  for (const g of groups) {
    ctx.stdout.write(`── ${g.dir} ──\n`);
    for (const f of g.files) ctx.stdout.write(`  ${String(files.indexOf(f) + 1).padStart(3)}) ${f.slice(g.dir.length + 1)}\n`);
  }
  ctx.stdout.write(`──────────\n    b) 📁 Browse for file...\n`);
  const answer = (await ask(ctx, `Select a config [1-${files.length}, b, q]: `))?.trim();
  if (answer === undefined || answer === '' || answer === 'q') return 'cancel';
  if (answer === 'b') return askPath(ctx);
  const picked = files[Number(answer) - 1];
  return picked === undefined ? { path: answer } : { path: picked };
}
