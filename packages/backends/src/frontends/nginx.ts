import type { FrontendTopology, PlannedFile, RuntimeContext } from '@srt/core';
import { renderNginxConf } from '@srt/core';
import { nodeAddress } from '../worker/node-address.ts';

/** The nginx launch: argv plus the install preamble it needs. */
export interface NginxCommand {
  readonly argv: readonly string[];
  readonly preamble?: string;
  /** Where the master writes its pid (host path; only outside containers). */
  readonly pidFile?: string;
}

/**
 * apt-get install run in the container before nginx (backends.md §8.1), skipped when the image
 * has nginx already (porting-notes D3: the reference always runs it, which needs the network).
 */
export const NGINX_INSTALL = 'if ! command -v nginx >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq nginx; fi';

/**
 * In the container (default under pyxis), the reference's `apt-get … && nginx -c /logs/nginx.conf -g 'daemon off;'`
 * (the bash wrapper joins preamble and argv into exactly that string). Without containers,
 * Debian's nginx with everything it writes under the job's log dir:
 * `nginx -c <log dir>/nginx.conf -e <log dir>/nginx_error.log -g 'daemon off; pid <log dir>/nginx.pid;'`.
 */
export function buildNginxCommand(
  runtime: Pick<RuntimeContext, 'containerRuntime' | 'logDir' | 'workerPaths'>,
  inContainer: boolean = runtime.containerRuntime === 'pyxis',
): NginxCommand {
  if (inContainer) {
    return { argv: ['nginx', '-c', `${runtime.workerPaths.logDir}/nginx.conf`, '-g', 'daemon off;'], preamble: NGINX_INSTALL };
  }
  const dir = runtime.logDir;
  const pidFile = `${dir}/nginx.pid`;
  return {
    argv: ['nginx', '-c', `${dir}/nginx.conf`, '-e', `${dir}/nginx_error.log`, '-g', `daemon off; pid ${nginxWord(pidFile)};`],
    pidFile,
  };
}

/**
 * `<log dir>/nginx.conf` round-robining the public port over the frontend nodes' addresses.
 * nginx listens on every address of its node, as the reference does, except when that node's
 * address is a loopback one (`apply --local`: every "node" is an address of this machine),
 * where it listens on that address only, like each other process of that node (porting note N4).
 *
 * @example const file = buildNginxConfFile(plan.frontendTopology, runtime); // { path: '<log dir>/nginx.conf', content }
 */
export function buildNginxConfFile(topology: FrontendTopology, runtime: Pick<RuntimeContext, 'logDir' | 'nodeAddrs'>): PlannedFile {
  const upstreams = topology.frontendNodes.map((n) => ({ host: nodeAddress(runtime, n), port: topology.frontendPort }));
  const own = topology.nginxNode === undefined ? undefined : nodeAddress(runtime, topology.nginxNode);
  const listenHost = own !== undefined && /^127\./.test(own) ? own : undefined;
  return { path: `${runtime.logDir}/nginx.conf`, content: renderNginxConf({ upstreams, listenPort: topology.publicPort, ...(listenHost === undefined ? {} : { listenHost }) }) };
}

/** An nginx config word: bare when plain, else double-quoted so `;` or spaces in a path cannot add directives. */
function nginxWord(s: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(s) ? s : `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
