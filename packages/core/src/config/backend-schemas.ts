import type * as v from 'valibot';

/** Backend schemas by `type`, for validating the `backend:` section (`@srt/backends` exports `backendSchemas`). */
export type BackendSchemas = Readonly<Record<string, { readonly schema: v.GenericSchema }>>;
