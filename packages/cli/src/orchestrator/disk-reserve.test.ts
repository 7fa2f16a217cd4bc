import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, openSync, closeSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtError, writeOutputFile } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { createDiskReserve, isOutOfSpace, RESERVE_FILE } from './disk-reserve.ts';

const outOfSpace = (file: string): SrtError =>
  new SrtError('SRT_OUTPUT_FAILED', `Could not write ${file}: the disk is full; free space or choose another output directory (results written before it are kept)`, {
    cause: Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
  });

const logDir = async (): Promise<string> => mkdtemp(join(tmpdir(), 'srt-reserve-'));

/** Writes zeros to `file` until its file system has no byte left. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [65536, 4096, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        while (writeSync(fd, chunk) === size);
      } catch (e) {
        expect(isOutOfSpace(e)).toBe(true);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A tmpfs of `size` mounted on a fresh folder (root only); `done()` unmounts and removes it. */
async function tmpfs(size: string): Promise<{ dir: string; done: () => void }> {
  const dir = await logDir();
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status).toBe(0);
  return { dir, done: () => (spawnSync('umount', ['-l', dir]), rmSync(dir, { recursive: true, force: true })) };
}

const root = process.getuid?.() === 0;

describe('isOutOfSpace', () => {
  it('is ENOSPC or EDQUOT on the error or its cause', () => {
    expect(isOutOfSpace(outOfSpace('/x'))).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('no'), { code: 'EACCES' }))).toBe(false);
    expect(isOutOfSpace(undefined)).toBe(false);
  });
});

