/** A worker as the mock frontend sees it. */
export interface WorkerView {
  readonly role: 'prefill' | 'decode' | 'agg';
  /** Index within its role. */
  readonly index: number;
  readonly url: string;
  readonly bootstrapPort: number | undefined;
  readonly healthy: boolean;
}

const DYNAMO_COMPONENT = { prefill: 'prefill', decode: 'decode', agg: 'backend' } as const;
const DYNAMO_ENDPOINTS = ['generate', 'clear_kv_blocks'] as const;

/**
 * The body of Dynamo's `GET /health`: one instance per endpoint (`generate`,
 * `clear_kv_blocks`) of every healthy worker, with the component it registers as
 * (aggregated workers register as `backend`).
 */
export function renderDynamoHealth(workers: readonly WorkerView[], engine: 'sglang' | 'vllm' | 'trtllm' = 'sglang'): unknown {
  // dynamo.trtllm registers decode and aggregated workers as `tensorrt_llm` (engines.md §10.2).
  const component = (role: WorkerView['role']): string => (engine === 'trtllm' && role !== 'prefill' ? 'tensorrt_llm' : DYNAMO_COMPONENT[role]);
  const instances = workers
    .filter((w) => w.healthy)
    .flatMap((w) =>
      DYNAMO_ENDPOINTS.map((endpoint) => ({
        component: component(w.role),
        endpoint,
        namespace: 'dynamo',
        instance_id: instanceId(w),
        transport: { http: w.url },
      })),
    );
  return {
    status: instances.length > 0 ? 'healthy' : 'unhealthy',
    endpoints: [...new Set(instances.map((i) => `dyn://dynamo.${i.component}.${i.endpoint}`))],
    instances,
  };
}

/** A stable id per worker, like Dynamo's lease ids (different per role and index). */
function instanceId(w: WorkerView): number {
  return 0x7000_0000 + ['prefill', 'decode', 'agg'].indexOf(w.role) * 0x10000 + w.index;
}

const ROUTER_TYPE = { prefill: 'prefill', decode: 'decode', agg: 'regular' } as const;

/**
 * The body of the SGLang router's `GET /workers`: the registered (healthy) workers and
 * their counts by type (aggregated workers are `regular`).
 */
export function renderRouterWorkers(workers: readonly WorkerView[]): unknown {
  const registered = workers.filter((w) => w.healthy);
  const count = (role: WorkerView['role']): number => registered.filter((w) => w.role === role).length;
  return {
    workers: registered.map((w) => ({
      id: w.url,
      url: w.url,
      worker_type: ROUTER_TYPE[w.role],
      is_healthy: true,
      ...(w.bootstrapPort === undefined ? {} : { bootstrap_port: w.bootstrapPort }),
    })),
    total: registered.length,
    stats: { prefill_count: count('prefill'), decode_count: count('decode'), regular_count: count('agg') },
  };
}
