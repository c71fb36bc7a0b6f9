// Resolves pg_catalog and information_schema names to relations: tables whose rows are generated
// from the catalog state a transaction sees (cached per state, as states are immutable), and views.

import type { Scalar } from '../../columnar/vector.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import type { FunctionDefinition } from '../../functions/function.js';
import { type CatalogState, type TableEntry, TEMP_SCHEMA, type ViewEntry } from '../catalog.js';
import { TableData } from '../table-data.js';
import {
  type CatalogView,
  INFORMATION_SCHEMA,
  PG_CATALOG,
  type PreparedStatementInfo,
  type SettingRow,
} from './catalog-view.js';
import { type SystemRelation, systemRelation } from './system-relations.js';

/** What a session gives the system catalog: its transaction's states, user, settings, prepared statements. */
export interface SystemCatalogSource {
  readonly shared: CatalogState;
  readonly temp: CatalogState;
  readonly database: string;
  readonly user: string;
  readonly settings: () => readonly SettingRow[];
  readonly functions: () => readonly FunctionDefinition[];
  readonly preparedStatements: ReadonlyMap<string, PreparedStatementInfo>;
}

export function catalogView(source: SystemCatalogSource): CatalogView {
  let entries: CatalogView['entries'] | null = null;
  return {
    get entries() {
      entries ??= [...source.temp.all(), ...source.shared.all()];
      return entries;
    },
    database: source.database,
    user: source.user,
    settings: source.settings,
    functions: source.functions,
    preparedStatements: source.preparedStatements,
  };
}

/** Generated tables by shared state, then temp state, then name. */
const cache = new WeakMap<CatalogState, WeakMap<CatalogState, Map<string, TableEntry>>>();

function cached(source: SystemCatalogSource, name: string, build: () => TableEntry): TableEntry {
  let byTemp = cache.get(source.shared);
  if (byTemp === undefined) cache.set(source.shared, (byTemp = new WeakMap()));
  let byName = byTemp.get(source.temp);
  if (byName === undefined) byTemp.set(source.temp, (byName = new Map()));
  let entry = byName.get(name);
  if (entry === undefined) byName.set(name, (entry = build()));
  return entry;
}

function tableEntry(r: SystemRelation, source: SystemCatalogSource): TableEntry {
  const rows = r.rows?.(catalogView(source)) ?? [];
  const types = r.columns.map(([, type]) => type);
  const columns = r.columns.map(([name, type]) =>
    vectorFromScalars(
      type,
      rows.map((row) => (row[name] ?? null) as Scalar),
    ),
  );
  return {
    kind: 'table',
    oid: r.oid,
    schema: r.schema,
    name: r.name,
    columns: r.columns.map(([name, type]) => ({ name, type, notNull: false, default: null })),
    data:
      rows.length === 0 ? TableData.empty(types) : new TableData(types, [{ length: rows.length, columns }]),
    temporary: false,
    primaryKey: null,
    unique: [],
    checks: [],
  };
}

function viewEntry(r: SystemRelation): ViewEntry {
  return {
    kind: 'view',
    oid: r.oid,
    schema: r.schema,
    name: r.name,
    query: r.sql!,
    columnNames: r.columns.map(([name]) => name),
    columnTypes: r.columns.map(([, type]) => type),
    temporary: false,
  };
}

/** A system relation by schema and name, or undefined when the name is not one. */
export function lookupSystemRelation(
  source: SystemCatalogSource,
  schema: string,
  name: string,
): TableEntry | ViewEntry | undefined {
  if (schema !== PG_CATALOG && schema !== INFORMATION_SCHEMA) return undefined;
  const r = systemRelation(schema, name);
  if (r === undefined) return undefined;
  if (r.kind === 'view' && r.sql !== undefined) return viewEntry(r);
  if (r.perSession) return tableEntry(r, source);
  return cached(source, `${schema}.${name}`, () => tableEntry(r, source));
}

/** Whether a plan reading `entry` must be made again each time (a system relation with `uncachedPlans`). */
export function plansUncached(entry: TableEntry | ViewEntry): boolean {
  return systemRelation(entry.schema, entry.name)?.uncachedPlans === true;
}

/**
 * Resolves a relation name as PostgreSQL's search path does: the session's temporary objects
 * first, then pg_catalog, then the user's schemas (`lookupUser`).
 */
export function resolveRelation(
  source: SystemCatalogSource,
  schema: string | null,
  name: string,
  lookupUser: (schema: string | null, name: string) => TableEntry | ViewEntry | undefined,
): TableEntry | ViewEntry | undefined {
  if (schema !== null) return lookupSystemRelation(source, schema, name) ?? lookupUser(schema, name);
  return (
    lookupUser(TEMP_SCHEMA, name) ?? lookupSystemRelation(source, PG_CATALOG, name) ?? lookupUser(null, name)
  );
}
