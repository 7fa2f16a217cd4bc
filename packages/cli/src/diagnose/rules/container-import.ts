import type { DiagnosisRule } from '../rule.ts';

/** pyxis/enroot could not import or start the container image (registry, credentials, disk, timeout). */
export default {
  id: 'container-import',
  priority: 20,
  cause: 'The container image could not be imported on {node} (pyxis/enroot)',
  next: 'Import the image once ahead of time (`enroot import -o image.sqsh docker://…`) and point model.container at the .sqsh; check registry credentials (~/.config/enroot/.credentials), free space under ENROOT_CACHE_PATH, and `srun --container-image` on one node.',
  logs: {
    patterns: [
      'pyxis: failed to import docker image',
      'pyxis: child \\d+ failed with error code',
      'pyxis: importing docker image.*(timed out|timeout)',
      'enroot-import.*(error|failed)',
      '\\[ERROR\\] (Could not process JSON input|URL https?://\\S+ returned error code: (401|403|5\\d\\d))',
      'curl: \\(28\\) (Operation|Connection) timed out',
      'pyxis: failed to create container filesystem',
      'enroot-nsenter: failed',
    ],
    in: 'process',
  },
} as const satisfies DiagnosisRule;
