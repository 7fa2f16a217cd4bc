import type { SrtConfig } from '../config/schema.ts';
import { SrtError } from '../errors.ts';
import { resolvePosix } from '../format/_posix-path.ts';
import { formatPath } from '../format/format-path.ts';
import { placeholderValues } from '../format/placeholder-values.ts';
import type { Mount, RuntimeContext } from './types.ts';

type MountSource = Pick<RuntimeContext, 'jobId' | 'runName' | 'headNodeIp' | 'logDir' | 'modelPath' | 'containerImage' | 'gpusPerNode'>;

export interface ContainerMountsOptions {
  readonly cwd: string;
  readonly vars: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
  readonly configsDir?: string | undefined;
  readonly benchmarkScriptsDir?: string | undefined;
}

/**
 * `<srtctl root>/configs`: the head-service binaries (`nats-server`, `etcd`), setup scripts and
 * other files every containerized step sees at `/configs` (topology.md §8 item 3; `srtctl setup`
 * fills it).
 *
 * @example srtctlConfigsDir('/opt/srtctl/') // → '/opt/srtctl/configs'
 */
export function srtctlConfigsDir(srtctlRoot: string): string {
  return `${srtctlRoot.replace(/\/+$/, '')}/configs`;
}

/** The job's mounts in order, and warnings about host paths mounted twice at different places. */
export interface ContainerMounts {
  readonly mounts: readonly Mount[];
  readonly warnings: readonly string[];
}

/**
 * The default mount set (topology.md §8), ordered and keyed by host path: model → `/model`,
 * logs → `/logs`, configs → `/configs`, benchmark scripts → `/srtctl-benchmarks`, then
 * `extra_mount` (`host:container`, split at the first `:`) and `container_mounts`
 * (both sides formatted; only the host side made absolute). A later entry for the same
 * host path replaces the container path in place; if it differs, a warning says so (T6).
 */
export function containerMounts(config: Pick<SrtConfig, 'extra_mount' | 'container_mounts'>, runtime: MountSource, opts: ContainerMountsOptions): ContainerMounts {
  const byHost = new Map<string, { container: string; source: string }>();
  const warnings: string[] = [];
  const add = (host: string, container: string, source: string): void => {
    const prev = byHost.get(host);
    if (prev !== undefined && prev.container !== container) {
      warnings.push(`${source} mounts ${host} at ${container}, replacing ${prev.container} from ${prev.source}`);
    }
    byHost.set(host, { container, source });
  };
  if (!runtime.modelPath.startsWith('hf:')) add(runtime.modelPath, '/model', 'model.path');
  add(runtime.logDir, '/logs', 'output.log_dir');
  if (opts.configsDir !== undefined) add(resolvePosix(opts.cwd, opts.configsDir), '/configs', '<srtctl root>/configs');
  if (opts.benchmarkScriptsDir !== undefined) add(resolvePosix(opts.cwd, opts.benchmarkScriptsDir), '/srtctl-benchmarks', 'the benchmark scripts');
  for (const [i, entry] of (config.extra_mount ?? []).entries()) {
    const colon = entry.indexOf(':');
    if (colon < 0) {
      throw new SrtError('SRT_CONFIG_INVALID', `extra_mount[${i}] ${JSON.stringify(entry)} has no ':': write it as host_path:container_path`);
    }
    add(resolvePosix(opts.cwd, entry.slice(0, colon)), entry.slice(colon + 1), `extra_mount[${i}]`);
  }
  const values = placeholderValues(runtime);
  const pathOpts = { cwd: opts.cwd, vars: opts.vars, ...(opts.home === undefined ? {} : { home: opts.home }) };
  for (const [hostTemplate, containerTemplate] of Object.entries(config.container_mounts)) {
    const host = formatPath(hostTemplate, values, pathOpts);
    add(host, formatPath(containerTemplate, values, { ...pathOpts, absolute: false }), `container_mounts[${JSON.stringify(hostTemplate)}]`);
  }
  return { mounts: [...byHost].map(([host, m]) => ({ host, container: m.container })), warnings };
}
