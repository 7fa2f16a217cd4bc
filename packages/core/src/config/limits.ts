/**
 * The input limits of srtctl (docs/config.md "Limits"). Anything beyond one of them is refused
 * quickly with its own error code and the limit in the message; anything within them is
 * validated in well under a second and 256 MiB.
 */
export const LIMITS = {
  /** Bytes of a recipe, sweep or cluster file (`SRT_LIMIT_FILE_SIZE`). */
  fileBytes: 256 * 1024,
  /** Nesting depth of maps and lists, flow or block (`SRT_LIMIT_DEPTH`). */
  depth: 64,
  /** Alias expansions while reading the YAML, the yaml library's `maxAliasCount` (`SRT_LIMIT_ALIASES`). */
  aliases: 1000,
  /** Map entries and list items in one file (`SRT_LIMIT_KEYS`). */
  keys: 2_000,
  /** Characters of one string or key (`SRT_LIMIT_STRING`). */
  stringLength: 64 * 1024,
  /** The width (and precision) of a placeholder format spec such as `{job_id:>8}` (`SRT_LIMIT_PLACEHOLDER_WIDTH`). */
  placeholderWidth: 1024,
  /** `resources.*_nodes` (`SRT_LIMIT_RESOURCES`). */
  nodes: 100_000,
  /** `resources.*_workers` (`SRT_LIMIT_RESOURCES`). */
  workers: 100_000,
  /** `resources.gpus_per_node` (`SRT_LIMIT_RESOURCES`). */
  gpusPerNode: 1024,
  /** Jobs one sweep may expand to (`SRT_LIMIT_SWEEP`). */
  sweepJobs: 512,
  /** Nodes one plan may lay out (`SRT_LIMIT_PLANNING`): planning, rendering and dry-run stay under a second. */
  planNodes: 1_024,
  /** GPUs one plan may lay out, nodes × GPUs per node (`SRT_LIMIT_PLANNING`). */
  planGpus: 16_384,
} as const;
