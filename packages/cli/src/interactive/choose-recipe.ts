import type { Env } from '@srt/core';
import { findRecipes, RECIPE_ROOTS } from './find-recipes.ts';
import type { InteractiveUi, UiOption } from './ui.ts';

const BROWSE = '\0browse';
const QUIT = '\0quit';

/**
 * Step 2 of interactive mode: an arrow-key list of the recipes under examples/ and recipes/,
 * plus "type a path" (completed from the file system) and quit. Resolves the chosen path,
 * or undefined to quit (chosen, or the prompt cancelled).
 */
export async function chooseRecipe(ui: InteractiveUi, env: Pick<Env, 'cwd'>): Promise<string | undefined> {
  const { groups } = await findRecipes(env.cwd);
  if (groups.length === 0) ui.info(`No recipes under ${RECIPE_ROOTS.map((r) => `${r}/`).join(' or ')}: type a path.`);
  const options: UiOption<string>[] = [
    ...groups.flatMap((g) => g.files.map((f) => ({ value: f, label: f }))),
    { value: BROWSE, label: 'Type a path…', hint: 'Tab completes' },
    { value: QUIT, label: 'Quit' },
  ];
  for (;;) {
    const picked = await ui.select('Choose a recipe', options);
    if (picked === undefined || picked === QUIT) return undefined;
    if (picked !== BROWSE) return picked;
    const typed = (await ui.path('Recipe file', env.cwd))?.trim();
    if (typed !== undefined && typed !== '') return typed;
  }
}
