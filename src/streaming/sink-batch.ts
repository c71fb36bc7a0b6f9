// One micro-batch of a sink, as one transaction: the new events of each source become a temp
// table named like the source, the sink's query (models pinned) runs over them into the target,
// undecodable events and events whose scoring fails go to the dead-letter table, and the sources'
// new positions are stored, all committed together. A crash before the commit leaves the positions
// where they were, so the batch is redone: each event is scored exactly once into a table sink.
// Events that fail (a data error, class 22 or 23) are found by running them one at a time under
// savepoints, so one bad event does not stop the stream.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CatalogState,
  DEFAULT_SCHEMA,
  type JsonValue,
  SINK_PROGRESS_SCHEMA,
  SINK_SCHEMA,
  type SinkEntry,
  type SinkProgressEntry,
  SOURCE_SCHEMA,
  type SourceEntry,
  type TableEntry,
  TEMP_SCHEMA,
  type WindowState,
} from '../catalog/catalog.js';
import { type Batch, gatherBatch } from '../columnar/batch.js';
import { TableData } from '../catalog/table-data.js';
import type { Database } from '../engine/database.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { type Row, toJs } from '../engine/result.js';
import { getScalar } from '../columnar/vector-ops.js';
import { UTC } from '../types/datetime.js';
import type { Session } from '../engine/session.js';
import { readFileSource } from './file-source.js';
import { pinModels } from './model-pins.js';
import { queryBatches, withStatementContext } from './session-access.js';
import { type DeadLetter, deadLetter, decodeJsonEvents, type SourceRead } from './stream-events.js';
import { readTableSource } from './table-source.js';
import { quoteIdentifier, quoteLiteral } from '../functions/scalar/format.js';
import { stepWindow } from './window-state.js';

/** What a sink needs from outside the engine: message brokers and notification delivery. */
export interface SinkServices {
  /** Reads a Kafka source's next events after `position`. */
  readKafka(
    source: SourceEntry,
    position: JsonValue | null,
  ): Promise<{ events: SourceRead['events']; malformed: readonly DeadLetter[]; position: JsonValue }>;
  /** Messages waiting in a Kafka source after `position`. */
  kafkaLag(source: SourceEntry, position: JsonValue | null): Promise<number>;
  /** Produces rows to the sink's Kafka topic (acknowledged before the batch commits). */
  sendKafka(sink: SinkEntry, rows: readonly Row[]): Promise<void>;
  /** Delivers a notification to the listeners of `channel`. */
  notify(channel: string, payload: string): void;
}

export interface BatchOutcome {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly deadLetters: number;
}

/** Errors that belong to one event's data rather than to the batch: data exceptions, constraints. */
function isEventError(e: unknown): e is LarchError {
  return e instanceof LarchError && (e.code.startsWith('22') || e.code.startsWith('23'));
}

async function readSource(
  session: Session,
  services: SinkServices,
  source: SourceEntry,
  position: JsonValue | null,
  tables: (name: string) => TableEntry | undefined,
): Promise<SourceRead> {
  switch (source.origin.type) {
    case 'files':
      return readFileSource(source, position, (sql) => queryBatches(session, sql));
    case 'table':
      return readTableSource(source, tables(source.origin.table), position);
    case 'kafka': {
      const read = await services.readKafka(source, position);
      const decoded = decodeJsonEvents(source.name, source.columns, read.events, read.position);
      return { ...decoded, deadLetters: [...read.malformed, ...decoded.deadLetters] };
    }
  }
}

function tempTable(database: Database, source: SourceEntry, rows: Batch): TableEntry {
  return {
    kind: 'table',
    oid: database.newOid(),
    schema: TEMP_SCHEMA,
    name: source.name,
    columns: source.columns.map((c) => ({ name: c.name, type: c.type, notNull: false, default: null })),
    data: TableData.empty(source.columns.map((c) => c.type)).append(rows),
    temporary: true,
    primaryKey: null,
    unique: [],
    checks: [],
  };
}

/** Row `i` of a source's rows as JSON (the payload of a dead letter read from a table or file). */
function rowJson(source: SourceEntry, rows: Batch, i: number): string {
  const value: Row = {};
  source.columns.forEach((c, j) => (value[c.name] = toJs(c.type, getScalar(rows.columns[j]!, i), UTC)));
  return JSON.stringify(value);
}

