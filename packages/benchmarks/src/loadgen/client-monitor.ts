import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { TimestampSource } from './connection-io.ts';
import { readDelayPercentile, resetReadDelay } from './read-delay.ts';

/** How healthy the load generator itself was during a run. */
export interface ClientHealth {
  /** Where token timestamps came from: the kernel's receive time, or node reading the socket. */
  readonly timestamps: TimestampSource;
  /** CPU time of this process over wall time, in % of one core. */
  readonly cpuPct: number;
  /** Share of wall time the event loop was busy running callbacks (not waiting for I/O), in %. */
  readonly loopBusyPct: number;
  readonly loopDelayP50Ms: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /**
   * p99 of how late reads were: with node timestamps, how long a read waited behind other reads
   * of the same wake-up (skew in its stamp); with kernel timestamps, read time minus arrival.
   */
  readonly readDelayP99Ms: number;
  /** Share of inter-token gaps that were two chunks read in one socket read (a gap of exactly 0). */
  readonly coalescedPct: number;
  /** True when the numbers are likely distorted by the client, not the server. */
  readonly overloaded: boolean;
  readonly reasons: readonly string[];
  /** Signs of a busy machine that did not (yet) make the client the bottleneck. */
  readonly warnings: readonly string[];
}

/** Limits beyond which the client calls itself overloaded. */
export interface OverloadLimits {
  readonly maxCpuPct: number;
  /** Share of wall time the event loop may be busy before reads wait for it. */
  readonly maxLoopBusyPct: number;
  /** Event-loop delay p99 above which the run had stalls long enough to distort ITLs. */
  readonly maxLoopDelayP99Ms: number;
  /** Event-loop delay p99 above which a warning (not an overload) is raised. */
  readonly warnLoopDelayP99Ms: number;
  /** Share of coalesced gaps above which the client is reading tokens in bursts. */
  readonly maxCoalescedPct: number;
  /** node timestamps: read delay p99 above which stamps are skewed, as a share of the median ITL. */
  readonly maxReadDelayShareOfItl: number;
  /**
   * Kernel timestamps: read delay p99 above which consecutive tokens of a stream start to
   * share one read (and one stamp), as a share of the median ITL.
   */
  readonly maxKernelReadDelayShareOfItl: number;
}

export const DEFAULT_OVERLOAD_LIMITS: OverloadLimits = {
  maxCpuPct: 90,
  maxLoopBusyPct: 90,
  maxLoopDelayP99Ms: 20,
  warnLoopDelayP99Ms: 5,
  maxCoalescedPct: 10,
  maxReadDelayShareOfItl: 0.15,
  maxKernelReadDelayShareOfItl: 0.5,
};

/** Starts sampling event-loop delay and CPU; `stop` returns the verdict for the run. */
export function startClientMonitor(limits: OverloadLimits = DEFAULT_OVERLOAD_LIMITS): {
  stop: (run: { readonly total: number; readonly coalesced: number; readonly medianItlMs: number; readonly timestamps: TimestampSource }) => ClientHealth;
} {
  resetReadDelay();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  return {
    stop: (run) => {
      histogram.disable();
      const cpu = process.cpuUsage(cpu0);
      const loopBusyPct = performance.eventLoopUtilization(elu0).utilization * 100;
      const wallMs = performance.now() - t0;
      const cpuPct = wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0;
      // The histogram counts the timer's own 5 ms resolution as delay: subtract it.
      const ms = (ns: number): number => Math.max(0, ns / 1e6 - 5);
      const p50 = histogram.count > 0 ? ms(histogram.percentile(50)) : 0;
      const p99 = histogram.count > 0 ? ms(histogram.percentile(99)) : 0;
      const max = histogram.count > 0 ? ms(histogram.max) : 0;
      const coalescedPct = run.total > 0 ? (run.coalesced / run.total) * 100 : 0;
      const readDelay = readDelayPercentile(99);
      const reasons: string[] = [];
      const share = run.medianItlMs > 0 ? `${((readDelay / run.medianItlMs) * 100).toFixed(0)}% of the median ITL` : '';
      if (run.timestamps === 'kernel') {
        if (run.medianItlMs > 0 && readDelay > limits.maxKernelReadDelayShareOfItl * run.medianItlMs)
          reasons.push(`tokens waited up to ${readDelay.toFixed(1)} ms (p99) in the socket before the client read them, ${share}: close to the ITL, tokens share reads`);
      } else if (run.medianItlMs > 0 && readDelay > limits.maxReadDelayShareOfItl * run.medianItlMs) {
        reasons.push(`socket reads waited up to ${readDelay.toFixed(1)} ms (p99) behind other reads, ${share}`);
      }
      if (cpuPct >= limits.maxCpuPct) reasons.push(`client CPU at ${cpuPct.toFixed(0)}% of one core`);
      if (loopBusyPct >= limits.maxLoopBusyPct) reasons.push(`client event loop busy ${loopBusyPct.toFixed(0)}% of the time`);
      const warnings: string[] = [];
      // A stalled event loop skews node read times; kernel stamps are taken without it and
      // only the moments requests are sent move.
      if (p99 > limits.maxLoopDelayP99Ms) {
        if (run.timestamps === 'node') reasons.push(`client event-loop delay p99 ${p99.toFixed(1)} ms`);
        else warnings.push(`event-loop delay p99 ${p99.toFixed(1)} ms: requests may have been sent late (token times are the kernel's and unaffected)`);
      }
      if (p99 > limits.warnLoopDelayP99Ms && p99 <= limits.maxLoopDelayP99Ms)
        warnings.push(`event-loop delay p99 ${p99.toFixed(1)} ms at ${cpuPct.toFixed(0)}% CPU: the machine is busy, tail latencies may be inflated`);
      if (coalescedPct > limits.maxCoalescedPct)
        reasons.push(`${coalescedPct.toFixed(0)}% of tokens were read in bursts (several per socket read)`);
      return {
        timestamps: run.timestamps,
        cpuPct: round(cpuPct, 1),
        loopBusyPct: round(loopBusyPct, 1),
        loopDelayP50Ms: round(p50, 3),
        loopDelayP99Ms: round(p99, 3),
        loopDelayMaxMs: round(max, 3),
        readDelayP99Ms: round(readDelay, 3),
        coalescedPct: round(coalescedPct, 2),
        overloaded: reasons.length > 0,
        reasons,
        warnings,
      };
    },
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
