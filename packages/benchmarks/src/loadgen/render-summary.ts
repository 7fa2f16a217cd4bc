import type { ClientHealth } from './client-monitor.ts';
import type { SaMetrics } from './metrics.ts';
import type { LatencyStats } from './stats.ts';

const center = (s: string, fill: string): string => {
  const pad = Math.max(0, 50 - s.length);
  const left = Math.floor(pad / 2);
  return fill.repeat(left) + s + fill.repeat(pad - left);
};
const row = (label: string, value: number | string): string => `${label.padEnd(40)} ${String(value).padEnd(10)}`;
const f2 = (x: number): string => x.toFixed(2);

/** The console summary of one run, line for line as sa-bench prints it (§3.6), plus a client-health line. */
export function renderSaBenchSummary(m: SaMetrics, duration: number, client?: ClientHealth): string {
  const section = (name: string, header: string, s: LatencyStats): string[] => [
    center(header, '-'),
    row(`Mean ${name} (ms):`, f2(s.mean)),
    row(`Median ${name} (ms):`, f2(s.median)),
    row(`P90 ${name} (ms):`, f2(s.p90)),
    row(`P95 ${name} (ms):`, f2(s.p95)),
    row(`P99 ${name} (ms):`, f2(s.p99)),
  ];
  const lines = [
    center(' Serving Benchmark Result ', '='),
    row('Successful requests:', m.completed),
    row('Benchmark duration (s):', f2(duration)),
    row('Total input tokens:', m.totalInputTokens),
    row('Total generated tokens:', m.totalOutputTokens),
    row('Request throughput (req/s):', f2(m.requestThroughput)),
    row('Output token throughput (tok/s):', f2(m.outputThroughput)),
    row('Total Token throughput (tok/s):', f2(m.totalTokenThroughput)),
    ...section('TTFT', 'Time to First Token', m.ttftMs),
    ...section('TPOT', 'Time per Output Token (excl. 1st token)', m.tpotMs),
    ...section('ITL', 'Inter-token Latency', m.itlMs),
    ...section('E2EL', 'End-to-end Latency', m.e2elMs),
    '='.repeat(50),
  ];
  if (m.failed > 0) lines.push(`Failed requests: ${m.failed}`);
  if (client) {
    const base = `${client.timestamps} timestamps, client CPU ${client.cpuPct.toFixed(0)}% of one core, event-loop delay p99 ${client.loopDelayP99Ms.toFixed(2)} ms`;
    lines.push(client.overloaded ? `WARNING: the load generator was overloaded (${client.reasons.join('; ')}): latencies above are not trustworthy` : `Client: ${base}`);
    for (const w of client.warnings) lines.push(`Note: ${w}`);
  }
  return `${lines.join('\n')}\n`;
}
