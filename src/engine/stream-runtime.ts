// What the database knows of the running streams (src/streaming/): told of every commit, so sinks
// start, stop and wake, and asked for each sink's live status (the information_schema.sinks view).

/** A sink's live state and counters since the engine opened. */
export interface SinkStatus {
  readonly state: 'running' | 'stopped' | 'finished' | 'failing';
  readonly batches: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly deadLetters: number;
  /** Duration of the last batch that did work, in milliseconds. */
  readonly lastBatchMs: number | null;
  /** When it ended (milliseconds since the epoch). */
  readonly lastBatchAt: number | null;
  /** Events waiting in the sources (files, table rows or messages not read yet), when known. */
  readonly lag: number | null;
  readonly lastError: string | null;
}

export interface StreamRuntime {
  /** Called after each commit is published, with the keys of the catalog entries it changed. */
  afterCommit(touched: ReadonlySet<string>): void;
  sinkStatus(name: string): SinkStatus | undefined;
}
