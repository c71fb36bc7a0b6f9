// The sinks running on a database: one runner per sink marked running, started when the engine
// opens (so sinks resume after a restart) and whenever a commit creates or starts one; stopped when
// a commit stops or drops it, and woken when a commit changes a table one of its sources reads.

import {
  DEFAULT_SCHEMA,
  entryKey,
  type JsonValue,
  SINK_PROGRESS_SCHEMA,
  SINK_SCHEMA,
  SOURCE_SCHEMA,
} from '../catalog/catalog.js';
import type { Database } from '../engine/database.js';
import type { Session } from '../engine/session.js';
import type { SinkStatus, StreamRuntime } from '../engine/stream-runtime.js';
import { newFiles } from './file-source.js';
import type { SinkServices } from './sink-batch.js';
import { SinkRunner } from './sink-runner.js';
import { tableLag } from './table-source.js';

export class StreamManager implements StreamRuntime {
  private readonly runners = new Map<string, SinkRunner>();
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly newSession: () => Session,
    private readonly services: SinkServices & { close(): Promise<void> },
  ) {}

  /** Starts the sinks marked running. */
  start(): void {
    this.reconcile();
  }

  afterCommit(touched: ReadonlySet<string>): void {
    if (this.closed) return;
    if ([...touched].some((k) => k.startsWith(`${SINK_SCHEMA}.`))) this.reconcile();
    const state = this.database.committed;
    for (const runner of this.runners.values()) {
      const sink = state.get(SINK_SCHEMA, runner.name);
      if (sink?.kind !== 'sink') continue;
      const readsTouched = sink.sources.some((name) => {
        const source = state.get(SOURCE_SCHEMA, name);
        return (
          source?.kind === 'source' &&
          source.origin.type === 'table' &&
          touched.has(entryKey(DEFAULT_SCHEMA, source.origin.table))
        );
      });
      if (readsTouched) runner.wake();
    }
  }

  sinkStatus(name: string): SinkStatus | undefined {
    return this.runners.get(name)?.status ?? this.finished.get(name);
  }

  /** Status of sinks whose runner has ended since the engine opened. */
  private readonly finished = new Map<string, SinkStatus>();

  private reconcile(): void {
    const state = this.database.committed;
    const wanted = new Set<string>();
    for (const e of state.all()) if (e.kind === 'sink' && e.running) wanted.add(e.name);
    for (const [name, runner] of this.runners) {
      if (wanted.has(name)) continue;
      this.runners.delete(name);
      void runner.stop().then(() => this.finished.set(name, { ...runner.status }));
    }
    for (const name of wanted) {
      if (this.runners.has(name)) continue;
      const runner = new SinkRunner(this.database, this.newSession(), this.services, name, () =>
        this.lag(name),
      );
      this.runners.set(name, runner);
      this.finished.delete(name);
      runner.start();
    }
  }

  /** Events waiting for a sink in its sources: files, table rows and Kafka messages not read yet. */
  private async lag(name: string): Promise<number | null> {
    const state = this.database.committed;
    const sink = state.get(SINK_SCHEMA, name);
    const progress = state.get(SINK_PROGRESS_SCHEMA, name);
    if (sink?.kind !== 'sink') return null;
    const positions: { readonly [source: string]: JsonValue } =
      progress?.kind === 'sink_progress' ? progress.positions : {};
    let total = 0;
    for (const sourceName of sink.sources) {
      const source = state.get(SOURCE_SCHEMA, sourceName);
      if (source?.kind !== 'source') continue;
      const position = positions[sourceName] ?? null;
      if (source.origin.type === 'files') total += newFiles(source, position).length;
      else if (source.origin.type === 'table') {
        const table = state.get(DEFAULT_SCHEMA, source.origin.table);
        total += tableLag(table?.kind === 'table' ? table : undefined, position);
      } else total += await this.services.kafkaLag(source, position);
    }
    return total;
  }

  /** Stops every sink after its current batch. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.runners.clear();
    await this.services.close();
  }
}
