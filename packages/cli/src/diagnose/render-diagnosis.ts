import { isAbsolute, relative } from 'node:path';
import type { Diagnosis } from './diagnose.ts';

/**
 * The diagnosis as text lines: the cause, the evidence as `file:line  text` (paths relative to
 * `cwd`), and the next step.
 *
 * @example console.log(renderDiagnosis(d, process.cwd()).join('\n')) // 'Diagnosis: …', '  rule: …', 'Evidence:', '  outputs/42/logs/decode_1_gpu-03.out:118  CUDA out of memory', …, 'Next step: …'
 */
export function renderDiagnosis(d: Pick<Diagnosis, 'rule' | 'cause' | 'evidence' | 'next'>, cwd: string): string[] {
  const where = (file: string, line: number): string => {
    const shown = isAbsolute(file) ? relative(cwd, file) || file : file;
    return line > 0 ? `${shown}:${line}` : shown;
  };
  const lines = [`Diagnosis: ${d.cause}`, `  rule: ${d.rule}`];
  if (d.evidence.length > 0) {
    lines.push('Evidence:');
    let last = '';
    for (const e of d.evidence) {
      const loc = where(e.file, e.line);
      const file = loc.replace(/:\d+$/, '');
      if (file !== last && last !== '') lines.push('  ...');
      last = file;
      lines.push(`  ${loc}  ${e.text}`);
    }
  }
  lines.push(`Next step: ${d.next}`);
  return lines;
}
