import type { Server, Socket } from 'node:net';
import type { MockExit } from './mock-options.ts';

/** Listening, timers and shutdown shared by the mock worker and the mock frontend. */
export interface ServerLifecycle {
  readonly port: number;
  readonly done: Promise<MockExit>;
  readonly stopped: boolean;
  /** A timer cleared on stop. */
  after(ms: number, fn: () => void): void;
  /** Runs `fn` on stop (before connections are cut). */
  onStop(fn: () => void): void;
  /** Stops listening, cuts every connection and resolves `done` with `code`. */
  stop(code: number, reason: string): Promise<void>;
}

/** Listens on `host:port` and returns the lifecycle of the server. */
export async function listenServer(server: Server, host: string, port: number): Promise<ServerLifecycle> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 8192 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const timers = new Set<NodeJS.Timeout>();
  const stopHooks: (() => void)[] = [];
  let stopped = false;
  let resolveDone: (exit: MockExit) => void = () => {};
  const done = new Promise<MockExit>((resolve) => {
    resolveDone = resolve;
  });
  return {
    port: boundPort,
    done,
    get stopped() {
      return stopped;
    },
    after(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    onStop(fn) {
      stopHooks.push(fn);
    },
    async stop(code, reason) {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const hook of stopHooks) hook();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      resolveDone({ code, reason });
    },
  };
}
