// dist/srtctl-plan.cjs: `srtctl validate`, `dry-run`, `--help` and `--version` without the
// rest of the CLI (the bin picks it by PLAN_BUNDLE_WORDS; see bin-loader.ts).
import { runCli } from './run-cli.ts';
import { PLANNING_COMMANDS } from './planning-commands.ts';

runCli(PLANNING_COMMANDS);
