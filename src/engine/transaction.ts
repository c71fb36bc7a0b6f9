// Transactions: a working copy of the catalog (shared objects and the session's temp objects)
// that commits by publishing the changed entries, failing if another session changed them first.

import type { CatalogState } from '../catalog/catalog.js';
import {
  type CatalogEntry,
  DEFAULT_SCHEMA,
  entryKey,
  type TableEntry,
  TEMP_SCHEMA,
  type ViewEntry,
} from '../catalog/catalog.js';
import { LarchError, SqlState } from './errors.js';

export class Transaction {
  shared: CatalogState;
  temp: CatalogState;
  readonly touched = new Set<string>();
  /** Set after an error inside BEGIN … COMMIT: everything but ROLLBACK fails until then. */
  failed = false;
  private readonly savepoints: {
    readonly name: string;
    readonly shared: CatalogState;
    readonly temp: CatalogState;
    readonly touched: ReadonlySet<string>;
    readonly settings: ReadonlyMap<string, string>;
  }[] = [];
  readonly startTime: number;

  constructor(
    readonly baseShared: CatalogState,
    readonly baseTemp: CatalogState,
    readonly explicit: boolean,
  ) {
    this.shared = baseShared;
    this.temp = baseTemp;
    this.startTime = Date.now() * 1000;
  }

  /** Finds a table or view: temp objects first, then the schemas on the search path. */
  lookupRelation(schema: string | null, name: string): TableEntry | ViewEntry | undefined {
    const pick = (e: CatalogEntry | undefined) =>
      e !== undefined && (e.kind === 'table' || e.kind === 'view') ? e : undefined;
    if (schema === null)
      return pick(this.temp.get(TEMP_SCHEMA, name)) ?? pick(this.shared.get(DEFAULT_SCHEMA, name));
    if (schema === TEMP_SCHEMA) return pick(this.temp.get(TEMP_SCHEMA, name));
    return pick(this.shared.get(schema, name));
  }

  lookup(schema: string, name: string): CatalogEntry | undefined {
    return schema === TEMP_SCHEMA ? this.temp.get(schema, name) : this.shared.get(schema, name);
  }

  put(entry: CatalogEntry): void {
    if (entry.schema === TEMP_SCHEMA) {
      this.temp = this.temp.with(entry);
      return;
    }
    this.shared = this.shared.with(entry);
    this.touched.add(entryKey(entry.schema, entry.name));
  }

  remove(schema: string, name: string): void {
    if (schema === TEMP_SCHEMA) {
      this.temp = this.temp.without(schema, name);
      return;
    }
    this.shared = this.shared.without(schema, name);
    this.touched.add(entryKey(schema, name));
  }

  /** Marks the current state under `name` (SAVEPOINT), with the session settings to restore. */
  savepoint(name: string, settings: ReadonlyMap<string, string>): void {
    this.savepoints.push({
      name,
      shared: this.shared,
      temp: this.temp,
      touched: new Set(this.touched),
      settings,
    });
  }

  /** RELEASE: forgets the savepoint and every later one. */
  release(name: string): void {
    this.savepoints.length = this.findSavepoint(name);
  }

  /** ROLLBACK TO: returns to the savepoint's state (which stays) and clears the failure; gives its settings. */
  rollbackTo(name: string): ReadonlyMap<string, string> {
    const i = this.findSavepoint(name);
    const mark = this.savepoints[i]!;
    this.savepoints.length = i + 1;
    this.shared = mark.shared;
    this.temp = mark.temp;
    this.touched.clear();
    for (const key of mark.touched) this.touched.add(key);
    this.failed = false;
    return mark.settings;
  }

  private findSavepoint(name: string): number {
    for (let i = this.savepoints.length - 1; i >= 0; i--) if (this.savepoints[i]!.name === name) return i;
    throw new LarchError(SqlState.invalidSavepointSpecification, `savepoint "${name}" does not exist`);
  }

  /** Every entry visible to this transaction. */
  entries(): CatalogEntry[] {
    return [...this.temp.all(), ...this.shared.all()];
  }
}

/** Applies a transaction's changes to the latest committed state, or throws 40001 on conflict. */
export function mergeCommit(committed: CatalogState, txn: Transaction): CatalogState {
  let next = committed;
  for (const key of txn.touched) {
    if (committed.entries.get(key) !== txn.baseShared.entries.get(key)) {
      throw new LarchError(
        SqlState.serializationFailure,
        'could not serialize access due to concurrent update',
        {
          detail: `Another transaction changed "${key}" after this transaction started.`,
        },
      );
    }
  }
  for (const key of txn.touched) {
    const entry = txn.shared.entries.get(key);
    const [schema, ...rest] = key.split('.');
    next = entry === undefined ? next.without(schema!, rest.join('.')) : next.with(entry);
  }
  return next;
}
