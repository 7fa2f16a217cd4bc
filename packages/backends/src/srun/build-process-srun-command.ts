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
  runtime: Pick<RuntimeContext, 'containerRuntime' | 'containerImage' | 'containerMounts' | 'srunOptions'> & { readonly jobId?: string },
): string[] {
  const inContainer = runtime.containerRuntime === 'pyxis' && process.container;
  const shape = process.srun;
  const nodes = shape?.nodes ?? [process.node];
  // Engine steps (engines.md §1): a recipe cpu-bind replaces the backend default (E4).
  const options = shape === undefined ? runtime.srunOptions : shape.recipeOptions ? runtime.srunOptions : {};
  return buildSrunCommand({
    command: process.argv,
    nodes: nodes.length,
    ntasks: shape?.ntasks ?? 1,
    nodelist: nodes,
    output: process.logFile,
    containerImage: inContainer ? (process.containerImage ?? runtime.containerImage) : undefined,
    containerMounts: inContainer ? [...runtime.containerMounts, ...(process.extraMounts ?? [])] : undefined,
    srunOptions: options,
    bashWrapper: { preamble: process.preamble, env: process.env, unset: process.unsetEnv, exportsFirst: process.exportsFirst },
    ...(shape === undefined
      ? {}
      : {
          jobId: runtime.jobId,
          mpi: shape.mpi,
          oversubscribe: shape.oversubscribe,
          cpuBind: shape.cpuBind,
          exportEnv: inContainer ? shape.export : undefined,
          joinedOptions: true,
        }),
  });
}
