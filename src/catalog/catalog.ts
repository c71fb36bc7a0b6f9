// Catalog objects (schemas, tables, views) and immutable catalog states. A transaction works on
// its own copy of the state and publishes it on commit.

import type { PgNode } from '../sql/parser.js';
import type { DataType } from '../types/data-type.js';
import type { TableData } from './table-data.js';

export const DEFAULT_SCHEMA = 'public';
export const TEMP_SCHEMA = 'pg_temp';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: DataType;
  readonly notNull: boolean;
  /** The DEFAULT expression, parsed, with its SQL text for display. */
  readonly default: { readonly ast: PgNode; readonly text: string } | null;
}

export interface CheckConstraint {
  readonly name: string;
  readonly ast: PgNode;
  readonly text: string;
}

export interface TableEntry {
  readonly kind: 'table';
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnDefinition[];
  readonly data: TableData;
  readonly temporary: boolean;
  readonly primaryKey: KeyConstraint | null;
  /** UNIQUE constraints and unique indexes. */
  readonly unique: readonly KeyConstraint[];
  readonly checks: readonly CheckConstraint[];
}

export interface KeyConstraint {
  /** The constraint or index name, as error messages show it (t_pkey, t_a_key). */
  readonly name: string;
  readonly columns: readonly string[];
}

/** An index: metadata for clients and, when unique, a uniqueness constraint on its table. */
export interface IndexEntry {
  readonly kind: 'index';
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface ViewEntry {
  readonly kind: 'view';
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** The SELECT text as written. */
  readonly query: string;
  readonly columnNames: readonly string[];
  readonly columnTypes: readonly DataType[];
  readonly temporary: boolean;
}

export interface SchemaEntry {
  readonly kind: 'schema';
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
}

/** One trained version of a model: the native model file (JSON text) and when it was made. */
export interface ModelVersion {
  readonly version: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** The model in the native JSON format (src/ml/format/model-format.md), with the SQL layer's metadata. */
  readonly file: string;
}

/** A model made by CREATE MODEL: its versions (CREATE OR REPLACE adds one) and the active one. */
export interface ModelEntry {
  readonly kind: 'model';
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly versions: readonly ModelVersion[];
  readonly activeVersion: number;
  readonly description: string | null;
}

/** A JSON value (stream options and positions are stored as JSON). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** Where a stream source's events come from. */
export type SourceOrigin =
  | { readonly type: 'files'; readonly pattern: string; readonly format: 'json' | 'csv' | 'parquet' }
  | { readonly type: 'table'; readonly table: string }
  | { readonly type: 'kafka' };

/** A column of a source's rows, with its type's SQL name (resolved again when the source is read). */
export interface SourceColumn {
  readonly name: string;
  readonly type: DataType;
}

/** CREATE SOURCE: where events come from and the columns each event becomes. */
export interface SourceEntry {
  readonly kind: 'source';
  readonly oid: number;
  readonly schema: typeof SOURCE_SCHEMA;
  readonly name: string;
  readonly origin: SourceOrigin;
  readonly columns: readonly SourceColumn[];
  /** Options as written (MAX_FILES_PER_TRIGGER, the Kafka settings …), keys lowercased. */
  readonly options: { readonly [k: string]: JsonValue };
  /** WATERMARK FOR column AS column - INTERVAL '…': the event-time column and the allowed lateness. */
  readonly watermark: { readonly column: string; readonly delayMs: number } | null;
}

/** Where a sink's rows go. */
export type SinkTarget =
  | { readonly type: 'table'; readonly table: string }
  | { readonly type: 'files'; readonly path: string; readonly format: 'json' | 'csv' | 'parquet' }
  | { readonly type: 'notify'; readonly channel: string }
  | { readonly type: 'kafka' };

export type SinkTrigger =
  | { readonly kind: 'interval'; readonly ms: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'available_now' };

/** CREATE SINK: a continuous query from sources into a target. */
export interface SinkEntry {
  readonly kind: 'sink';
  readonly oid: number;
  readonly schema: typeof SINK_SCHEMA;
  readonly name: string;
  readonly target: SinkTarget;
  readonly options: { readonly [k: string]: JsonValue };
  readonly trigger: SinkTrigger;
  /** The AS query as written; MODEL names in it are pinned to `models` when it runs. */
  readonly query: string;
  readonly sources: readonly string[];
  /** The query's output column names (a table target takes them by name). */
  readonly columns: readonly string[];
  /** Model name → the version the sink scores with (set at CREATE, moved by REFRESH MODEL). */
  readonly models: { readonly [model: string]: number };
  readonly deadLetterTable: string;
  /**
   * TUMBLE / HOP over a source with a WATERMARK: each window is output once, when the watermark
   * (the latest event time seen minus the allowed lateness) passes its end.
   */
  readonly window: SinkWindow | null;
  /** False after STOP SINK (or once a TRIGGER ONCE / AVAILABLE_NOW sink has finished). */
  readonly running: boolean;
  readonly createdAt: number;
}

export interface SinkWindow {
  readonly source: string;
  readonly column: string;
  /** The window length, and the lateness the source's WATERMARK allows. */
  readonly sizeMs: number;
  readonly delayMs: number;
}

/** How far a sink has read each source, committed with the output it made from it. */
export interface SinkProgressEntry {
  readonly kind: 'sink_progress';
  readonly oid: number;
  readonly schema: typeof SINK_PROGRESS_SCHEMA;
  readonly name: string;
  /** Source name → its position (files done, table rows read, Kafka offsets). */
  readonly positions: { readonly [source: string]: JsonValue };
  readonly batches: number;
  /** Windowed sinks: the watermark, and the source rows of windows it has not closed (as text). */
  readonly windowState: WindowState | null;
}

export interface WindowState {
  /** Microseconds since the epoch, as the event-time column holds them; null before any event. */
  readonly maxEventTime: number | null;
  readonly watermark: number | null;
  readonly rows: readonly (readonly (string | null)[])[];
}

/** Key spaces of the stream objects, apart from relations. */
export const SOURCE_SCHEMA = 'pg_larch_sources';
export const SINK_SCHEMA = 'pg_larch_sinks';
export const SINK_PROGRESS_SCHEMA = 'pg_larch_sink_progress';

export type CatalogEntry =
  | TableEntry
  | ViewEntry
  | SchemaEntry
  | IndexEntry
  | ModelEntry
  | SourceEntry
  | SinkEntry
  | SinkProgressEntry;

export function entryKey(schema: string, name: string): string {
  return `${schema}.${name}`;
}

/** An immutable map of catalog entries; writes return a new state. */
export class CatalogState {
  constructor(readonly entries: ReadonlyMap<string, CatalogEntry> = new Map()) {}

  get(schema: string, name: string): CatalogEntry | undefined {
    return this.entries.get(entryKey(schema, name));
  }

  with(entry: CatalogEntry): CatalogState {
    const next = new Map(this.entries);
    next.set(entryKey(entry.schema, entry.name), entry);
    return new CatalogState(next);
  }

  without(schema: string, name: string): CatalogState {
    const next = new Map(this.entries);
    next.delete(entryKey(schema, name));
    return new CatalogState(next);
  }

  all(): CatalogEntry[] {
    return [...this.entries.values()];
  }
}
