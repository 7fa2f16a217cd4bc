import * as v from 'valibot';
import { Bool, withDescription, opt, PositiveInt, Str, StrMap, def } from '../config/scalars.ts';
import { DefaultHealthCheckSchema } from '../config/schema.ts';
import { CONTAINER_RUNTIMES } from '../runtime/types.ts';

/** The cluster file `srtslurm.yaml` (config.md §9.2, plus `container_runtime`, head-service binaries and per-key `default_health_check`). */
export const ClusterConfigSchema = v.pipe(
  v.strictObject({
    default_account: opt(withDescription(Str, 'Default `slurm.account`.')),
    default_partition: opt(withDescription(Str, 'Default `slurm.partition`.')),
    default_time_limit: opt(withDescription(Str, 'Default `slurm.time_limit`, e.g. "04:00:00".')),
    gpus_per_node: opt(withDescription(PositiveInt, 'Accepted for compatibility; recipes set `resources.gpus_per_node`.')),
    network_interface: opt(withDescription(Str, 'Accepted for compatibility; not used.')),
    use_gpus_per_node_directive: def(withDescription(Bool, 'Emit `#SBATCH --gpus-per-node`.'), true),
    use_segment_sbatch_directive: def(withDescription(Bool, 'Emit `#SBATCH --segment`.'), true),
    srtctl_root: opt(withDescription(Str, 'srtctl install directory used by the batch script.')),
    output_dir: opt(withDescription(Str, 'Output base of every job (`<output_dir>/<job_id>`; $VAR and ~ expanded; on a file system the compute nodes share); `-o DIR` wins, default `<cwd>/outputs`.')),
    model_paths: opt(withDescription(StrMap, 'Model aliases: name → host path.')),
    containers: opt(withDescription(StrMap, 'Container aliases: name → image.')),
    cloud: opt(withDescription(StrMap, 'Settings for external analysis tools.')),
    container_runtime: def(
      withDescription(
        v.picklist(CONTAINER_RUNTIMES, 'expected "pyxis" or "none"'),
        'pyxis (default): workers run in the container via srun --container-image; none: run commands directly on the nodes.',
      ),
      'pyxis',
    ),
    nats_binary: opt(withDescription(Str, 'Path of the nats-server binary for the head node.')),
    etcd_binary: opt(withDescription(Str, 'Path of the etcd binary for the head node.')),
    default_health_check: opt(DefaultHealthCheckSchema),
  }),
  v.description('Cluster settings shared by every recipe (srtslurm.yaml).'),
);

/** A validated cluster file. */
export type ClusterConfig = Readonly<v.InferOutput<typeof ClusterConfigSchema>>;

/** A cluster file and where it was found. */
export interface LoadedCluster {
  readonly path: string;
  readonly config: ClusterConfig;
  /** `file:line:col key: message` lines about accepted-but-unused keys. */
  readonly warnings: readonly string[];
}
