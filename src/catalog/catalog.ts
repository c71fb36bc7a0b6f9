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

export type CatalogEntry = TableEntry | ViewEntry | SchemaEntry | IndexEntry | ModelEntry;

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
