import { describe, expect, it } from 'vitest';
import { createLog, formatLogLine } from './log.ts';

describe('formatLogLine', () => {
  it('writes the local date and time, the level in brackets, and the message', () => {
    expect(formatLogLine(new Date(2026, 0, 2, 3, 4, 5), 'INFO', 'Sweep Orchestrator')).toBe('2026-01-02 03:04:05 [INFO] Sweep Orchestrator');
  });
});

describe('createLog', () => {
  it('writes one line per record at INFO and above, WARNING for warn', () => {
    let text = '';
    const log = createLog({ write: (t) => (text += t) }, { now: () => new Date(2026, 0, 2, 3, 4, 5).getTime() });
    log.debug('hidden');
    log.info('a');
    log.warn('b');
    log.error('c');
    expect(text).toBe('2026-01-02 03:04:05 [INFO] a\n2026-01-02 03:04:05 [WARNING] b\n2026-01-02 03:04:05 [ERROR] c\n');
  });

  it('writes DEBUG records when asked to', () => {
    let text = '';
    createLog({ write: (t) => (text += t) }, { now: () => 0, level: 'DEBUG' }).debug('x');
    expect(text).toMatch(/\[DEBUG\] x\n$/);
  });
});
