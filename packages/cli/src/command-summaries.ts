/**
 * Every subcommand's one line of help, in the order `srtctl --help` lists them. Plain data, so
 * the help and the start-up bundle of the planning commands (launch/plan-bin.ts) need none of
 * the command modules.
 */
export const COMMAND_SUMMARIES = {
  validate: 'Check a recipe (or every job of a sweep) and that its plan fits',
  'dry-run': 'Show the sbatch script and the launch plan without submitting',
  apply: 'Submit a recipe (or every job of a sweep) to SLURM, or run it here with --local',
  'resolve-override': 'Write the resolved variants of an override file (no submission)',
  run: 'Run a job from its config inside the allocation (the in-job orchestrator)',
  setup: 'Fill <srtctl root>/configs/ (mounted at /configs) with nats-server and etcd',
  'setup-head': 'Start NATS and etcd on the head node',
  bench: 'Run a benchmark against a running deployment',
  report: 'Summarize benchmark results of a job',
  compare: 'Compare two runs and fail on a throughput/latency regression',
  mock: 'Start a mock worker or mock frontend (for tests and demos)',
  interactive: 'Browse recipes, preview, dry-run and submit (same as `srtctl` alone)',
  status: 'Show jobs under outputs/ from their ledgers: SLURM state, phase, health, throughput, outcome',
  logs: "Print (or --follow) a job's orchestrator log or one process's log",
  wait: 'Wait for jobs to end; exit 0 only when all completed with valid results',
  cancel: 'Cancel jobs (scancel, recorded in their ledgers)',
  diagnose: 'Name the first cause of a failed job, with evidence and the next step',
} as const;

/** The name of a subcommand. */
export type CommandName = keyof typeof COMMAND_SUMMARIES;
