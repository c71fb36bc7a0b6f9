// What the system catalog is generated from: the catalog entries a transaction sees plus the
// session's user and settings, and the oids PostgreSQL gives its namespaces and owner.

import type { Scalar } from '../../columnar/vector.js';
import type { FunctionDefinition } from '../../functions/function.js';
import type { DataType } from '../../types/data-type.js';
import type { CatalogEntry, IndexEntry, KeyConstraint, TableEntry, ViewEntry } from '../catalog.js';
import { DEFAULT_SCHEMA, TEMP_SCHEMA } from '../catalog.js';

export const PG_CATALOG = 'pg_catalog';
export const INFORMATION_SCHEMA = 'information_schema';

/** Namespace oids: PostgreSQL's for pg_catalog, public and pg_toast; fixed ones for the rest. */
export const NAMESPACE_OIDS: Readonly<Record<string, number>> = {
  [PG_CATALOG]: 11,
  pg_toast: 99,
  [DEFAULT_SCHEMA]: 2200,
  [INFORMATION_SCHEMA]: 13207,
};
/** The session's temporary schema, named pg_temp_1 in pg_namespace as PostgreSQL numbers them. */
export const TEMP_NAMESPACE_OID = 16383;
export const TEMP_NAMESPACE_NAME = 'pg_temp_1';
/** The bootstrap superuser's oid: the owner of everything, shown as the session's user. */
export const OWNER_OID = 10;
export const DATABASE_OID = 16385;

export interface SettingRow {
  readonly name: string;
  readonly setting: string;
  readonly description: string;
  /** pg_settings' vartype, when the definition says (else guessed from the value). */
  readonly vartype?: string | undefined;
  /** A quantity's unit ('ms', 'kB'): `setting` is then a number of it. */
  readonly unit?: string | undefined;
  readonly enumValues?: readonly string[] | undefined;
  readonly range?: readonly [number, number] | undefined;
  /** The value RESET returns to. */
  readonly defaultValue?: string | undefined;
}

/** A session's named prepared statement, as pg_prepared_statements shows it. */
export interface PreparedStatementInfo {
  /** The text the client sent: the whole PREPARE statement, or the query of a protocol Parse. */
  readonly sql: string;
  /** Microseconds since the Unix epoch. */
  readonly preparedAt: number;
  readonly paramTypes: readonly DataType[];
  readonly fromSql: boolean;
  readonly plans: { readonly generic: number; readonly custom: number };
}

/** The inputs of every system table. */
export interface CatalogView {
  /** Entries visible to the transaction: the session's temporary objects first. */
  readonly entries: readonly CatalogEntry[];
  readonly database: string;
  readonly user: string;
  readonly settings: () => readonly SettingRow[];
  readonly functions: () => readonly FunctionDefinition[];
  /** The session's named prepared statements, by name. */
  readonly preparedStatements: ReadonlyMap<string, PreparedStatementInfo>;
}

/** A system table row, by column name; columns left out are NULL. */
export type SystemRow = Readonly<Record<string, Scalar>>;

export function namespaceOid(schema: string): number {
  if (schema === TEMP_SCHEMA) return TEMP_NAMESPACE_OID;
  return NAMESPACE_OIDS[schema] ?? 0;
}

/** Schema entries' oids, keyed by name, with the built-in schemas. */
export function namespaceOids(view: CatalogView): Map<string, number> {
  const map = new Map<string, number>(Object.entries(NAMESPACE_OIDS));
  for (const e of view.entries) if (e.kind === 'schema') map.set(e.name, e.oid);
  map.set(TEMP_SCHEMA, TEMP_NAMESPACE_OID);
  return map;
}

/**
 * An oid for an object Larch keeps no oid for (the index behind a PRIMARY KEY, a constraint):
 * stable for the same table and name, above the range handed out to catalog entries.
 */
export function derivedOid(tableOid: number, name: string, kind: 'index' | 'constraint'): number {
  let h = 0x811c9dc5;
  for (const c of `${kind}:${tableOid}:${name}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return 0x40000000 + ((h >>> 0) & 0x3fffffff);
}

/** A table's key constraints (PRIMARY KEY first) with what PostgreSQL would show for them. */
export interface KeyInfo {
  readonly table: TableEntry;
  readonly key: KeyConstraint;
  readonly primary: boolean;
  /** The index entry when CREATE UNIQUE INDEX made it (a constraint then exists only as an index). */
  readonly index: IndexEntry | undefined;
  readonly indexOid: number;
  readonly constraintOid: number;
}

export function keysOf(view: CatalogView): KeyInfo[] {
  const indexes = new Map<string, IndexEntry>();
  for (const e of view.entries) if (e.kind === 'index') indexes.set(`${e.schema}.${e.name}`, e);
  const out: KeyInfo[] = [];
  for (const e of view.entries) {
    if (e.kind !== 'table') continue;
    const keys = [...(e.primaryKey === null ? [] : [e.primaryKey]), ...e.unique];
    keys.forEach((key, i) => {
      const index = indexes.get(`${e.schema}.${key.name}`);
      out.push({
        table: e,
        key,
        primary: i === 0 && e.primaryKey !== null,
        index,
        indexOid: index?.oid ?? derivedOid(e.oid, key.name, 'index'),
        constraintOid: derivedOid(e.oid, key.name, 'constraint'),
      });
    });
  }
  return out;
}

/** The SQL text a value is quoted as in generated definitions (identifiers only when needed). */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** What catalog functions (regclass casts, pg_table_is_visible, pg_get_viewdef …) may read. */
export interface CatalogAccess {
  readonly view: CatalogView;
  /** Resolves a relation as queries do (temporary objects, pg_catalog, then the search path). */
  lookupRelation(schema: string | null, name: string): TableEntry | ViewEntry | undefined;
}
