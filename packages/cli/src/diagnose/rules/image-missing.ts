import type { DiagnosisRule } from '../rule.ts';

/** The container image named by model.container does not exist (no such .sqsh file, unknown tag). */
export default {
  id: 'image-missing',
  priority: 19,
  cause: 'The container image is missing: {match}',
  next: 'Fix model.container (or the `containers:` alias in srtslurm.yaml): the .sqsh path must exist on every node, or the registry tag must exist (`enroot import docker://<image>` to check).',
  logs: {
    patterns: [
      'pyxis: (error: )?(unable to find|could not find|no such) (container )?image',
      'enroot.*No such file or directory: .*\\.sqsh',
      '\\[ERROR\\] No such file or directory: \\S+\\.sqsh',
      '\\[ERROR\\] URL https?://\\S+ returned error code: 404',
      'manifest (for \\S+ )?unknown',
      'pyxis: (error: )?\\S+\\.sqsh: (No such file|not found)',
    ],
    in: 'process',
  },
} as const satisfies DiagnosisRule;
