import { COMMAND_SUMMARIES } from '../command-summaries.ts';
import type { CommandEntry } from '../dispatch.ts';

/**
 * The commands that only plan (read a recipe, print or write files): `validate` and `dry-run`.
 * They are the whole command table of the start-up bundle dist/srtctl-plan.cjs (plan-bin.ts),
 * which leaves out the orchestrator, the mock servers, the load generator and the prompts, so
 * these commands read, deserialize and instantiate half as much code (issue 11).
 */
export const PLANNING_COMMANDS = {
  validate: { summary: COMMAND_SUMMARIES.validate, load: () => import('../commands/validate.ts') },
  'dry-run': { summary: COMMAND_SUMMARIES['dry-run'], load: () => import('../commands/dry-run.ts') },
} as const satisfies Readonly<Record<string, CommandEntry>>;
