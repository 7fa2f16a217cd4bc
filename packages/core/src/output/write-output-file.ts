import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SrtError } from '../errors.ts';

const WHY: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a directory has that name',
  ENOTDIR: 'a parent is not a directory',
  EEXIST: 'a parent is not a directory',
};

function failed(path: string, e: unknown): SrtError {
  const code = String((e as { code?: unknown }).code ?? '');
  const why = WHY[code] ?? (e instanceof Error ? e.message : String(e));
  return new SrtError('SRT_OUTPUT_FAILED', `Could not write ${path}: ${why}; free space or choose another output directory (results written before it are kept)`, { cause: e });
}

const tmpName = (path: string): string => `${path}.tmp-${process.pid}`;

/**
 * Writes an output file whole or not at all: into a temporary file beside it, then renamed,
 * so a full disk never leaves a 0-byte or half-written result. Creates the directory. Any
 * failure is `SRT_OUTPUT_FAILED` naming the file and why.
 *
 * @example await writeOutputFile('/out/42/logs/benchmark/results.json', JSON.stringify(results, null, 2))
 */
export async function writeOutputFile(path: string, content: string | Uint8Array): Promise<void> {
  const { mkdir, rename, rm, writeFile } = await import('node:fs/promises'); // not at start-up (issue 11)
  const tmp = tmpName(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw failed(path, e);
  }
}

/**
 * Synchronous `writeOutputFile`.
 *
 * @example writeOutputFileSync('/out/42/logs/config.yaml', yamlText)
 */
export function writeOutputFileSync(path: string, content: string | Uint8Array): void {
  const tmp = tmpName(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing left to clean
    }
    throw failed(path, e);
  }
}
