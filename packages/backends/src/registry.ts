import type { Backend } from '@srt/core';
import { SrtError } from '@srt/core';
import type { GenericSchema } from 'valibot';
import { mockBackend } from './mock/mock-backend.ts'; // not the mock servers: planning needs the backend only
import { sglangBackend } from './sglang/index.ts';
import { trtllmBackend } from './trtllm/index.ts';
import { vllmBackend } from './vllm/index.ts';

/**
 * Every backend plug-in, keyed by its `backend.type`. Adding a backend = one folder
 * (`schema.ts`, `worker-command.ts`, `index.ts`) + one line here (see README).
 */
export const BACKENDS = {
  sglang: sglangBackend,
  vllm: vllmBackend,
  trtllm: trtllmBackend,
  mock: mockBackend,
} as const;

/** A known `backend.type`. */
export type BackendType = keyof typeof BACKENDS;

/** The known types, sorted, for messages. */
export function listBackendTypes(): BackendType[] {
  return (Object.keys(BACKENDS) as BackendType[]).sort();
}

/**
 * The backend plug-in for `type`; unknown → `SRT_BACKEND_UNKNOWN` naming the known types.
 *
 * @example getBackend(config.backend.type).buildWorkerCommand(...)
 */
export function getBackend(type: string): Backend<any> {
  if (Object.hasOwn(BACKENDS, type)) return BACKENDS[type as BackendType] as Backend<any>;
  throw new SrtError('SRT_BACKEND_UNKNOWN', `Unknown backend type '${type}'. Known types: ${listBackendTypes().join(', ')}. Set backend.type in the recipe to one of them.`, {
    details: listBackendTypes().map((t) => `backend.type: ${t}`),
  });
}

/** Each backend's schema, for `parseConfig(text, { backends: backendSchemas })`, which validates the `backend:` section with `backend.` paths. */
export const backendSchemas: Readonly<Record<BackendType, { readonly schema: GenericSchema }>> = Object.fromEntries(
  Object.entries(BACKENDS).map(([type, b]) => [type, { schema: b.schema as GenericSchema }]),
) as Record<BackendType, { readonly schema: GenericSchema }>;
