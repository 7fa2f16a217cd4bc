import type { WorkerMode } from '@srt/core';
import type { WorkerStats } from './worker-metrics.ts';

/** Faults a mock server can be told to inject (for testing the orchestrator and benchmarks). */
export interface MockFaults {
  /** Exit (code `crashExitCode`) right after the N-th completion request has been answered. */
  readonly crashAfterRequests?: number;
  /** Exit (code `crashExitCode`) this many milliseconds after start. */
  readonly crashAfterMs?: number;
  /** Exit code of a crash (default 3). */
  readonly crashExitCode?: number;
  /** `/health` stays 503 forever (frontend: reports no worker). */
  readonly neverHealthy?: boolean;
  /** Fraction (0..1) of completion requests answered with `errorStatus`; 1 = always. Deterministic: every 1/rate-th request. */
  readonly errorRate?: number;
  /** HTTP status of injected errors (default 500). */
  readonly errorStatus?: number;
  /** Streams carry no token at all (headers, then usage with 0 tokens if asked, then `[DONE]`). Workers only. */
  readonly zeroTokens?: boolean;
  /**
   * The worker stops itself with SIGSTOP 100 ms after the N-th completion request started, in
   * the middle of its stream: a frozen process, as a GPU hang looks from outside (workers only).
   */
  readonly freezeAfterRequests?: number;
}

/** Options of one mock worker process. */
export interface MockWorkerOptions {
  readonly mode: WorkerMode;
  readonly index: number;
  /** Served model name (requests naming another model get 404). */
  readonly model: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** `/health` answers 503 until this delay has passed (default 0). */
  readonly startupDelayMs?: number;
  /** Time to first token (default 50). */
  readonly ttftMs?: number;
  /** Inter-token latency (default 10). */
  readonly itlMs?: number;
  /** Tokens per SSE chunk (default 1); chunks are `tokensPerChunk × itlMs` apart. */
  readonly tokensPerChunk?: number;
  /** Natural output length when `ignore_eos` is not set (default 128). */
  readonly outputTokens?: number;
  readonly faults?: MockFaults;
  /** One line per event worth seeing (listening, healthy, fault triggered). */
  readonly log?: (line: string) => void;
  /** Set in each process of a `--processes N` worker: what it shares with the others. */
  readonly link?: MockProcessLink;
}

/**
 * How one of the processes of a `--processes N` mock server (all serving one port) is tied to
 * the others through their primary, so that together they answer like one server.
 */
export interface MockProcessLink {
  /** This process's number (0-based) and how many there are. */
  readonly index: number;
  readonly count: number;
  /** Called after each request answered in full (the primary counts `crash_after_requests` over all processes). */
  readonly completed?: () => void;
  /** Worker: shares this process's counters (read by the primary) and returns how to get the sum over every process (for `/metrics`). */
  readonly shareStats?: (own: WorkerStats) => () => Promise<WorkerStats>;
  /** Frontend: registers the receiver of the workers' health (one flag per worker, prefill then decode then agg), polled once by the primary. */
  readonly workerHealth?: (receive: (healthy: readonly boolean[]) => void) => void;
}

/** How a mock server ended: code 0 when closed, non-zero after a crash fault. */
export interface MockExit {
  readonly code: number;
  readonly reason: string;
}

/** A running mock server. */
export interface MockServerHandle {
  /** `http://<host>:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and cuts every connection. */
  close(): Promise<void>;
  /** Resolves when the server stops (closed, or crashed by a fault). */
  readonly done: Promise<MockExit>;
}

/** Worker URLs a mock frontend fronts. */
export interface MockFrontendTargets {
  readonly prefill: readonly { readonly url: string; readonly bootstrapPort?: number | undefined }[];
  readonly decode: readonly string[];
  readonly agg: readonly string[];
}

export const MOCK_FRONTEND_FORMATS = ['dynamo', 'sglang-router', 'trtllm-serve'] as const;
export type MockFrontendFormat = (typeof MOCK_FRONTEND_FORMATS)[number];

/** Options of the mock frontend. */
export interface MockFrontendOptions extends MockFrontendTargets {
  /** Which readiness endpoint to serve: Dynamo `/health` or SGLang router `/workers`. */
  readonly format: MockFrontendFormat;
  /** The engine imitated: `trtllm` workers register as Dynamo component `tensorrt_llm` (engines.md §10.2). */
  readonly engine?: 'sglang' | 'vllm' | 'trtllm';
  readonly host?: string;
  readonly port?: number;
  /** How often each worker's `/health` is polled (default 1000). */
  readonly pollIntervalMs?: number;
  /** Faults (`zeroTokens` does not apply). */
  readonly faults?: MockFaults;
  readonly log?: (line: string) => void;
  /** Set in each process of a `--processes N` frontend: worker health comes from the primary (no polling here). */
  readonly link?: MockProcessLink;
}

/** Counts `n`-th events that an error rate selects: exactly `rate` of them, evenly spread. */
export function isInjectedError(n: number, rate: number | undefined): boolean {
  if (rate === undefined || rate <= 0) return false;
  return Math.floor(n * rate) > Math.floor((n - 1) * rate);
}

/** An OpenAI-style error body. */
export function errorBody(status: number, message: string): string {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  return `${JSON.stringify({ error: { message, type, code: status } })}\n`;
}

/** `host` as it goes in a URL (IPv6 in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