interface Output {
  rowsOut: number;
  /** Rows for NOTIFY and Kafka targets, sent once the batch is committed or acknowledged. */
  readonly rows: Row[];
}

/** A micro-batch of one sink, over the committed catalog state at its start. */
export class SinkBatch {
  private readonly state: CatalogState;
  private readonly sink: SinkEntry;
  private readonly progress: SinkProgressEntry | undefined;
  private query: string;

  constructor(
    private readonly database: Database,
    private readonly session: Session,
    private readonly services: SinkServices,
    sinkName: string,
  ) {
    const state = (this.state = database.committed);
    const sink = state.get(SINK_SCHEMA, sinkName);
    if (sink?.kind !== 'sink')
      throw new LarchError(SqlState.undefinedObject, `sink "${sinkName}" does not exist`);
    this.sink = sink;
    const progress = state.get(SINK_PROGRESS_SCHEMA, sinkName);
    this.progress = progress?.kind === 'sink_progress' ? progress : undefined;
    this.query = pinModels(sink.query, sink.models);
  }

  /** Runs the batch; null when no source had anything new. */
  async run(): Promise<BatchOutcome | null> {
    const state = this.state;
    const tables = (t: string) => {
      const e = state.get(DEFAULT_SCHEMA, t);
      return e?.kind === 'table' ? e : undefined;
    };
    const reads: { source: SourceEntry; read: SourceRead }[] = [];
    for (const name of this.sink.sources) {
      const source = state.get(SOURCE_SCHEMA, name);
      if (source?.kind !== 'source')
        throw new LarchError(
          SqlState.undefinedObject,
          `source "${name}" of sink "${this.sink.name}" does not exist`,
        );
      const position = this.progress?.positions[name] ?? null;
      reads.push({ source, read: await readSource(this.session, this.services, source, position, tables) });
    }
    const rowsIn = reads.reduce((s, r) => s + r.read.rows.length, 0);
    const dead: DeadLetter[] = reads.flatMap((r) => r.read.deadLetters);
    const window = this.sink.window;
    let windowState: WindowState | null = null;
    if (window !== null && rowsIn > 0) {
      const i = reads.findIndex((r) => r.source.name === window.source);
      const step = stepWindow(
        window,
        reads[i]!.source,
        reads[i]!.read,
        this.progress?.windowState ?? null,
        this.query,
      );
      reads[i] = { source: reads[i]!.source, read: step.read };
      dead.push(...step.late);
      windowState = step.state;
      this.query = step.query;
    } else windowState = this.progress?.windowState ?? null;
    const moved = reads.some(
      (r) =>
        JSON.stringify(r.read.position) !== JSON.stringify(this.progress?.positions[r.source.name] ?? null),
    );
    if (rowsIn === 0 && dead.length === 0 && !moved) return null;
    const s = this.session;
    await s.sql('BEGIN');
    try {
      const output = await this.output(reads, dead);
      await this.writeDeadLetters(dead);
      await withStatementContext(s, (ctx) => {
        const positions: Record<string, JsonValue> = { ...(this.progress?.positions ?? {}) };
        for (const r of reads) positions[r.source.name] = r.read.position;
        ctx.txn.put({
          kind: 'sink_progress',
          oid: this.progress?.oid ?? this.database.newOid(),
          schema: SINK_PROGRESS_SCHEMA,
          name: this.sink.name,
          positions,
          batches: (this.progress?.batches ?? 0) + 1,
          windowState,
        });
      });
      if (this.sink.target.type === 'kafka' && output.rows.length > 0)
        await this.services.sendKafka(this.sink, output.rows);
      await s.sql('COMMIT');
      if (this.sink.target.type === 'notify')
        for (const row of output.rows) this.services.notify(this.sink.target.channel, JSON.stringify(row));
      return { rowsIn, rowsOut: output.rowsOut, deadLetters: dead.length };
    } catch (e) {
      if (s.transactionStatus !== 'I') await s.sql('ROLLBACK');
      throw e;
    }
  }

