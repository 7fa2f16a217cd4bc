import type { Backend } from '@srt/core';
import { SrtError } from '@srt/core';
import * as v from 'valibot';

/**
 * The `backend:` section validated by the backend's own schema (defaults filled). `parseConfig`
 * normally did this already; parsing again keeps `planDeployment` safe for hand-built configs.
 */
export function parseBackendSection<C>(backend: Backend<C>, section: unknown): C {
  const result = v.safeParse(backend.schema, section);
  if (result.success) return result.output;
  const details = result.issues.map((i) => `backend.${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
  throw new SrtError('SRT_CONFIG_INVALID', `The backend section has ${details.length} problem${details.length === 1 ? '' : 's'}: fix them in the recipe and run \`srtctl validate\``, {
    details,
  });
}
