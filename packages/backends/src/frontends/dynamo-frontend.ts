import type { FrontendConfig, RuntimeContext } from '@srt/core';
import { headServiceEnvironment } from '../head/build-head-services.ts';
import { buildFrontendArgs } from './frontend-args.ts';

/** `python3 -m dynamo.frontend --http-port=<port>` + `dynamo_frontend_args` (backends.md §6). */
export function buildDynamoFrontendCommand(port: number, frontend: FrontendConfig): string[] {
  return ['python3', '-m', 'dynamo.frontend', `--http-port=${port}`, ...buildFrontendArgs(frontend, false)];
}

/** The Dynamo frontend's exports: etcd and NATS on the head (by hostname, as the reference). */
export function buildDynamoFrontendEnvironment(runtime: Pick<RuntimeContext, 'nodes'>): [string, string][] {
  return headServiceEnvironment(runtime.nodes.head);
}
