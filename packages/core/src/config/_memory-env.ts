import type { Env } from '../env.ts';

/** Test helper: an `Env` file system held in a map of absolute path → text. */
export function memoryEnv(
  files: Readonly<Record<string, string>>,
  opts: { readonly cwd?: string; readonly vars?: Readonly<Record<string, string>> } = {},
): Pick<Env, 'vars' | 'cwd' | 'readFile' | 'fileExists'> {
  return {
    vars: opts.vars ?? {},
    cwd: opts.cwd ?? '/work',
    fileExists: async (path) => Object.hasOwn(files, path),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
  };
}