  private async putSources(
    reads: readonly { source: SourceEntry; read: SourceRead }[],
    rows?: Batch,
  ): Promise<void> {
    await withStatementContext(this.session, (ctx) => {
      for (const r of reads) ctx.txn.put(tempTable(this.database, r.source, rows ?? r.read.rows));
    });
  }

  /** Runs the query into the target; on a data error, event by event. */
  private async output(
    reads: readonly { source: SourceEntry; read: SourceRead }[],
    dead: DeadLetter[],
  ): Promise<Output> {
    const s = this.session;
    await this.putSources(reads);
    await s.sql('SAVEPOINT sink_batch');
    try {
      return await this.write(this.query);
    } catch (e) {
      // Event by event only when one source has rows: a join of two sources fails as a batch.
      const withRows = reads.filter((r) => r.read.rows.length > 0);
      if (!isEventError(e) || withRows.length !== 1 || this.sink.window !== null) throw e;
      await s.sql('ROLLBACK TO SAVEPOINT sink_batch');
      return this.eventByEvent(withRows[0]!, reads, dead);
    }
  }

  private async eventByEvent(
    failing: { source: SourceEntry; read: SourceRead },
    reads: readonly { source: SourceEntry; read: SourceRead }[],
    dead: DeadLetter[],
  ): Promise<Output> {
    const s = this.session;
    const { rows, events } = failing.read;
    const good: number[] = [];
    const total: Output = { rowsOut: 0, rows: [] };
    // Files are written once, from the good events; other targets take each event as it passes.
    const probeOnly = this.sink.target.type === 'files';
    for (let i = 0; i < rows.length; i++) {
      await withStatementContext(s, (ctx) => {
        for (const r of reads)
          ctx.txn.put(
            tempTable(
              this.database,
              r.source,
              r === failing ? gatherBatch(rows, Int32Array.of(i)) : r.read.rows,
            ),
          );
      });
      await s.sql('SAVEPOINT sink_event');
      try {
        if (probeOnly) await s.sql(`SELECT * FROM (${this.query}) AS q`);
        else {
          const out = await this.write(this.query);
          total.rowsOut += out.rowsOut;
          total.rows.push(...out.rows);
        }
        await s.sql('RELEASE SAVEPOINT sink_event');
        good.push(i);
      } catch (e) {
        if (!isEventError(e)) throw e;
        await s.sql('ROLLBACK TO SAVEPOINT sink_event');
        const event = events[i] ?? { text: '', origin: '' };
        const payload = event.text !== '' ? event : { ...event, text: rowJson(failing.source, rows, i) };
        dead.push(deadLetter(failing.source.name, payload, e));
      }
    }
    if (!probeOnly) return total;
    await this.putSources(reads.filter((r) => r !== failing));
    await withStatementContext(s, (ctx) =>
      ctx.txn.put(tempTable(this.database, failing.source, gatherBatch(rows, Int32Array.from(good)))),
    );
    return this.write(this.query);
  }

  private async write(query: string): Promise<Output> {
    const s = this.session;
    const target = this.sink.target;
    switch (target.type) {
      case 'table': {
        const list = this.sink.columns.map(quoteIdentifier).join(', ');
        const r = await s.sql(`INSERT INTO ${quoteIdentifier(target.table)} (${list}) ${query}`);
        return { rowsOut: r.rowCount, rows: [] };
      }
      case 'files': {
        mkdirSync(target.path, { recursive: true });
        const batch = String((this.progress?.batches ?? 0) + 1).padStart(8, '0');
        const file = join(target.path, `part-${batch}.${target.format}`);
        const r = await s.sql(`COPY (${query}) TO ${quoteLiteral(file)} (FORMAT ${target.format})`);
        return { rowsOut: r.rowCount, rows: [] };
      }
      case 'notify':
      case 'kafka': {
        const r = await s.sql(query);
        return { rowsOut: r.rowCount, rows: r.rows };
      }
    }
  }

  private async writeDeadLetters(dead: readonly DeadLetter[]): Promise<void> {
    for (const d of dead) {
      await this.session.sql(
        `INSERT INTO ${quoteIdentifier(this.sink.deadLetterTable)} (sink, source, origin, payload, error, sqlstate, received_at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
        [this.sink.name, d.source, d.origin, d.payload, d.error, d.sqlstate],
      );
    }
  }
}
