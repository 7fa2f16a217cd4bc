import type { Env, Process } from '@srt/core';
import type { RunContext } from './run-context.ts';

/** One worker as its own health endpoint answered when the deployment did not become healthy. */
export interface WorkerProbe {
  /** `prefill_0`, `decode_1`, `agg_0`. */
  readonly worker: string;
  readonly node: string;
  readonly url: string;
  /** `HTTP 503 {"status":"starting"}` or `no answer: connect ECONNREFUSED`. */
  readonly status: string;
  readonly healthy: boolean;
}

const PROBE_TIMEOUT_MS = 2000;

/**
 * Asks every worker leader's own `/health` once, so the diagnosis can name the worker the
 * frontend never saw and its last status (issue 10). Never throws.
 */
export async function probeWorkers(ctx: Pick<RunContext, 'plan'> & { readonly env: Pick<Env, 'fetch'> }): Promise<readonly WorkerProbe[]> {
  const addr = (node: string): string => ctx.plan.runtime.nodeAddrs.get(node) ?? node;
  // A LaunchPlan's deployment carries its worker processes (ports included); a bare RunnablePlan may not.
  const workers = (ctx.plan.deployment as { readonly workers?: readonly Process[] }).workers ?? [];
  const leaders = workers.filter((w) => w.isLeader && w.httpPort > 0);
  return Promise.all(
    leaders.map(async (w) => {
      const worker = `${w.endpointMode}_${w.endpointIndex}`;
      const url = `http://${addr(w.node)}:${w.httpPort}/health`;
      const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
      try {
        const res = await ctx.env.fetch(url, { signal });
        const body = (await res.text()).replace(/\s+/g, ' ').trim().slice(0, 160);
        return { worker, node: w.node, url, status: `HTTP ${res.status}${body === '' ? '' : ` ${body}`}`, healthy: res.status === 200 };
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
        return { worker, node: w.node, url, status: `no answer: ${why}`, healthy: false };
      }
    }),
  );
}

/** The diagnosis lines: the workers whose own health is not 200 first, each with its last status. */
export function describeUnhealthy(probes: readonly WorkerProbe[]): readonly string[] {
  const bad = probes.filter((p) => !p.healthy);
  if (bad.length === 0) {
    return probes.length === 0
      ? []
      : [`Every worker answers its own /health with 200 (${probes.map((p) => p.worker).join(', ')}), but the frontend does not list them all: read the frontend log`];
  }
  return bad.map((p) => `Worker ${p.worker} on ${p.node} is not healthy: ${p.url} → ${p.status}`);
}
