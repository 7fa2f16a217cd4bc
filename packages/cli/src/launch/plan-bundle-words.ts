/**
 * The first words of a command line that the bin (bin-loader.ts) runs from the planning
 * commands' bundle, dist/srtctl-plan.cjs (plan-bin.ts), instead of the whole CLI: the
 * commands of `PLANNING_COMMANDS` and the main help and version. Anything else, a typo
 * included (its did-you-mean needs every name), goes to dist/srtctl.cjs.
 */
export const PLAN_BUNDLE_WORDS: readonly string[] = ['validate', 'dry-run', '--help', '-h', 'help', '--version', '-V'];
