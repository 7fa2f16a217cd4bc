/** Counters of one mock worker (mutated by the worker only; rendered by `/metrics`). */
export interface WorkerStats {
  requests: number;
  injectedErrors: number;
  badRequests: number;
  aborted: number;
  completed: number;
  running: number;
  promptTokens: number;
  generatedTokens: number;
  chunks: number;
  /** Sum / max of how late chunks left vs their schedule (ms). */
  latenessSumMs: number;
  latenessMaxMs: number;
  ttftSumMs: number;
  ttftCount: number;
}

export function createWorkerStats(): WorkerStats {
  return {
    requests: 0, injectedErrors: 0, badRequests: 0, aborted: 0, completed: 0, running: 0,
    promptTokens: 0, generatedTokens: 0, chunks: 0, latenessSumMs: 0, latenessMaxMs: 0, ttftSumMs: 0, ttftCount: 0,
  };
}

/** Renders the stats in the Prometheus text exposition format (version 0.0.4). */
export function renderWorkerMetrics(stats: WorkerStats, labels: { readonly model: string; readonly mode: string; readonly index: number }, healthy: boolean): string {
  const l = `{model_name=${JSON.stringify(labels.model)},mode="${labels.mode}",index="${labels.index}"}`;
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number): string =>
    `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name}${l} ${value}\n`;
  return [
    metric('mock_requests_total', 'counter', 'Completion requests received.', stats.requests),
    metric('mock_requests_completed_total', 'counter', 'Completion requests answered in full.', stats.completed),
    metric('mock_requests_aborted_total', 'counter', 'Streams cut because the client went away.', stats.aborted),
    metric('mock_injected_errors_total', 'counter', 'Requests answered with an injected error (fault).', stats.injectedErrors),
    metric('mock_bad_requests_total', 'counter', 'Requests rejected as invalid.', stats.badRequests),
    metric('mock_running_requests', 'gauge', 'Requests being generated now.', stats.running),
    metric('mock_prompt_tokens_total', 'counter', 'Prompt tokens received (whitespace words).', stats.promptTokens),
    metric('mock_generation_tokens_total', 'counter', 'Tokens generated.', stats.generatedTokens),
    metric('mock_stream_chunks_total', 'counter', 'SSE chunks written.', stats.chunks),
    metric('mock_chunk_lateness_seconds_total', 'counter', 'Sum of how late chunks were written vs their schedule.', stats.latenessSumMs / 1000),
    metric('mock_chunk_lateness_seconds_max', 'gauge', 'Latest-written chunk vs its schedule.', stats.latenessMaxMs / 1000),
    metric('mock_time_to_first_token_seconds_total', 'counter', 'Sum of server-side times to first token.', stats.ttftSumMs / 1000),
    metric('mock_first_tokens_total', 'counter', 'Requests that got their first token.', stats.ttftCount),
    metric('mock_healthy', 'gauge', '1 once the worker reports healthy.', healthy ? 1 : 0),
  ].join('');
}
