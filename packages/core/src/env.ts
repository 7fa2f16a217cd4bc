import { access, readFile, stat } from 'node:fs';
import { runArgv } from './run-argv.ts';

/** Result of running a command with `Env.exec`. */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly input?: string;
}

/**
 * Everything the SDK needs from the outside world. Pure functions take none of it;
 * edge functions ask only for what they use (`Pick<Env, 'fetch' | 'now' | 'sleep'>`),
 * so tests pass plain fakes instead of mocking globals.
 */
export interface Env {
  readonly vars: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly exec: (argv: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;
  readonly fetch: (url: string, init?: { readonly signal?: AbortSignal; readonly method?: string; readonly body?: string; readonly headers?: Record<string, string> }) => Promise<Response>;
  /** Opens a TCP connection and resolves true when it connects within `timeoutMs`. */
  readonly probeTcp: (host: string, port: number, timeoutMs: number) => Promise<boolean>;
  readonly readFile: (path: string) => Promise<string>;
  readonly fileExists: (path: string) => Promise<boolean>;
  /** Size in bytes of a file (rejects like `readFile` when it cannot be read); lets readers refuse a huge file before reading it. */
  readonly fileSize?: (path: string) => Promise<number>;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Looks a hostname up in DNS (IPv4 first); undefined when it does not resolve. */
  readonly resolveHost: (name: string) => Promise<string | undefined>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function probeTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const { createConnection } = await import('node:net'); // not at start-up: most commands never probe
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function resolveHost(name: string): Promise<string | undefined> {
  const { lookup } = await import('node:dns/promises');
  for (const family of [4, 0] as const) {
    try {
      return (await lookup(name, { family })).address;
    } catch {
      // try the next family; an unresolvable name yields undefined
    }
  }
  return undefined;
}

/** Epoch milliseconds that never go back (a clock step moves Date.now, not this). */
let epochAtHrtimeZero: number | undefined;
function monotonicNow(): number {
  const ms = Number(process.hrtime.bigint()) / 1e6;
  epochAtHrtimeZero ??= Date.now() - ms;
  return epochAtHrtimeZero + ms;
}

/**
 * The real environment: `process.env`, programs run by argv (no shell), Node's built-in
 * `fetch` (undici inside Node, with its keep-alive pool), the wall clock.
 *
 * @example const config = (await loadConfig('recipe.yaml', { env: nodeEnv() })).config;
 */
export function nodeEnv(overrides: Partial<Env> = {}): Env {
  const base: Env = {
    vars: process.env,
    cwd: process.cwd(),
    exec: runArgv,
    fetch: (url, init) => fetch(url, init),
    probeTcp,
    // node:fs's callbacks, not node:fs/promises, and process.hrtime, not the global
    // `performance`: each of those loads more of Node at start-up (issue 11).
    readFile: (path) => new Promise((resolve, reject) => readFile(path, 'utf8', (e, text) => (e ? reject(e) : resolve(text)))),
    fileExists: (path) => new Promise((resolve) => access(path, (e) => resolve(e === null))),
    fileSize: (path) => new Promise((resolve, reject) => stat(path, (e, st) => (e ? reject(e) : resolve(st.size)))),
    now: monotonicNow,
    sleep,
    resolveHost,
  };
  return { ...base, ...overrides };
}