describe('createDiskReserve', () => {
  it('writes the reserve into the log folder; a disk with room is not full; drop deletes it', async () => {
    const dir = await logDir();
    const reserve = await createDiskReserve(dir, { bytes: 8192 });
    expect(statSync(join(dir, RESERVE_FILE)).size).toBe(8192);
    expect(await reserve.findFull()).toBeUndefined();
    // the test write leaves nothing behind
    expect(readdirSync(dir)).toStrictEqual([RESERVE_FILE]);
    await reserve.drop();
    expect(readdirSync(dir)).toStrictEqual([]);
    expect(reserve.released()).toBe(false);
  });

  it('remembers the first write that ran out of space, with its file; other errors are not a full disk', async () => {
    const reserve = await createDiskReserve(await logDir(), { bytes: 16 });
    reserve.noteWriteError(new SrtError('SRT_OUTPUT_FAILED', 'Could not write /o/1/status.json: permission denied; …', { cause: Object.assign(new Error('x'), { code: 'EACCES' }) }));
    reserve.noteWriteError(outOfSpace('/o/1/status.json'));
    reserve.noteWriteError(outOfSpace('/o/1/logs/other.json'));
    expect(await reserve.findFull()).toStrictEqual({
      file: '/o/1/status.json',
      message: 'Could not write /o/1/status.json: the disk is full; free space or choose another output directory (results written before it are kept)',
    });
  });

  it("tracked output, the file written by another process that still writes it (tee): nothing is added, no line twice", async () => {
    const dir = await logDir();
    const file = join(dir, 'orchestrator.log');
    const reserve = await createDiskReserve(dir, { bytes: 16, settleMs: 2000 });
    const tee = reserve.tracked({ write: (t) => appendFileSync(file, t) }, file);
    tee.write('one\n');
    await reserve.release();
    expect(existsSync(join(dir, RESERVE_FILE))).toBe(false);
    const t0 = Date.now();
    tee.write('two\n');
    tee.write('three\n');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('tracked output, the file dropped by its writer (tee after a failed write): after the release the lines are appended directly, on a line of their own', async () => {
    const dir = await logDir();
    const file = join(dir, 'orchestrator.log');
    const reserve = await createDiskReserve(dir, { bytes: 16, settleMs: 100 });
    const seen: string[] = [];
    const tee = reserve.tracked({ write: (t) => void seen.push(t) }, file);
    writeFileSync(file, 'line 1\nline 2 cut sh');
    tee.write('lost\n');
    expect(readFileSync(file, 'utf8')).toBe('line 1\nline 2 cut sh');
    await reserve.release();
    tee.write('SRT_OUTPUT_FAILED Could not write x: the disk is full\n');
    const t0 = Date.now();
    tee.write('Run failed (exit code 1)\n');
    expect(Date.now() - t0).toBeLessThan(50);
    expect(readFileSync(file, 'utf8')).toBe('line 1\nline 2 cut sh\nSRT_OUTPUT_FAILED Could not write x: the disk is full\nRun failed (exit code 1)\n');
    // the terminal / batch log got every line
    expect(seen).toHaveLength(3);
  });

  it.skipIf(!root)('on a real full disk (a 256 KiB tmpfs, root): the test write finds it full; the released reserve makes room for the last writes', async () => {
    const fs = await tmpfs('256k');
    const { dir } = fs;
    try {
      const reserve = await createDiskReserve(dir, { bytes: 64 * 1024 });
      fillUp(join(dir, 'filler'));
      await expect(writeOutputFile(join(dir, 'status.json'), '{}')).rejects.toThrow(/the disk is full/);
      // no half-written file and no temporary file is left by the failed write
      expect(readdirSync(dir).sort()).toStrictEqual([RESERVE_FILE, 'filler']);
      const full = await reserve.findFull();
      expect(full?.message).toMatch(/^Could not write .*\.srtctl-probe: the disk is full;/);
      expect(readdirSync(dir).sort()).toStrictEqual([RESERVE_FILE, 'filler']);
      await reserve.release();
      await writeOutputFile(join(dir, 'status.json'), `${JSON.stringify({ outcome: 'x'.repeat(20_000) })}\n`);
      expect(readdirSync(dir).sort()).toStrictEqual(['filler', 'status.json']);
    } finally {
      fs.done();
    }
  });

  it.skipIf(!root)("with GNU tee writing the log as the batch script does (its stdout on the same full disk): tee gives up on both and exits; the last lines still reach the log", async () => {
    const fs = await tmpfs('128k');
    const { dir } = fs;
    try {
      const log = join(dir, 'orchestrator.log');
      const reserve = await createDiskReserve(dir, { bytes: 32 * 1024, settleMs: 300 });
      // `srtctl run … | tee orchestrator.log`, tee's stdout being Slurm's batch log on the same disk
      const batchLog = openSync(join(dir, 'sweep.log'), 'w');
      const tee = spawn('tee', [log], { stdio: ['pipe', batchLog, 'ignore'] });
      closeSync(batchLog);
      tee.stdin!.on('error', () => undefined); // EPIPE once tee is gone, as bin.ts ignores it
      const out = reserve.tracked({ write: (t) => void tee.stdin!.write(t) }, log);
      out.write('2026-12-02 10:00:00 [INFO] Sweep Orchestrator\n');
      await new Promise((r) => setTimeout(r, 100));
      fillUp(join(dir, 'filler'));
      // More than a page of lines: neither file has room for them; tee drops both and exits 1.
      for (let i = 0; i < 80; i++) out.write(`2026-12-02 10:00:01 [INFO] line ${i} lost on the full disk ${'.'.repeat(40)}\n`);
      const [code] = (await once(tee, 'exit')) as [number];
      expect(code).toBe(1);
      expect(readFileSync(log, 'utf8')).not.toContain('line 79');
      // The end of the run: free the reserve, then the last lines.
      await reserve.release();
      out.write('2026-12-02 10:00:02 [ERROR] SRT_OUTPUT_FAILED Could not write /o/status.json: the disk is full\n');
      out.write('2026-12-02 10:00:02 [INFO] Run failed: SRT_OUTPUT_FAILED: the disk of the outputs is full (exit code 1)\n');
      const lines = readFileSync(log, 'utf8').split('\n');
      expect(lines[0]).toBe('2026-12-02 10:00:00 [INFO] Sweep Orchestrator');
      expect(lines.slice(-3)).toStrictEqual([
        '2026-12-02 10:00:02 [ERROR] SRT_OUTPUT_FAILED Could not write /o/status.json: the disk is full',
        '2026-12-02 10:00:02 [INFO] Run failed: SRT_OUTPUT_FAILED: the disk of the outputs is full (exit code 1)',
        '',
      ]);
    } finally {
      fs.done();
    }
  });
});

