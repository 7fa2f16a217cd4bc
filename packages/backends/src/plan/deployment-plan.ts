import type { Endpoint, FrontendTopology, FrontendType, HealthPlan, PlannedFile, PlannedProcess, Process, StartGate } from '@srt/core';

/** Everything the orchestrator starts for the serving deployment, decided before anything runs. */
export interface DeploymentPlan {
  readonly endpoints: readonly Endpoint[];
  /** One per node per endpoint, in allocation order. */
  readonly workers: readonly Process[];
  readonly frontendTopology: FrontendTopology;
  /** Start order: head services, the `hf:` model pre-download, workers, nginx, frontends. */
  readonly processes: readonly PlannedProcess[];
  /** Files to write before starting (nginx.conf). */
  readonly files: readonly PlannedFile[];
  readonly health: HealthPlan;
  /** Router mode as deployed: `frontend.use_sglang_router`, or forced on by profiling (quirk B4). */
  readonly useSglangRouter: boolean;
  /** The effective `frontend.type` (engines.md §5.5). */
  readonly frontendType?: FrontendType;
  /** HTTP gates that must pass before the named processes start (trtllm_serve workers, sequential_node_start). */
  readonly gates?: readonly StartGate[];
  /** What dry-run and apply print before the plan (an `hf:` model without `HF_HOME`, an unmounted `HF_HOME`). */
  readonly warnings?: readonly string[];
}
