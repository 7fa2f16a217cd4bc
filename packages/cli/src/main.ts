import { COMMAND_SUMMARIES, type CommandName } from './command-summaries.ts';
import { type CommandEntry, dispatch, type MainOptions } from './dispatch.ts';
import { PLANNING_COMMANDS } from './launch/planning-commands.ts';

export { type CommandEntry, dispatch, type MainOptions, renderMainHelp, signalExitCode } from './dispatch.ts';

/** Every subcommand, loaded lazily so `srtctl validate` never pays for the orchestrator. */
export const COMMANDS: Readonly<Record<CommandName, CommandEntry>> = {
  ...PLANNING_COMMANDS,
  apply: { summary: COMMAND_SUMMARIES.apply, load: () => import('./commands/apply.ts') },
  'resolve-override': { summary: COMMAND_SUMMARIES['resolve-override'], load: () => import('./commands/resolve-override.ts') },
  run: { summary: COMMAND_SUMMARIES.run, load: () => import('./commands/run.ts') },
  setup: { summary: COMMAND_SUMMARIES.setup, load: () => import('./commands/setup.ts') },
  'setup-head': { summary: COMMAND_SUMMARIES['setup-head'], load: () => import('./commands/setup-head.ts') },
  bench: { summary: COMMAND_SUMMARIES.bench, load: () => import('./commands/bench.ts') },
  report: { summary: COMMAND_SUMMARIES.report, load: () => import('./commands/report.ts') },
  compare: { summary: COMMAND_SUMMARIES.compare, load: () => import('./commands/compare.ts') },
  mock: { summary: COMMAND_SUMMARIES.mock, load: () => import('./commands/mock.ts') },
  interactive: { summary: COMMAND_SUMMARIES.interactive, load: () => import('./commands/interactive.ts') },
  status: { summary: COMMAND_SUMMARIES.status, load: () => import('./commands/status.ts') },
  logs: { summary: COMMAND_SUMMARIES.logs, load: () => import('./commands/logs.ts') },
  wait: { summary: COMMAND_SUMMARIES.wait, load: () => import('./commands/wait.ts') },
  cancel: { summary: COMMAND_SUMMARIES.cancel, load: () => import('./commands/cancel.ts') },
  diagnose: { summary: COMMAND_SUMMARIES.diagnose, load: () => import('./commands/diagnose.ts') },
};

/**
 * The `srtctl` entry point as a function: parses the subcommand, runs it, and is the one
 * place that maps errors to output and exit status (0 ok, 1 `SrtError`, 2 usage, 70 internal,
 * 130 interrupted by Ctrl-C / 143 by SIGTERM; see docs/errors.md).
 *
 * @example const code = await main({ argv: ['validate', '-f', 'r.yaml'], env: nodeEnv(), stdout, stderr });
 */
export function main(opts: MainOptions): Promise<number> {
  return dispatch(opts, opts.commands ?? COMMANDS);
}
