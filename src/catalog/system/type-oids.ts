// PostgreSQL's type oids, modifiers and lengths for Larch's types: what pg_attribute, pg_type and the
// wire protocol's RowDescription report, and the way back from an oid to a type.

import { type DataType, listType, numericType, Types } from '../../types/data-type.js';
import { PG_TYPE_ROWS } from './pg-type-data.js';

const OIDS: Record<Exclude<DataType['id'], 'list' | 'numeric' | 'varchar' | 'bpchar'>, number> = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  regproc: 24,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  unknown: 25,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  uuid: 2950,
  regclass: 2205,
  regtype: 2206,
  regnamespace: 4089,
  struct: 2249,
};

export const TEXT_OID = 25;

/** The oid of a type, as PostgreSQL numbers it; arrays of types without an array oid are text[]. */
export function typeOid(t: DataType): number {
  switch (t.id) {
    case 'numeric':
      return 1700;
    case 'varchar':
      return 1043;
    case 'bpchar':
      return 1042;
    case 'list': {
      const element = BY_OID.get(typeOid(t.element));
      return element !== undefined && element[8] !== 0 ? element[8] : 1009;
    }
    default:
      return OIDS[t.id];
  }
}

/** The type modifier (atttypmod): numeric(p,s) → ((p << 16) | s) + 4, varchar(n) → n + 4, else -1. */
export function typeModifier(t: DataType): number {
  switch (t.id) {
    case 'numeric':
      return t.precision === null ? -1 : ((t.precision << 16) | (t.scale ?? 0)) + 4;
    case 'varchar':
    case 'bpchar':
      return t.length === null ? -1 : t.length + 4;
    case 'list':
      // An array column keeps its element's modifier (numeric(10,2)[]), as in PostgreSQL.
      return typeModifier(t.element);
    default:
      return -1;
  }
}

const BY_OID = new Map(PG_TYPE_ROWS.map((r) => [r[0], r]));

/** typlen: bytes of a fixed-size type, -1 for variable length. */
export function typeLength(t: DataType): number {
  return BY_OID.get(typeOid(t))?.[2] ?? -1;
}

/** PostgreSQL's type name (typname) of an oid, e.g. 23 → int4, 1009 → _text. */
export function typeNameOfOid(oid: number): string | undefined {
  return BY_OID.get(oid)?.[1];
}

const FROM_OID: Record<number, DataType> = {
  16: Types.bool,
  17: Types.bytea,
  18: Types.char,
  19: Types.name,
  20: Types.int8,
  21: Types.int2,
  23: Types.int4,
  24: Types.regproc,
  25: Types.text,
  26: Types.oid,
  114: Types.json,
  3802: Types.json,
  700: Types.float4,
  701: Types.float8,
  1042: { id: 'bpchar', length: null },
  1043: Types.varchar,
  1082: Types.date,
  1083: Types.time,
  1114: Types.timestamp,
  1184: Types.timestamptz,
  1186: Types.interval,
  1700: numericType(null, null),
  2950: Types.uuid,
  2205: Types.regclass,
  2206: Types.regtype,
  4089: Types.regnamespace,
};

/** The Larch type for a parameter type oid a client sends; null for 0 (unspecified) or unknown oids. */
export function typeFromOid(oid: number): DataType | null {
  if (oid === 0 || oid === 705) return null;
  const direct = FROM_OID[oid];
  if (direct !== undefined) return direct;
  const row = BY_OID.get(oid);
  if (row !== undefined && row[5] === 'A' && row[7] !== 0) {
    const element = typeFromOid(row[7]);
    return element === null ? null : listType(element);
  }
  return null;
}
