import type { Output } from '@srt/cli';

/** An `Output` that keeps what was written, and can wait for a line to appear. */
export interface CapturedOutput extends Output {
  readonly text: () => string;
  readonly waitFor: (pattern: RegExp, ms: number) => Promise<boolean>;
}

export function captureOutput(echo = process.env['SRT_E2E_VERBOSE'] === '1'): CapturedOutput {
  let buf = '';
  const waiters = new Set<() => void>();
  return {
    write(text) {
      buf += text;
      if (echo) process.stderr.write(text);
      for (const w of waiters) w();
    },
    text: () => buf,
    waitFor: (pattern, ms) =>
      new Promise((resolve) => {
        if (pattern.test(buf)) return resolve(true);
        const check = (): void => {
          if (!pattern.test(buf)) return;
          done(true);
        };
        const timer = setTimeout(() => done(false), ms);
        function done(ok: boolean): void {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(ok);
        }
        waiters.add(check);
      }),
  };
}
