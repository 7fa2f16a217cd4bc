import { rmSync } from 'node:fs';
import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const dirs: string[] = [];

/** A fresh working directory for one run; removed after a passing test, kept after a failing one (to read its logs). */
export async function makeRunDir(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
}

afterEach((ctx) => {
  const passed = ctx.task.result?.state !== 'fail';
  for (const dir of dirs.splice(0)) {
    if (passed) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`[e2e] kept ${dir} for its logs\n`);
  }
});
