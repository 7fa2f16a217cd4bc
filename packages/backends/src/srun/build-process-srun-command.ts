import type { PlannedProcess, RuntimeContext } from '@srt/core';
import { buildSrunCommand } from './build-srun-command.ts';

/**
 * The srun step of one planned process: one node, one task, `--overlap`, output to its log
 * file, the job's image and mounts under pyxis (when the process runs in a container), the
 * recipe's `srun_options` (quirk C5: the reference ignores them), and
 * `bash -c '<preamble> && export … && <argv>'`.
 *
 * @example
 * buildProcessSrunCommand(plan.processes[0], runtime) // ['srun', '--overlap', '--nodes', '1', ...]
 */
export function buildProcessSrunCommand(
  process: PlannedProcess,
  runtime: Pick<RuntimeContext, 'containerRuntime' | 'containerImage' | 'containerMounts' | 'srunOptions'>,
): string[] {
  const inContainer = runtime.containerRuntime === 'pyxis' && process.container;
  return buildSrunCommand({
    command: process.argv,
    nodes: 1,
    ntasks: 1,
    nodelist: [process.node],
    output: process.logFile,
    containerImage: inContainer ? (process.containerImage ?? runtime.containerImage) : undefined,
    containerMounts: inContainer ? [...runtime.containerMounts, ...(process.extraMounts ?? [])] : undefined,
    srunOptions: runtime.srunOptions,
    bashWrapper: { preamble: process.preamble, env: process.env },
  });
}
