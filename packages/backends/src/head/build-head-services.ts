import type { PlannedProcess, RuntimeContext } from '@srt/core';

/** NATS client port (JetStream on). */
export const NATS_PORT = 4222;
/** etcd client and peer ports. */
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;

/** Binary locations, from the cluster file's `nats_binary` / `etcd_binary`. */
export interface HeadServiceOptions {
  readonly natsBinary?: string | null | undefined;
  readonly etcdBinary?: string | null | undefined;
}

/**
 * Default binaries: the reference's `/configs/nats-server` and `/configs/etcd` inside the
 * container under pyxis; without containers the names on PATH (Debian's `nats-server` and
 * `etcd-server` packages install `nats-server` and `etcd`).
 */
export function defaultHeadBinaries(runtime: Pick<RuntimeContext, 'containerRuntime'>): { readonly nats: string; readonly etcd: string } {
  return runtime.containerRuntime === 'pyxis' ? { nats: '/configs/nats-server', etcd: '/configs/etcd' } : { nats: 'nats-server', etcd: 'etcd' };
}

/** `<nats> -js -p 4222 -sd <log dir>/nats`: JetStream on, store under the job's log dir. */
export function buildNatsCommand(runtime: RuntimeContext, binary?: string | null): string[] {
  const nats = binary || defaultHeadBinaries(runtime).nats;
  return [nats, '-js', '-p', String(NATS_PORT), '-sd', `${runtime.workerPaths.logDir}/nats`];
}

/** etcd with the flags of backends.md §10 advertising the head address, data under the job's log dir. */
export function buildEtcdCommand(runtime: RuntimeContext, binary?: string | null): string[] {
  const etcd = binary || defaultHeadBinaries(runtime).etcd;
  const ip = runtime.headNodeIp;
  return [
    etcd,
    '--listen-client-urls', `http://0.0.0.0:${ETCD_CLIENT_PORT}`,
    '--advertise-client-urls', `http://${ip}:${ETCD_CLIENT_PORT}`,
    '--listen-peer-urls', `http://0.0.0.0:${ETCD_PEER_PORT}`,
    '--initial-advertise-peer-urls', `http://${ip}:${ETCD_PEER_PORT}`,
    '--initial-cluster', `default=http://${ip}:${ETCD_PEER_PORT}`,
    '--data-dir', `${runtime.workerPaths.logDir}/etcd`,
  ];
}

/**
 * NATS and etcd on the head node as two plan items (what the reference's setup_head.py
 * starts), each ready when its port accepts TCP on the head address. Output goes to
 * `<log dir>/nats.log` and `<log dir>/etcd.log` on the host (quirks B1, B9).
 * `srtctl setup-head` can run these directly.
 *
 * @example
 * buildHeadServices(runtime, { natsBinary: cluster.nats_binary }).map((p) => p.name) // ['nats', 'etcd']
 */
export function buildHeadServices(runtime: RuntimeContext, opts: HeadServiceOptions = {}): PlannedProcess[] {
  const head = runtime.nodes.head;
  const host = runtime.headNodeIp;
  const common = { role: 'head', node: head, env: [], critical: true, container: true } as const;
  return [
    {
      ...common,
      name: 'nats',
      argv: buildNatsCommand(runtime, opts.natsBinary),
      logFile: `${runtime.logDir}/nats.log`,
      readiness: { kind: 'tcp', host, port: NATS_PORT, label: 'NATS' },
    },
    {
      ...common,
      name: 'etcd',
      argv: buildEtcdCommand(runtime, opts.etcdBinary),
      logFile: `${runtime.logDir}/etcd.log`,
      readiness: { kind: 'tcp', host, port: ETCD_CLIENT_PORT, label: 'etcd' },
    },
  ];
}
