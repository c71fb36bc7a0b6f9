// pg_type and pg_proc: the types (a snapshot of PostgreSQL's rows) and the functions, from Larch's
// function registry plus the type I/O functions that type-loading queries join on.

import type { FunctionDefinition, ParamType } from '../../functions/function.js';
import type { DataType } from '../../types/data-type.js';
import { type CatalogView, derivedOid, OWNER_OID, type SystemRow } from './catalog-view.js';
import { PG_TYPE_IO_PROCS, PG_TYPE_ROWS } from './pg-type-data.js';
import { typeOid } from './type-oids.js';

const PG_CATALOG_OID = 11;
const ARRAY_SUBSCRIPT_HANDLER = 6179;
const INTERNAL_LANGUAGE = 12;

let typeRowsCache: SystemRow[] | null = null;

export function typeRows(): SystemRow[] {
  typeRowsCache ??= PG_TYPE_ROWS.map((r) => ({
    oid: r[0],
    typname: r[1],
    typnamespace: PG_CATALOG_OID,
    typowner: OWNER_OID,
    typlen: r[2],
    typbyval: r[3],
    typtype: r[4],
    typcategory: r[5],
    typispreferred: r[6],
    typisdefined: true,
    typdelim: ',',
    typrelid: 0,
    // Arrays (record[] too, a pseudo-type) and int2vector / oidvector: an element and variable length.
    typsubscript: r[7] !== 0 && r[2] === -1 ? ARRAY_SUBSCRIPT_HANDLER : 0,
    typelem: r[7],
    typarray: r[8],
    typinput: r[9],
    typoutput: r[10],
    typreceive: r[11],
    typsend: r[12],
    typmodin: r[13],
    typmodout: r[14],
    typanalyze: 0,
    typalign: r[15],
    typstorage: r[16],
    typnotnull: false,
    typbasetype: 0,
    typtypmod: -1,
    typndims: 0,
    typcollation: r[17],
  }));
  return typeRowsCache;
}

const PSEUDO_OIDS: Record<Exclude<ParamType, DataType>, number> = {
  any: 2276,
  anyelement: 2283,
  anyarray: 2277,
  anynonarray: 2776,
};

function paramOid(p: ParamType): number {
  return typeof p === 'string' ? PSEUDO_OIDS[p] : typeOid(p);
}

function procRow(oid: number, name: string, fields: SystemRow): SystemRow {
  return {
    oid,
    proname: name,
    pronamespace: PG_CATALOG_OID,
    proowner: OWNER_OID,
    prolang: INTERNAL_LANGUAGE,
    procost: 1,
    prorows: 0,
    provariadic: 0,
    prosupport: 0,
    prokind: 'f',
    prosecdef: false,
    proleakproof: false,
    proisstrict: true,
    proretset: false,
    provolatile: 'i',
    proparallel: 's',
    pronargs: 0,
    pronargdefaults: 0,
    prorettype: 0,
    proargtypes: [],
    prosrc: name,
    ...fields,
  };
}

function definitionRows(def: FunctionDefinition): SystemRow[] {
  const names = [def.name, ...(('aliases' in def ? def.aliases : undefined) ?? [])];
  const overloads: readonly { args: readonly ParamType[]; returns: unknown }[] =
    def.kind === 'table' ? [{ args: [], returns: null }] : def.overloads;
  const rows: SystemRow[] = [];
  for (const name of names) {
    overloads.forEach((o, i) => {
      const returns = o.returns;
      rows.push(
        procRow(derivedOid(i, `${def.kind}:${name}`, 'constraint'), name, {
          prokind: def.kind === 'aggregate' ? 'a' : def.kind === 'window' ? 'w' : 'f',
          proretset: def.kind === 'table',
          provolatile:
            def.kind === 'scalar' && def.volatile ? 'v' : def.kind === 'scalar' && def.stable ? 's' : 'i',
          pronargs: o.args.length,
          prorettype:
            typeof returns === 'object' && returns !== null
              ? typeOid(returns as DataType)
              : def.kind === 'table'
                ? 2249
                : PSEUDO_OIDS.anyelement,
          proargtypes: o.args.map(paramOid),
        }),
      );
    });
  }
  return rows;
}

export function procRows(view: CatalogView): SystemRow[] {
  const rows = PG_TYPE_IO_PROCS.map(([oid, name]) => procRow(oid, name, { pronargs: 1 }));
  for (const def of view.functions()) rows.push(...definitionRows(def));
  return rows;
}
