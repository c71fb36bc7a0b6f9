// Object names and oids both ways, as the regclass, regtype and regproc types convert them, and
// format_type's type names.

import { LarchError, SqlState } from '../../engine/errors.js';
import { typeFromName } from '../../types/data-type.js';
import type { TimeZone } from '../../types/datetime.js';
import type { FormatOptions, RegNameLookup } from '../../types/text-format.js';
import {
  type CatalogAccess,
  type CatalogView,
  keysOf,
  NAMESPACE_OIDS,
  namespaceOids,
  PG_CATALOG,
  quoteIdent,
  TEMP_NAMESPACE_NAME,
  TEMP_NAMESPACE_OID,
} from './catalog-view.js';
import { PG_TYPE_IO_PROCS, PG_TYPE_ROWS } from './pg-type-data.js';
import { procRows } from './pg-type-rows.js';
import { systemRelations } from './system-relations.js';
import { typeOid } from './type-oids.js';

/** Splits `schema.name` / `"Quoted"."Name"` into parts, folding unquoted parts to lower case. */
export function splitQualifiedName(text: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^."\s]+))\s*(\.|$)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while (end < text.length && (m = re.exec(text)) !== null) {
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.toLowerCase());
    end = re.lastIndex;
    if (m[3] === '') break;
  }
  if (end < text.length || parts.length === 0) {
    throw new LarchError(SqlState.invalidName, `invalid name syntax`, { detail: text });
  }
  return parts;
}

const NUMERIC = /^\s*\d+\s*$/;

/** regclass input: a relation name (or oid) to its oid. */
export function regclassIn(text: string, access: CatalogAccess | null): number {
  if (NUMERIC.test(text)) return Number(text);
  const parts = splitQualifiedName(text);
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2]! : null;
  const found = access?.lookupRelation(schema, name);
  if (found !== undefined) return found.oid;
  const view = access?.view;
  const index = view?.entries.find(
    (e) => e.kind === 'index' && e.name === name && (schema === null || e.schema === schema),
  );
  if (index !== undefined) return index.oid;
  const key = view === undefined ? undefined : keysOf(view).find((k) => k.key.name === name);
  if (key !== undefined) return key.indexOid;
  throw new LarchError(SqlState.undefinedTable, `relation "${parts.join('.')}" does not exist`);
}

/**
 * regclass output: the relation's name, schema-qualified only when the name alone would not find it
 * (as regclassout tests visibility on the search path); 0 is `-`, an unknown oid its number.
 */
export function regclassOut(oid: number, access: CatalogAccess | null): string {
  if (oid === 0) return '-';
  const view = access?.view;
  const entry = view?.entries.find((e) => e.kind !== 'schema' && e.oid === oid);
  if (entry !== undefined) {
    const visible =
      entry.kind === 'table' || entry.kind === 'view'
        ? access!.lookupRelation(null, entry.name)?.oid === oid
        : entry.schema === 'public' || entry.schema === 'pg_temp';
    return visible ? quoteIdent(entry.name) : `${quoteIdent(entry.schema)}.${quoteIdent(entry.name)}`;
  }
  const system = systemRelations().find((r) => r.oid === oid);
  if (system !== undefined)
    return system.schema === PG_CATALOG ? system.name : `${system.schema}.${system.name}`;
  const key = view === undefined ? undefined : keysOf(view).find((k) => k.indexOid === oid);
  return key !== undefined ? quoteIdent(key.key.name) : String(oid);
}

const TYPE_ROW_BY_NAME = new Map(PG_TYPE_ROWS.map((r) => [r[1], r[0]]));

/** regtype input: a type name (SQL's or pg_type's, `[]` for arrays) to its oid. */
export function regtypeIn(text: string): number {
  if (NUMERIC.test(text)) return Number(text);
  let name = text
    .trim()
    .toLowerCase()
    .replace(/^pg_catalog\./, '');
  let array = false;
  if (name.endsWith('[]')) {
    array = true;
    name = name.slice(0, -2).trim();
  }
  const modifiers = /^(.*?)\s*\(([\d\s,]+)\)$/.exec(name);
  const base = modifiers !== null ? modifiers[1]! : name;
  const type = typeFromName(base.replace(/^"(.*)"$/, '$1'));
  let oid =
    type !== null && base !== 'char' ? typeOid(type) : TYPE_ROW_BY_NAME.get(base.replace(/^"(.*)"$/, '$1'));
  if (base === '"char"') oid = 18;
  if (oid === undefined)
    throw new LarchError(SqlState.undefinedObject, `type "${text.trim()}" does not exist`);
  if (!array) return oid;
  const row = PG_TYPE_ROWS.find((r) => r[0] === oid);
  if (row === undefined || row[8] === 0)
    throw new LarchError(SqlState.undefinedObject, `type "${text.trim()}" does not exist`);
  return row[8];
}

/** regtype output: the type's SQL name, as format_type shows it; 0 is `-`, an unknown oid its number. */
export function regtypeOut(oid: number): string {
  if (oid === 0) return '-';
  return PG_TYPE_ROWS.some((r) => r[0] === oid) ? (formatType(oid, null) ?? String(oid)) : String(oid);
}

/** regproc input: a function name to its oid (the first overload). */
export function regprocIn(text: string, access: CatalogAccess | null): number {
  if (NUMERIC.test(text)) return Number(text);
  const parts = splitQualifiedName(text);
  const name = parts[parts.length - 1]!;
  const io = PG_TYPE_IO_PROCS.find(([, n]) => n === name);
  if (io !== undefined) return io[0];
  const proc = access === null ? undefined : procRows(access.view).find((r) => r.proname === name);
  if (proc !== undefined) return proc.oid as number;
  throw new LarchError(SqlState.undefinedFunction, `function "${text}" does not exist`);
}

