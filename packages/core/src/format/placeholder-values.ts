import type { RuntimeContext } from '../runtime/types.ts';
import type { PlaceholderValue } from './format-template.ts';

type PlaceholderSource = Pick<
  RuntimeContext,
  'jobId' | 'runName' | 'headNodeIp' | 'logDir' | 'modelPath' | 'containerImage' | 'gpusPerNode'
>;

/** The placeholders a recipe template can use (`{job_id}`, `{run_name}`, ...), from a runtime context. */
export function placeholderValues(runtime: PlaceholderSource): Readonly<Record<string, PlaceholderValue>> {
  return {
    job_id: runtime.jobId,
    run_name: runtime.runName,
    head_node_ip: runtime.headNodeIp,
    log_dir: runtime.logDir,
    model_path: runtime.modelPath,
    container_image: runtime.containerImage,
    gpus_per_node: runtime.gpusPerNode,
  };
}
