// pg_namespace and pg_class: every schema and relation, user objects next to the system catalog's own.

import { TEMP_SCHEMA } from '../catalog.js';
import {
  type CatalogView,
  keysOf,
  NAMESPACE_OIDS,
  namespaceOids,
  OWNER_OID,
  type SystemRow,
  TEMP_NAMESPACE_NAME,
  TEMP_NAMESPACE_OID,
} from './catalog-view.js';
import { systemRelations } from './system-relations.js';

/** pg_am: the heap table access method and btree indexes. */
export const HEAP_AM = 2;
export const BTREE_AM = 403;

export function namespaceRows(view: CatalogView): SystemRow[] {
  const rows: SystemRow[] = [];
  const add = (oid: number, nspname: string) =>
    rows.push({ oid, nspname, nspowner: OWNER_OID, nspacl: null });
  for (const [name, oid] of Object.entries(NAMESPACE_OIDS)) add(oid, name);
  for (const e of view.entries)
    if (e.kind === 'schema' && NAMESPACE_OIDS[e.name] === undefined) add(e.oid, e.name);
  if (view.entries.some((e) => e.schema === TEMP_SCHEMA)) add(TEMP_NAMESPACE_OID, TEMP_NAMESPACE_NAME);
  return rows;
}

function classRow(fields: SystemRow): SystemRow {
  return {
    reltype: 0,
    reloftype: 0,
    relowner: OWNER_OID,
    relam: 0,
    relfilenode: 0,
    reltablespace: 0,
    relpages: 0,
    reltuples: -1,
    relallvisible: 0,
    reltoastrelid: 0,
    relhasindex: false,
    relisshared: false,
    relpersistence: 'p',
    relchecks: 0,
    relhasrules: false,
    relhastriggers: false,
    relhassubclass: false,
    relrowsecurity: false,
    relforcerowsecurity: false,
    relispopulated: true,
    relreplident: 'n',
    relispartition: false,
    relrewrite: 0,
    relfrozenxid: 0,
    relminmxid: 0,
    ...fields,
  };
}

export function classRows(view: CatalogView): SystemRow[] {
  const schemas = namespaceOids(view);
  const rows: SystemRow[] = [];
  const keys = keysOf(view);
  const indexedTables = new Set(keys.map((k) => k.table.oid));
  for (const e of view.entries) {
    if (e.kind === 'schema') continue;
    const base = {
      oid: e.oid,
      relname: e.name,
      relnamespace: schemas.get(e.schema) ?? 0,
      relpersistence: e.schema === TEMP_SCHEMA ? 't' : 'p',
    };
    if (e.kind === 'table') {
      rows.push(
        classRow({
          ...base,
          relam: HEAP_AM,
          reltuples: e.data.rowCount,
          relpages: Math.ceil(e.data.rowCount / 100),
          relkind: 'r',
          relnatts: e.columns.length,
          relchecks: e.checks.length,
          relhasindex:
            indexedTables.has(e.oid) ||
            view.entries.some((x) => x.kind === 'index' && x.table === e.name && x.schema === e.schema),
          relreplident: 'd',
        }),
      );
    } else if (e.kind === 'view') {
      rows.push(classRow({ ...base, relkind: 'v', relnatts: e.columnNames.length }));
    } else if (e.kind === 'index') {
      rows.push(classRow({ ...base, relam: BTREE_AM, relkind: 'i', relnatts: e.columns.length }));
    }
  }
  // Indexes behind PRIMARY KEY and UNIQUE constraints that no CREATE INDEX made.
  for (const k of keys) {
    if (k.index !== undefined) continue;
    rows.push(
      classRow({
        oid: k.indexOid,
        relname: k.key.name,
        relnamespace: schemas.get(k.table.schema) ?? 0,
        relam: BTREE_AM,
        relkind: 'i',
        relnatts: k.key.columns.length,
        relpersistence: k.table.schema === TEMP_SCHEMA ? 't' : 'p',
      }),
    );
  }
  for (const r of systemRelations()) {
    rows.push(
      classRow({
        oid: r.oid,
        relname: r.name,
        relnamespace: NAMESPACE_OIDS[r.schema]!,
        relam: r.kind === 'table' ? HEAP_AM : 0,
        relkind: r.kind === 'table' ? 'r' : 'v',
        relnatts: r.columns.length,
      }),
    );
  }
  return rows;
}
