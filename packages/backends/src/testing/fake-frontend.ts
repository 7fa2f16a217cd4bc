import type { FrontendConfig } from '@srt/core';

/** A frontend section with the schema's defaults. */
export function fakeFrontend(over: Partial<FrontendConfig> = {}): FrontendConfig {
  return { use_sglang_router: false, enable_multiple_frontends: true, num_additional_frontends: 9, sglang_router_args: undefined, dynamo_frontend_args: undefined, ...over };
}
