// SQL data types: the PostgreSQL types Larch supports, their names, categories and storage.

export type DataType =
  | { readonly id: 'bool' }
  | { readonly id: 'int2' }
  | { readonly id: 'int4' }
  | { readonly id: 'int8' }
  | { readonly id: 'float4' }
  | { readonly id: 'float8' }
  | { readonly id: 'numeric'; readonly precision: number | null; readonly scale: number | null }
  | { readonly id: 'text' }
  | { readonly id: 'varchar'; readonly length: number | null }
  | { readonly id: 'bpchar'; readonly length: number | null }
  | { readonly id: 'date' }
  | { readonly id: 'time' }
  | { readonly id: 'timestamp' }
  | { readonly id: 'timestamptz' }
  /** `fields`: PostgreSQL's range typmod (INTERVAL DAY, INTERVAL HOUR TO MINUTE ...), as its bit mask. */
  | { readonly id: 'interval'; readonly fields?: number }
  | { readonly id: 'json' }
  | { readonly id: 'bytea' }
  | { readonly id: 'uuid' }
  | { readonly id: 'oid' }
  | { readonly id: 'regclass' }
  | { readonly id: 'regtype' }
  | { readonly id: 'regproc' }
  | { readonly id: 'regnamespace' }
  | { readonly id: 'name' }
  | { readonly id: 'char' }
  | { readonly id: 'list'; readonly element: DataType }
  | { readonly id: 'struct'; readonly fields: readonly StructField[] }
  | { readonly id: 'unknown' };

export interface StructField {
  readonly name: string;
  readonly type: DataType;
}

export type TypeId = DataType['id'];

const simple = <I extends TypeId>(id: I) => Object.freeze({ id }) as Extract<DataType, { id: I }>;

export const Types = {
  bool: simple('bool'),
  int2: simple('int2'),
  int4: simple('int4'),
  int8: simple('int8'),
  float4: simple('float4'),
  float8: simple('float8'),
  numeric: Object.freeze({ id: 'numeric', precision: null, scale: null }) as DataType,
  text: simple('text'),
  varchar: Object.freeze({ id: 'varchar', length: null }) as DataType,
  date: simple('date'),
  time: simple('time'),
  timestamp: simple('timestamp'),
  timestamptz: simple('timestamptz'),
  interval: simple('interval'),
  json: simple('json'),
  bytea: simple('bytea'),
  uuid: simple('uuid'),
  oid: simple('oid'),
  regclass: simple('regclass'),
  regtype: simple('regtype'),
  regproc: simple('regproc'),
  regnamespace: simple('regnamespace'),
  name: simple('name'),
  char: simple('char'),
  unknown: simple('unknown'),
} as const;

export function numericType(precision: number | null, scale: number | null): DataType {
  return { id: 'numeric', precision, scale };
}

export function listType(element: DataType): DataType {
  return { id: 'list', element };
}

/** PostgreSQL's type categories, which drive implicit casts and overload resolution. */
export type TypeCategory = 'B' | 'N' | 'S' | 'D' | 'T' | 'U' | 'A' | 'C' | 'X';

export function typeCategory(t: DataType): TypeCategory {
  switch (t.id) {
    case 'bool':
      return 'B';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'numeric':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      return 'N';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
      return 'S';
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return 'D';
    case 'interval':
      return 'T';
    case 'list':
      return 'A';
    case 'struct':
      return 'C';
    case 'unknown':
      return 'X';
    case 'json':
    case 'bytea':
    case 'uuid':
      return 'U';
  }
}

export function isPreferredType(t: DataType): boolean {
  return (
    t.id === 'float8' || t.id === 'text' || t.id === 'timestamptz' || t.id === 'interval' || t.id === 'bool'
  );
}

export function isNumericType(t: DataType): boolean {
  return (
    t.id === 'int2' ||
    t.id === 'int4' ||
    t.id === 'int8' ||
    t.id === 'float4' ||
    t.id === 'float8' ||
    t.id === 'numeric'
  );
}

export function isIntegerType(t: DataType): boolean {
  return t.id === 'int2' || t.id === 'int4' || t.id === 'int8';
}

export function isStringType(t: DataType): boolean {
  return typeCategory(t) === 'S';
}

export function isTemporalType(t: DataType): boolean {
  return t.id === 'date' || t.id === 'timestamp' || t.id === 'timestamptz' || t.id === 'time';
}

export function typesEqual(a: DataType, b: DataType): boolean {
  if (a.id !== b.id) return false;
  switch (a.id) {
    case 'numeric':
      return b.id === 'numeric' && a.precision === b.precision && a.scale === b.scale;
    case 'varchar':
    case 'bpchar':
      return (b.id === 'varchar' || b.id === 'bpchar') && a.length === b.length;
    case 'list':
      return b.id === 'list' && typesEqual(a.element, b.element);
    case 'struct':
      return (
        b.id === 'struct' &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => f.name === b.fields[i]!.name && typesEqual(f.type, b.fields[i]!.type))
      );
    default:
      return true;
  }
}

/** Types that differ only by modifiers (varchar(5) vs text-like) share a physical layout. */
export function sameBaseType(a: DataType, b: DataType): boolean {
  return a.id === b.id && (a.id !== 'list' || (b.id === 'list' && sameBaseType(a.element, b.element)));
}

