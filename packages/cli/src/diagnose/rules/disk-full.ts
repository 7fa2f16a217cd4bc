import type { DiagnosisRule } from '../rule.ts';

/**
 * The file system of the outputs (or a process's cache) ran out of space or quota: srtctl's
 * `SRT_OUTPUT_FAILED … the disk is full` (written with the space its reserve freed), or a
 * process's ENOSPC / `No space left on device`.
 */
export default {
  id: 'disk-full',
  priority: 12,
  cause: 'A disk is full: {match}',
  next: 'Free space (or quota) on that file system, or write the outputs elsewhere (`srtctl apply -o DIR`, `output_dir` in srtslurm.yaml); the results written before it filled are kept. `df -h <folder>` shows the space left.',
  logs: {
    patterns: [
      'SRT_OUTPUT_FAILED .*(the disk is full|the disk quota is exhausted)',
      'No space left on device',
      'Disk quota exceeded',
      '\\bENOSPC\\b',
      '\\bEDQUOT\\b',
    ],
    in: 'any',
  },
} as const satisfies DiagnosisRule;
