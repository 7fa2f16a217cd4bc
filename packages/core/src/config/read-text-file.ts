import type { Env } from '../env.ts';
import { SrtError } from '../errors.ts';

/**
 * Reads a file the user named (a recipe, a cluster file), turning the ways it can fail into
 * one clear `SrtError`: a missing file is `SRT_CONFIG_NOT_FOUND`; a directory, a file without
 * read permission or any other read error is `SRT_FILE_UNREADABLE`, naming the file.
 *
 * @example const text = await readTextFile(nodeEnv(), '/abs/recipe.yaml', 'recipe');
 */
export async function readTextFile(env: Pick<Env, 'readFile'>, path: string, what: string): Promise<string> {
  try {
    return await env.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SrtError('SRT_CONFIG_NOT_FOUND', `${what} not found: ${path}: check the path`, { cause: e });
    const why =
      code === 'EISDIR'
        ? `${path} is a directory: give the ${what} file inside it (e.g. ${path.replace(/\/+$/, '')}/recipe.yaml)`
        : code === 'EACCES' || code === 'EPERM'
          ? `cannot read the ${what} ${path}: permission denied (check its mode with \`ls -l\`)`
          : `cannot read the ${what} ${path}: ${(e as Error).message}`;
    throw new SrtError('SRT_FILE_UNREADABLE', why, { cause: e });
  }
}
