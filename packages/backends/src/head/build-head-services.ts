import type { PlannedProcess, RuntimeContext } from '@srt/core';

/** NATS client port (JetStream on). */
export const NATS_PORT = 4222;
/** etcd client and peer ports. */
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;

/** The exports that point Dynamo workers and frontends at the head's etcd and NATS (by hostname, as the reference). */
export function headServiceEnvironment(head: string): [string, string][] {
  return [
    ['ETCD_ENDPOINTS', `http://${head}:${ETCD_CLIENT_PORT}`],
    ['NATS_SERVER', `nats://${head}:${NATS_PORT}`],
  ];
}

/** Binary locations, from the cluster file's `nats_binary` / `etcd_binary`. */
export interface HeadServiceOptions {
  readonly natsBinary?: string | null | undefined;
  readonly etcdBinary?: string | null | undefined;
  /** Run in the job's container (default: under pyxis). Outside it: binaries on PATH, host log paths. */
  readonly inContainer?: boolean | undefined;
}

type HeadRuntime = Pick<RuntimeContext, 'containerRuntime' | 'logDir' | 'workerPaths' | 'headNodeIp'>;

function view(runtime: HeadRuntime, inContainer: boolean | undefined): { readonly inContainer: boolean; readonly logDir: string } {
  const inside = inContainer ?? runtime.containerRuntime === 'pyxis';
  return { inContainer: inside, logDir: inside ? runtime.workerPaths.logDir : runtime.logDir };
}

/**
 * Default binaries: the reference's `/configs/nats-server` and `/configs/etcd` inside the
 * container under pyxis; without containers the names on PATH (Debian's `nats-server` and
 * `etcd-server` packages install `nats-server` and `etcd`).
 */
export function defaultHeadBinaries(inContainer: boolean): { readonly nats: string; readonly etcd: string } {
  return inContainer ? { nats: '/configs/nats-server', etcd: '/configs/etcd' } : { nats: 'nats-server', etcd: 'etcd' };
}

/** `<nats> -js -p 4222 -sd <log dir>/nats`: JetStream on, store under the job's log dir. */
export function buildNatsCommand(runtime: HeadRuntime, binary?: string | null, inContainer?: boolean): string[] {
  const v = view(runtime, inContainer);
  const nats = binary || defaultHeadBinaries(v.inContainer).nats;
  return [nats, '-js', '-p', String(NATS_PORT), '-sd', `${v.logDir}/nats`];
}

/** etcd with the flags of backends.md §10 advertising the head address, data under the job's log dir. */
export function buildEtcdCommand(runtime: HeadRuntime, binary?: string | null, inContainer?: boolean): string[] {
  const v = view(runtime, inContainer);
  const etcd = binary || defaultHeadBinaries(v.inContainer).etcd;
  const ip = runtime.headNodeIp;
  return [
    etcd,
    '--listen-client-urls', `http://0.0.0.0:${ETCD_CLIENT_PORT}`,
    '--advertise-client-urls', `http://${ip}:${ETCD_CLIENT_PORT}`,
    '--listen-peer-urls', `http://0.0.0.0:${ETCD_PEER_PORT}`,
    '--initial-advertise-peer-urls', `http://${ip}:${ETCD_PEER_PORT}`,
    '--initial-cluster', `default=http://${ip}:${ETCD_PEER_PORT}`,
    '--data-dir', `${v.logDir}/etcd`,
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
  const inContainer = view(runtime, opts.inContainer).inContainer;
  const common = { role: 'head', node: head, env: [], critical: true, container: inContainer } as const;
  return [
    {
      ...common,
      name: 'nats',
      argv: buildNatsCommand(runtime, opts.natsBinary, inContainer),
      logFile: `${runtime.logDir}/nats.log`,
      readiness: { kind: 'tcp', host, port: NATS_PORT, label: 'NATS' },
    },
    {
      ...common,
      name: 'etcd',
      argv: buildEtcdCommand(runtime, opts.etcdBinary, inContainer),
      logFile: `${runtime.logDir}/etcd.log`,
      readiness: { kind: 'tcp', host, port: ETCD_CLIENT_PORT, label: 'etcd' },
    },
  ];
}
