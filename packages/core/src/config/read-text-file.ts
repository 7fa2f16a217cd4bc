import type { Env } from '../env.ts';
import { isSrtError, SrtError } from '../errors.ts';
import { LIMITS } from './limits.ts';

/**
 * Reads a recipe or cluster file as text; a directory, an unreadable file or one over the
 * size limit is a one-line `SrtError` naming the file (`shown` is the name used in messages).
 */
export async function readTextFile(env: Pick<Env, 'readFile' | 'fileSize'>, abs: string, shown: string = abs): Promise<string> {
  try {
    const size = await env.fileSize?.(abs);
    if (size !== undefined && size > LIMITS.fileBytes) {
      const kib = Math.ceil(size / 1024);
      throw new SrtError('SRT_LIMIT_FILE_SIZE', `${shown}: the file is ${kib} KiB, over the limit of ${LIMITS.fileBytes / 1024} KiB for a recipe: is it the right file?`);
    }
    return await env.readFile(abs);
  } catch (e) {
    if (isSrtError(e)) throw e;
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'EISDIR'
        ? 'is a directory, not a recipe file: name the .yaml file inside it'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied): check its permissions'
          : code === 'ENOENT'
            ? 'does not exist: check the path'
            : `cannot be read (${e instanceof Error ? e.message : String(e)})`;
    throw new SrtError(code === 'ENOENT' ? 'SRT_CONFIG_NOT_FOUND' : 'SRT_CONFIG_INVALID', `${shown} ${why}`);
  }
}
