/** What a frontend's health endpoint says about registered workers (health.md §1). */
export interface WorkerHealthResult {
  readonly ready: boolean;
  readonly message: string;
  readonly prefillReady: number;
  readonly prefillExpected: number;
  /** Decode workers, aggregated ones included. */
  readonly decodeReady: number;
  readonly decodeExpected: number;
}

/** Worker counts a model needs before it is ready. For aggregated serving: `{ expectedPrefill: 0, expectedDecode: numAgg }`. */
export interface ExpectedWorkers {
  readonly expectedPrefill: number;
  readonly expectedDecode: number;
}

