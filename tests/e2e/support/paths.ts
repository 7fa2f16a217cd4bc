import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
/** The self-contained CLI bundle SLURM jobs run. */
export const BUNDLE = `${REPO}/packages/cli/dist/srtctl.mjs`;
/** Test recipes. */
export const RECIPES = `${REPO}/tests/e2e/recipes`;
/** `$SRT_SHARED_DIR`, else `<repo>/../shared` (the slurm scripts live in `<shared>/slurm`). */
export function sharedDir(vars: Readonly<Record<string, string | undefined>> = process.env): string {
  return vars['SRT_SHARED_DIR'] || fileURLToPath(new URL('../../../../shared', import.meta.url)).replace(/\/$/, '');
}
