#!/usr/bin/env node
// The `srtctl` bin (dist/bin.cjs): runs the one-file CommonJS build of the CLI (dist/srtctl.cjs)
// through V8's code cache, which Node 20 has no API for (Node >= 22.1 has
// module.enableCompileCache, for ES modules too). Compiling and linking ~1 MB of ES modules
// was about half of `srtctl validate`'s start-up; with the cache a run deserializes the
// bytecode its command compiled last time instead (issue 11, docs/performance.md).
//
// The cache is one file per command, so `validate` keeps what `validate` compiled, in
// $NODE_COMPILE_CACHE (Node 22's variable) or <tmpdir>/srtctl-compile-cache-<uid>, named by
// the srtctl and Node versions and the bundle's size and mtime (V8 itself checks only the
// source's length, and npm gives every installed file the same mtime: the version tells two
// releases apart); V8 rejects a cache from another V8 or with other flags, and the file is
// then rewritten. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// Bytecode is code: a cache is only read from a directory that this user owns and nobody else
// can write (a shared /tmp on a login node must not let one user run code as another).
// Nothing here may throw for cache reasons: any failure falls back to a plain compile.
import { isAscii } from 'node:buffer';
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { PLAN_BUNDLE_WORDS } from './plan-bundle-words.ts';

declare const __SRTCTL_VERSION__: string; // the package version (tsup define)

// `validate`, `dry-run` and the help run from a bundle of the planning commands alone: every
// byte of a bundle is read, copied and (its functions) instantiated at each start, used or not.
const bundleName = PLAN_BUNDLE_WORDS.includes(process.argv[2] ?? '') ? 'srtctl-plan.cjs' : 'srtctl.cjs';
const bundle = join(dirname(fileURLToPath(import.meta.url)), bundleName);
const bundleStat = statSync(bundle);
const cacheFile = usable(compileCachePath(process.env, process.argv[2], bundleStat));
const cacheSize = cacheFile === undefined ? undefined : ownFileSize(cacheFile);
// One buffer for both files: the source is copied out of it into a string before the cache is
// read into it, so the process touches the larger file's size in fresh memory, not the sum (a
// first touch costs a page fault per 4 KiB; ~15 µs each on the VMs we measure on).
const buffer = Buffer.allocUnsafeSlow(Math.max(bundleStat.size, cacheSize ?? 0));
const bytes = readInto(bundle, buffer) ?? readFileSync(bundle);
// The build writes ASCII (esbuild's charset 'ascii', comments minified away); latin1 of ASCII is a
// plain copy where UTF-8 would validate every byte. A non-ASCII file still decodes correctly.
// The file is a CommonJS wrapper function already (tsup.config.ts), compiled as it is.
const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
const cached = cacheFile === undefined || cacheSize === undefined ? undefined : readCache(cacheFile, buffer);
const script = new Script(source, { filename: bundle, ...(cached === undefined ? {} : { cachedData: cached }) });
if (cacheFile !== undefined && (cached === undefined || script.cachedDataRejected === true)) {
  // At exit the cache holds every function this command compiled, not just the top level.
  process.once('exit', () => writeCache(cacheFile, script));
}
const cjsModule = { exports: {} };
(script.runInThisContext() as (...a: unknown[]) => void).call(cjsModule.exports, cjsModule.exports, createRequire(bundle), cjsModule, bundle, dirname(bundle));

function compileCachePath(env: NodeJS.ProcessEnv, command: string | undefined, { size, mtimeMs }: { readonly size: number; readonly mtimeMs: number }): string | undefined {
  if (env['NODE_DISABLE_COMPILE_CACHE'] === '1') return undefined;
  try {
    const uid = process.getuid?.() ?? 'user';
    // os.tmpdir()'s rule, without loading node:os for it.
    const tmp = (env['TMPDIR'] || env['TMP'] || env['TEMP'] || '/tmp').replace(/(.)\/+$/, '$1');
    const dir = env['NODE_COMPILE_CACHE'] || join(tmp, `srtctl-compile-cache-${uid}`);
    const name = /^[a-z-]{1,20}$/.test(command ?? '') ? command : 'other';
    return join(dir, `srtctl-${__SRTCTL_VERSION__}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}-${name}.cache`);
  } catch {
    return undefined;
  }
}

/**
 * The cache file when its directory is ours alone: missing (created 0700 at exit), or a
 * directory this user owns that group and others cannot write. Anything else (another user's
 * directory in a shared /tmp, a symlink) is neither read nor written.
 */
function usable(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const uid = process.getuid?.();
  if (uid === undefined) return file;
  try {
    const dir = lstatSync(dirname(file));
    return dir.isDirectory() && dir.uid === uid && (dir.mode & 0o022) === 0 ? file : undefined;
  } catch {
    return file; // no directory yet
  }
}

/** The size of a cache file this user owns (a regular file, not a link), or undefined. */
function ownFileSize(file: string): number | undefined {
  try {
    const uid = process.getuid?.();
    const stat = lstatSync(file);
    return stat.isFile() && (uid === undefined || stat.uid === uid) ? stat.size : undefined;
  } catch {
    return undefined; // no cache yet
  }
}

/** The cache, read into `buffer` (a cache that grew meanwhile is cut short, which V8 rejects). */
function readCache(file: string, buffer: Buffer): Buffer | undefined {
  try {
    return readInto(file, buffer, true);
  } catch {
    return undefined;
  }
}

/**
 * The whole file in the start of `buffer`; undefined when it does not fit (it grew since its
 * size was taken), unless `cut` takes what fits.
 */
function readInto(file: string, buffer: Buffer, cut = false): Buffer | undefined {
  const fd = openSync(file, 'r');
  try {
    let n = 0;
    while (n < buffer.length) {
      const got = readSync(fd, buffer, n, buffer.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n === buffer.length && !cut && readSync(fd, Buffer.alloc(1), 0, 1, null) !== 0) return undefined;
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function writeCache(file: string, compiled: Script): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, compiled.createCachedData());
    renameSync(tmp, file); // atomic: a concurrent run reads the old file or the new one
  } catch {
    // a read-only or full temp dir only costs speed
  }
}
