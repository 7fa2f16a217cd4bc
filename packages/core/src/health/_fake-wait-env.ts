import type { WaitEnv } from './wait-outcome.ts';

/** A reply of the fake fetch: a status with a JSON body, or an error to throw. */
export type FakeReply = { readonly status: number; readonly body?: unknown } | { readonly error: Error };

/**
 * Test double for the waiters: a clock whose `sleep` advances `now` (a 30-minute wait
 * finishes instantly) and a fetch that answers from a script, one reply per request (the
 * last reply repeats). Records every request URL and sleep.
 */
export function fakeWaitEnv(replies: (url: string, n: number) => FakeReply, probe: (n: number) => boolean = () => false) {
  let clock = 1_000_000;
  const requests: string[] = [];
  const sleeps: number[] = [];
  let probes = 0;
  const env: WaitEnv = {
    now: () => clock,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (!signal?.aborted) clock += ms;
    },
    fetch: async (url, init) => {
      requests.push(url);
      if (init?.signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError');
      const reply = replies(url, requests.length);
      if ('error' in reply) throw reply.error;
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      return new Response(body, { status: reply.status, headers: { 'content-type': 'application/json' } });
    },
    probeTcp: async () => probe(++probes),
  };
  return { env, requests, sleeps, advance: (ms: number) => (clock += ms), elapsed: () => clock - 1_000_000 };
}