/** The name PostgreSQL's format_type prints, e.g. `integer`, `numeric(15,2)`, `character varying`. */
export function typeName(t: DataType): string {
  switch (t.id) {
    case 'bool':
      return 'boolean';
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'float4':
      return 'real';
    case 'float8':
      return 'double precision';
    case 'numeric':
      return t.precision === null ? 'numeric' : `numeric(${t.precision},${t.scale ?? 0})`;
    case 'text':
      return 'text';
    case 'varchar':
      return t.length === null ? 'character varying' : `character varying(${t.length})`;
    case 'bpchar':
      return t.length === null ? 'bpchar' : `character(${t.length})`;
    case 'date':
      return 'date';
    case 'time':
      return 'time without time zone';
    case 'timestamp':
      return 'timestamp without time zone';
    case 'timestamptz':
      return 'timestamp with time zone';
    case 'interval':
      return 'interval';
    case 'json':
      return 'json';
    case 'bytea':
      return 'bytea';
    case 'uuid':
      return 'uuid';
    case 'oid':
      return 'oid';
    case 'regclass':
      return 'regclass';
    case 'regtype':
      return 'regtype';
    case 'regproc':
      return 'regproc';
    case 'regnamespace':
      return 'regnamespace';
    case 'name':
      return 'name';
    case 'char':
      return '"char"';
    case 'list':
      return `${typeName(t.element)}[]`;
    case 'struct':
      return `struct(${t.fields.map((f) => `${f.name} ${typeName(f.type)}`).join(', ')})`;
    case 'unknown':
      return 'unknown';
  }
}

/** Short internal name used in function signatures and error messages (PostgreSQL's typname). */
export function typeShortName(t: DataType): string {
  switch (t.id) {
    case 'bool':
      return 'boolean';
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'float4':
      return 'real';
    case 'float8':
      return 'double precision';
    case 'numeric':
      return 'numeric';
    case 'varchar':
      return 'character varying';
    case 'bpchar':
      return 'character';
    default:
      return typeName(t);
  }
}

const TYPE_BY_NAME: Record<string, DataType> = {
  bool: Types.bool,
  boolean: Types.bool,
  int2: Types.int2,
  smallint: Types.int2,
  int: Types.int4,
  int4: Types.int4,
  integer: Types.int4,
  int8: Types.int8,
  bigint: Types.int8,
  float4: Types.float4,
  real: Types.float4,
  float8: Types.float8,
  float: Types.float8,
  double: Types.float8,
  'double precision': Types.float8,
  numeric: Types.numeric,
  decimal: Types.numeric,
  text: Types.text,
  string: Types.text,
  varchar: Types.varchar,
  'character varying': Types.varchar,
  bpchar: { id: 'bpchar', length: null },
  char: { id: 'bpchar', length: 1 },
  character: { id: 'bpchar', length: 1 },
  date: Types.date,
  time: Types.time,
  timestamp: Types.timestamp,
  datetime: Types.timestamp,
  timestamptz: Types.timestamptz,
  interval: Types.interval,
  json: Types.json,
  jsonb: Types.json,
  bytea: Types.bytea,
  blob: Types.bytea,
  uuid: Types.uuid,
  oid: Types.oid,
  regclass: Types.regclass,
  regtype: Types.regtype,
  regproc: Types.regproc,
  regprocedure: Types.regproc,
  regnamespace: Types.regnamespace,
  name: Types.name,
  '"char"': Types.char,
  tinyint: Types.int2,
  hugeint: Types.numeric,
  double_precision: Types.float8,
};

/** Resolves a type name with modifiers, e.g. ('numeric', [15, 2]); null when unknown. */
export function typeFromName(name: string, modifiers: readonly number[] = []): DataType | null {
  const lower = name.toLowerCase();
  const base = TYPE_BY_NAME[lower];
  if (base === undefined) return null;
  switch (base.id) {
    case 'numeric':
      if (modifiers.length === 0) return base;
      return numericType(modifiers[0]!, modifiers[1] ?? 0);
    case 'varchar':
      return modifiers.length === 0 ? base : { id: 'varchar', length: modifiers[0]! };
    case 'bpchar':
      if (lower === 'bpchar' && modifiers.length === 0) return base;
      return { id: 'bpchar', length: modifiers[0] ?? 1 };
    case 'float8':
      if ((lower === 'float' || lower === 'double') && modifiers.length > 0 && modifiers[0]! <= 24)
        return Types.float4;
      return base;
    default:
      return base;
  }
}

/** How a type is laid out in memory; see columnar/vector.ts. */
export type Storage = 'bool' | 'i16' | 'i32' | 'f32' | 'f64' | 'numeric' | 'string' | 'interval' | 'boxed';

export function storageOf(t: DataType): Storage {
  switch (t.id) {
    case 'bool':
      return 'bool';
    case 'int2':
      return 'i16';
    case 'int4':
    case 'date':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      return 'i32';
    case 'int8':
    case 'float8':
    case 'timestamp':
    case 'timestamptz':
    case 'time':
      return 'f64';
    case 'float4':
      return 'f32';
    case 'numeric':
      return 'numeric';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
      return 'string';
    case 'interval':
      return 'interval';
    case 'json':
    case 'bytea':
    case 'list':
    case 'struct':
      return 'boxed';
  }
}
