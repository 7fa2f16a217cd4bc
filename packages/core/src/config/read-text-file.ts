import type { Env } from '../env.ts';
import { isSrtError, SrtError } from '../errors.ts';
import { LIMITS } from './limits.ts';

/**
 * Reads a file the user named (a recipe, a cluster file), turning the ways it can fail into
 * one clear `SrtError` naming the file: a missing file is `SRT_CONFIG_NOT_FOUND`; a file over
 * the size limit `SRT_LIMIT_FILE_SIZE`; a directory, a file without read permission or any
 * other read error `SRT_FILE_UNREADABLE`. `what` names the kind of file, `shown` the path as
 * the user gave it (defaults to `path`).
 *
 * @example const text = await readTextFile(nodeEnv(), '/abs/recipe.yaml', 'recipe');
 */
export async function readTextFile(env: Pick<Env, 'readFile' | 'fileSize'>, path: string, what: string, shown: string = path): Promise<string> {
  try {
    const size = await env.fileSize?.(path);
    if (size !== undefined && size > LIMITS.fileBytes) {
      const kib = Math.ceil(size / 1024);
      throw new SrtError('SRT_LIMIT_FILE_SIZE', `${shown}: the file is ${kib} KiB, over the limit of ${LIMITS.fileBytes / 1024} KiB for a ${what}: is it the right file?`);
    }
    return await env.readFile(path);
  } catch (e) {
    if (isSrtError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SrtError('SRT_CONFIG_NOT_FOUND', `${what} not found: ${shown}: check the path`, { cause: e });
    const why =
      code === 'EISDIR'
        ? `${shown} is a directory: give the ${what} file inside it (e.g. ${shown.replace(/\/+$/, '')}/recipe.yaml)`
        : code === 'EACCES' || code === 'EPERM'
          ? `cannot read the ${what} ${shown}: permission denied (check its mode with \`ls -l\`)`
          : `cannot read the ${what} ${shown}: ${(e as Error).message}`;
    throw new SrtError('SRT_FILE_UNREADABLE', why, { cause: e });
  }
}