/** Function names by oid, per catalog view (pg_proc's rows are many: made once per view). */
const procNames = new WeakMap<CatalogView, Map<number, string>>();

export function regprocOut(oid: number, access: CatalogAccess | null): string {
  if (oid === 0) return '-';
  const io = PG_TYPE_IO_PROCS.find(([o]) => o === oid);
  if (io !== undefined) return io[1];
  if (access === null) return String(oid);
  let names = procNames.get(access.view);
  if (names === undefined) {
    names = new Map();
    for (const r of procRows(access.view))
      if (!names.has(r.oid as number)) names.set(r.oid as number, r.proname as string);
    procNames.set(access.view, names);
  }
  return names.get(oid) ?? String(oid);
}

const SQL_TYPE_NAMES: Readonly<Record<number, string>> = {
  16: 'boolean',
  18: '"char"',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  700: 'real',
  701: 'double precision',
  1083: 'time without time zone',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1266: 'time with time zone',
};

/** format_type(oid, typmod): PostgreSQL's SQL name for a type with its modifier (typmod null: none known). */
export function formatType(oid: number, typmod: number | null): string | null {
  const row = PG_TYPE_ROWS.find((r) => r[0] === oid);
  if (row === undefined) return oid === 0 ? '-' : '???';
  // A true array (an element, varlena, not plain storage like int2vector's): element[].
  if (row[7] !== 0 && row[2] === -1 && row[16] !== 'p') return `${formatType(row[7], typmod)}[]`;
  const mod = typmod !== null && typmod >= 0 ? typmod : null;
  switch (oid) {
    case 1042:
      if (typmod === null) return 'character';
      return mod === null ? 'bpchar' : `character(${mod - 4})`;
    case 1043:
      return mod === null ? 'character varying' : `character varying(${mod - 4})`;
    case 1700:
      return mod === null ? 'numeric' : `numeric(${(mod - 4) >> 16},${(mod - 4) & 0xffff})`;
    case 1083:
    case 1114:
    case 1184:
      if (mod !== null) return SQL_TYPE_NAMES[oid]!.replace(/^(timestamp|time)/, `$1(${mod})`);
      return SQL_TYPE_NAMES[oid]!;
    default:
      return SQL_TYPE_NAMES[oid] ?? row[1];
  }
}

/** What reg* names are looked up in; `catalog` is read only for reg* types (it may be costly to make). */
interface RegContext {
  readonly catalog: CatalogAccess | null;
}

/** Text to a reg* type's oid (undefined for other types): what the cast from text does. */
export function regIn(typeId: string, text: string, ctx: RegContext): number | undefined {
  if (typeId === 'regclass') return regclassIn(text, ctx.catalog);
  if (typeId === 'regtype') return regtypeIn(text);
  if (typeId === 'regproc') return regprocIn(text, ctx.catalog);
  if (typeId === 'regnamespace') return regnamespaceIn(text, ctx.catalog);
  return undefined;
}

/** A reg* type's oid as its name (undefined for other types): what the cast to text does. */
export function regOut(typeId: string, oid: number, ctx: RegContext): string | undefined {
  if (typeId === 'regclass') return regclassOut(oid, ctx.catalog);
  if (typeId === 'regtype') return regtypeOut(oid);
  if (typeId === 'regproc') return regprocOut(oid, ctx.catalog);
  if (typeId === 'regnamespace') return regnamespaceOut(oid, ctx.catalog);
  return undefined;
}

/**
 * Names for reg* values in results (text output over the wire, textRows, the embedded API's rows),
 * each oid looked up once; `access` is called on the first value, so results without reg* values
 * never build the catalog view.
 */
export function regNameLookup(access: () => CatalogAccess | null): RegNameLookup {
  const names = new Map<string, string>();
  let catalog: CatalogAccess | null | undefined;
  return (type, oid) => {
    const key = `${type}:${oid}`;
    let name = names.get(key);
    if (name === undefined) {
      catalog = catalog === undefined ? access() : catalog;
      name = regOut(type, oid, { catalog }) ?? String(oid);
      names.set(key, name);
    }
    return name;
  };
}

const formatsByContext = new WeakMap<object, FormatOptions>();

/**
 * How functions that turn values into text (||, format, to_json …) print them: the context's time
 * zone, and reg* values as names over its catalog (none on worker threads: oids); one per context.
 */
export function textFormatOf(ctx: {
  readonly timeZone: TimeZone;
  readonly catalog: CatalogAccess | null;
}): FormatOptions {
  let format = formatsByContext.get(ctx);
  if (format === undefined) {
    format = { timeZone: ctx.timeZone, regName: regNameLookup(() => ctx.catalog) };
    formatsByContext.set(ctx, format);
  }
  return format;
}

/** regnamespace input: a schema name to its oid. */
export function regnamespaceIn(text: string, access: CatalogAccess | null): number {
  if (NUMERIC.test(text)) return Number(text);
  const [name] = splitQualifiedName(text);
  const oid = access === null ? NAMESPACE_OIDS[name!] : namespaceOids(access.view).get(name!);
  if (oid === undefined) throw new LarchError(SqlState.undefinedSchema, `schema "${name}" does not exist`);
  return oid;
}

export function regnamespaceOut(oid: number, access: CatalogAccess | null): string {
  if (oid === 0) return '-';
  if (oid === TEMP_NAMESPACE_OID) return TEMP_NAMESPACE_NAME;
  const names = access === null ? Object.entries(NAMESPACE_OIDS) : [...namespaceOids(access.view)];
  const found = names.find(([, o]) => o === oid);
  return found === undefined ? String(oid) : quoteIdent(found[0]);
}
