import type { PlannedProcess, RuntimeContext, SrtConfig } from '@srt/core';
import type { ExitStatus, ProcessHandle } from '../executor.ts';
import type { Log } from '../log.ts';
import type { RunnablePlan } from '../run-context.ts';

/** A `Log` that keeps `LEVEL message` lines for assertions. */
export function captureLog(): Log & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`DEBUG ${m}`),
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARNING ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  };
}

/** A process handle whose end the test decides; records the signals it received. */
export function fakeHandle(pid = 100): ProcessHandle & {
  readonly signals: string[];
  exit(status: ExitStatus): void;
  /** Exit when SIGTERM arrives (default) or ignore it. */
  ignoreTerm: boolean;
} {
  let resolveExit!: (s: ExitStatus) => void;
  const exited = new Promise<ExitStatus>((r) => (resolveExit = r));
  let done = false;
  const handle = {
    pid,
    exited,
    signals: [] as string[],
    ignoreTerm: false,
    exit(status: ExitStatus) {
      if (done) return;
      done = true;
      resolveExit(status);
    },
    terminate() {
      handle.signals.push('SIGTERM');
      if (!handle.ignoreTerm) handle.exit({ code: null, signal: 'SIGTERM' });
    },
    kill() {
      handle.signals.push('SIGKILL');
      handle.exit({ code: null, signal: 'SIGKILL' });
    },
  };
  return handle;
}

/** A planned process with test defaults. */
export function plannedProcess(over: Partial<PlannedProcess> & Pick<PlannedProcess, 'name'>): PlannedProcess {
  return {
    role: 'worker',
    node: 'local-0',
    argv: ['true'],
    env: [],
    logFile: `/tmp/${over.name}.out`,
    critical: true,
    container: true,
    readiness: { kind: 'none' },
    ...over,
  };
}

/** A runtime context for a local run in `dir`. */
export function localRuntime(dir: string, nodes = ['local-0', 'local-1']): RuntimeContext {
  return {
    jobId: 'local-test',
    runName: 'test_local-test',
    nodes: { head: nodes[0] ?? 'local-0', bench: nodes[0] ?? 'local-0', worker: nodes },
    nodeAddrs: new Map(nodes.map((n, i) => [n, `127.0.0.${11 + i}`])),
    headNodeIp: '127.0.0.11',
    cwd: dir,
    outputDir: `${dir}/outputs/local-test`,
    logDir: `${dir}/outputs/local-test/logs`,
    modelPath: '/model',
    containerImage: '',
    gpusPerNode: 4,
    containerMounts: [],
    containerRuntime: 'none',
    environment: {},
    srunOptions: {},
    frontendPort: 8000,
    selfCommand: ['node', 'srtctl.mjs'],
    srtctlRoot: dir,
    workerPaths: { modelPath: '/model', logDir: `${dir}/outputs/local-test/logs` },
    warnings: [],
  };
}

/** A minimal validated config, enough for the orchestrator's logs. */
export const TEST_CONFIG = {
  name: 'test',
  model: { path: '/model', container: 'none', precision: 'fp8' },
  resources: { gpu_type: 'h100', gpus_per_node: 4 },
  slurm: {},
  backend: { type: 'mock' },
  frontend: { use_sglang_router: false, enable_multiple_frontends: true, num_additional_frontends: 9 },
  benchmark: { type: 'manual', req_rate: 'inf' },
  profiling: { type: 'none' },
  output: { log_dir: './outputs/{job_id}/logs' },
  health_check: { max_attempts: 180, interval_seconds: 10, head_services_timeout_seconds: 1200, frontend_timeout_seconds: 1200 },
  environment: {},
  container_mounts: {},
  srun_options: {},
  sbatch_directives: {},
  enable_config_dump: true,
} as unknown as SrtConfig;

/** A plan over the given processes, health checked at `healthUrl` (Dynamo format, 1 decode). */
export function testPlan(opts: {
  readonly dir: string;
  readonly processes: readonly PlannedProcess[];
  readonly healthUrl: string;
  readonly benchmark?: PlannedProcess;
  readonly healthTimeoutMs?: number;
  readonly frontendTimeoutMs?: number;
  readonly benchmarkTimeoutMs?: number;
}): RunnablePlan {
  return {
    config: TEST_CONFIG,
    runtime: localRuntime(opts.dir),
    deployment: {
      processes: opts.processes,
      files: [{ path: `${opts.dir}/outputs/local-test/logs/nginx.conf`, content: 'events {}\n' }],
      health: {
        url: opts.healthUrl,
        format: 'dynamo',
        expectedPrefill: 0,
        expectedDecode: 1,
        intervalMs: 50,
        timeoutMs: opts.healthTimeoutMs ?? 60_000,
        headServicesTimeoutMs: 60_000,
        frontendTimeoutMs: opts.frontendTimeoutMs ?? 60_000,
        benchmarkTimeoutMs: opts.benchmarkTimeoutMs,
      },
    },
    benchmark: opts.benchmark,
  };
}
