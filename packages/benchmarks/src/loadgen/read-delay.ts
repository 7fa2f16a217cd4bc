/**
 * How late the client read the bytes it timestamps.
 * - node:net reads (`readStarted`/`readEnded`): how long a read waited behind other reads of
 *   the same event-loop wake-up, which is skew added to its timestamp. Reads processed back
 *   to back (less than 50 µs apart) belong to one batch; a read's delay is its start minus
 *   the batch's first read.
 * - kernel-stamped reads (`recordReadDelay`): read time minus the kernel's receive time. It
 *   does not skew the stamps, but once it nears the inter-token gap tokens share reads.
 * Module state on purpose: the hot path records into a fixed histogram without allocating.
 */
const BUCKET_MS = 0.05;
const BUCKETS = 4000; // up to 200 ms
const histogram = new Uint32Array(BUCKETS);
let count = 0;
let batchStart = 0;
let lastEnd = -Infinity;

/** Called at the start of every socket read with its timestamp. */
export function readStarted(t: number): void {
  if (t - lastEnd > 0.05) batchStart = t;
  recordReadDelay(t - batchStart);
}

/** Records one read that happened `ms` late (kernel-stamped reads: after the data arrived). */
export function recordReadDelay(ms: number): void {
  const b = Math.max(0, Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS)));
  histogram[b] = (histogram[b] as number) + 1;
  count++;
}

/** Called when a read's processing is done. */
export function readEnded(t: number): void {
  lastEnd = t;
}

/** Clears the histogram (start of a measured run). */
export function resetReadDelay(): void {
  histogram.fill(0);
  count = 0;
  lastEnd = -Infinity;
}

/** Percentile (0–100) of the recorded read delays in ms (bucket upper bound), 0 when empty. */
export function readDelayPercentile(p: number): number {
  if (count === 0) return 0;
  const target = Math.ceil((p / 100) * count);
  let acc = 0;
  for (let i = 0; i < BUCKETS; i++) {
    acc += histogram[i] as number;
    if (acc >= target) return (i + 1) * BUCKET_MS;
  }
  return BUCKETS * BUCKET_MS;
}
