// pg_attribute, pg_attrdef, pg_index and pg_constraint: columns, defaults, indexes and constraints.

import type { DataType } from '../../types/data-type.js';
import { type CatalogEntry, type TableEntry, TEMP_SCHEMA } from '../catalog.js';
import { type CatalogView, derivedOid, keysOf, namespaceOids, type SystemRow } from './catalog-view.js';
import { systemRelations } from './system-relations.js';
import { typeLength, typeModifier, typeOid } from './type-oids.js';

const DEFAULT_COLLATION = 100;

function collationOf(t: DataType): number {
  return t.id === 'text' || t.id === 'varchar' || t.id === 'bpchar' ? DEFAULT_COLLATION : 0;
}

function attributeRow(
  relid: number,
  attnum: number,
  name: string,
  type: DataType,
  notNull: boolean,
  hasDefault: boolean,
): SystemRow {
  const length = typeLength(type);
  return {
    attrelid: relid,
    attname: name,
    atttypid: typeOid(type),
    attstattarget: -1,
    attlen: length,
    attnum,
    attndims: type.id === 'list' ? 1 : 0,
    attcacheoff: -1,
    atttypmod: typeModifier(type),
    attbyval: length > 0 && length <= 8,
    attalign: length === 8 ? 'd' : length === 2 ? 's' : length === 1 ? 'c' : 'i',
    attstorage: length > 0 ? 'p' : 'x',
    attcompression: '',
    attnotnull: notNull,
    atthasdef: hasDefault,
    atthasmissing: false,
    attidentity: '',
    attgenerated: '',
    attisdropped: false,
    attislocal: true,
    attinhcount: 0,
    attcollation: collationOf(type),
  };
}

function tableOf(view: CatalogView, e: CatalogEntry & { kind: 'index' }): TableEntry | undefined {
  const t = view.entries.find((x) => x.kind === 'table' && x.schema === e.schema && x.name === e.table);
  return t?.kind === 'table' ? t : undefined;
}

export function attributeRows(view: CatalogView): SystemRow[] {
  const rows: SystemRow[] = [];
  for (const e of view.entries) {
    if (e.kind === 'table') {
      e.columns.forEach((c, i) =>
        rows.push(attributeRow(e.oid, i + 1, c.name, c.type, c.notNull, c.default !== null)),
      );
    } else if (e.kind === 'view') {
      e.columnNames.forEach((name, i) =>
        rows.push(attributeRow(e.oid, i + 1, name, e.columnTypes[i]!, false, false)),
      );
    } else if (e.kind === 'index') {
      const table = tableOf(view, e);
      e.columns.forEach((name, i) => {
        const type = table?.columns.find((c) => c.name === name)?.type;
        if (type !== undefined) rows.push(attributeRow(e.oid, i + 1, name, type, false, false));
      });
    }
  }
  for (const k of keysOf(view)) {
    if (k.index !== undefined) continue;
    k.key.columns.forEach((name, i) => {
      const type = k.table.columns.find((c) => c.name === name)!.type;
      rows.push(attributeRow(k.indexOid, i + 1, name, type, false, false));
    });
  }
  for (const r of systemRelations()) {
    r.columns.forEach(([name, type], i) => rows.push(attributeRow(r.oid, i + 1, name, type, false, false)));
  }
  return rows;
}

export function attrdefRows(view: CatalogView): SystemRow[] {
  const rows: SystemRow[] = [];
  for (const e of view.entries) {
    if (e.kind !== 'table') continue;
    e.columns.forEach((c, i) => {
      if (c.default === null) return;
      rows.push({
        oid: derivedOid(e.oid, `default:${c.name}`, 'constraint'),
        adrelid: e.oid,
        adnum: i + 1,
        adbin: c.default.text,
      });
    });
  }
  return rows;
}

function columnNumbers(table: TableEntry, names: readonly string[]): number[] {
  return names.map((n) => table.columns.findIndex((c) => c.name === n) + 1);
}

export function indexRows(view: CatalogView): SystemRow[] {
  const rows: SystemRow[] = [];
  const keyIndexes = new Set<number>();
  const indexRow = (
    indexrelid: number,
    table: TableEntry,
    columns: readonly string[],
    unique: boolean,
    primary: boolean,
  ) => ({
    indexrelid,
    indrelid: table.oid,
    indnatts: columns.length,
    indnkeyatts: columns.length,
    indisunique: unique,
    indnullsnotdistinct: false,
    indisprimary: primary,
    indisexclusion: false,
    indimmediate: true,
    indisclustered: false,
    indisvalid: true,
    indcheckxmin: false,
    indisready: true,
    indislive: true,
    indisreplident: false,
    indkey: columnNumbers(table, columns),
    indcollation: columns.map(() => 0),
    indclass: columns.map(() => 0),
    indoption: columns.map(() => 0),
  });
  for (const k of keysOf(view)) {
    keyIndexes.add(k.indexOid);
    rows.push(indexRow(k.indexOid, k.table, k.key.columns, true, k.primary));
  }
  for (const e of view.entries) {
    if (e.kind !== 'index' || keyIndexes.has(e.oid)) continue;
    const table = tableOf(view, e);
    if (table !== undefined) rows.push(indexRow(e.oid, table, e.columns, e.unique, false));
  }
  return rows;
}

export function constraintRows(view: CatalogView): SystemRow[] {
  const schemas = namespaceOids(view);
  const rows: SystemRow[] = [];
  const base = (table: TableEntry) => ({
    connamespace: schemas.get(table.schema) ?? 0,
    condeferrable: false,
    condeferred: false,
    convalidated: true,
    conrelid: table.oid,
    contypid: 0,
    conparentid: 0,
    confrelid: 0,
    confupdtype: ' ',
    confdeltype: ' ',
    confmatchtype: ' ',
    conislocal: true,
    coninhcount: 0,
    connoinherit: table.schema === TEMP_SCHEMA,
  });
  for (const k of keysOf(view)) {
    // A unique index made by CREATE UNIQUE INDEX is not a constraint in PostgreSQL.
    if (k.index !== undefined) continue;
    rows.push({
      ...base(k.table),
      oid: k.constraintOid,
      conname: k.key.name,
      contype: k.primary ? 'p' : 'u',
      conindid: k.indexOid,
      conkey: columnNumbers(k.table, k.key.columns),
    });
  }
  for (const e of view.entries) {
    if (e.kind !== 'table') continue;
    for (const check of e.checks) {
      rows.push({
        ...base(e),
        oid: derivedOid(e.oid, check.name, 'constraint'),
        conname: check.name,
        contype: 'c',
        conindid: 0,
        conbin: check.text,
      });
    }
  }
  return rows;
}
