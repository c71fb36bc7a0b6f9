// Functions that describe catalog objects for psql, JDBC and BI tools: format_type, pg_get_expr,
// pg_get_viewdef / indexdef / constraintdef, visibility, owners, comments, sizes and to_reg*.

import type { Scalar } from '../../columnar/vector.js';
import type { CatalogAccess } from '../../catalog/system/catalog-view.js';
import { keysOf, OWNER_OID, quoteIdent } from '../../catalog/system/catalog-view.js';
import { constraintRows } from '../../catalog/system/pg-attribute-rows.js';
import { formatType, regclassIn, regtypeIn } from '../../catalog/system/reg-names.js';
import { systemRelations } from '../../catalog/system/system-relations.js';
import { constVector } from '../../columnar/vector-ops.js';
import { LarchError } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

const { oid, text, int4, bool, int8 } = Types;

function rowFunction(
  name: string,
  description: string,
  overloads: readonly (readonly DataType[])[],
  returns: DataType,
  fn: (v: readonly Scalar[], ctx: EvalContext) => Scalar,
  strict = true,
): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    stable: true,
    description,
    overloads: overloads.map((args) => ({
      args,
      returns,
      strict,
      kernel: () => valueKernel(returns, fn, { strict }),
    })),
  };
}

function access(ctx: EvalContext): CatalogAccess | null {
  return ctx.catalog;
}

function relationByOid(ctx: EvalContext, id: number) {
  return access(ctx)?.view.entries.find((e) => e.kind !== 'schema' && e.oid === id);
}

export const formatTypeFn = rowFunction(
  'format_type',
  "A type's SQL name with its modifier, e.g. format_type(1043, 14) = character varying(10).",
  [[oid, int4]],
  text,
  (v) => (v[0] === null ? null : formatType(v[0] as number, v[1] as number | null)),
  false,
);

export const pgGetExpr = rowFunction(
  'pg_get_expr',
  'The SQL text of a stored expression (a column default, a constraint).',
  [
    [text, oid],
    [text, oid, bool],
  ],
  text,
  (v) => v[0] as string,
);

export const pgGetUserById = rowFunction(
  'pg_get_userbyid',
  "A role's name from its oid.",
  [[oid]],
  Types.name,
  (v, ctx) => ((v[0] as number) === OWNER_OID ? ctx.currentUser : `unknown (OID=${v[0] as number})`),
);

export const pgEncodingToChar = rowFunction(
  'pg_encoding_to_char',
  "An encoding's name from its number (6 is UTF8).",
  [[int4]],
  Types.name,
  (v) => ({ 0: 'SQL_ASCII', 6: 'UTF8' })[v[0] as number] ?? '',
);

function isVisible(ctx: EvalContext, id: number): boolean {
  const entry = relationByOid(ctx, id);
  if (entry !== undefined) {
    if (entry.schema === 'pg_temp' || (entry.kind === 'index' && entry.schema === 'public')) return true;
    // Visible unless it is shadowed: the first relation of that name on the search path is this one.
    return entry.schema === 'public' && access(ctx)?.lookupRelation(null, entry.name)?.oid === entry.oid;
  }
  if (systemRelations().some((r) => r.oid === id && r.schema === 'pg_catalog')) return true;
  const view = access(ctx)?.view;
  const key = view === undefined ? undefined : keysOf(view).find((k) => k.indexOid === id);
  return key !== undefined && (key.table.schema === 'public' || key.table.schema === 'pg_temp');
}

export const pgTableIsVisible = rowFunction(
  'pg_table_is_visible',
  'Whether a relation is found by its unqualified name on the search path.',
  [[oid]],
  bool,
  (v, ctx) => isVisible(ctx, v[0] as number),
);

export const pgTypeIsVisible = rowFunction(
  'pg_type_is_visible',
  'Whether a type is found by its unqualified name (every built-in type is).',
  [[oid]],
  bool,
  (v) => formatType(v[0] as number, null) !== '???',
);

export const pgFunctionIsVisible = rowFunction(
  'pg_function_is_visible',
  'Whether a function is found by its unqualified name (every built-in function is).',
  [[oid]],
  bool,
  () => true,
);

function nullConstant(
  name: string,
  description: string,
  args: readonly (readonly DataType[])[],
  returns: DataType,
) {
  return {
    kind: 'scalar' as const,
    name,
    stable: true,
    description,
    overloads: args.map((a) => ({
      args: a,
      returns,
      strict: false,
      kernel: () => (_args: unknown, n: number) => constVector(returns, null, n),
    })),
  };
}

export const objDescription = nullConstant(
  'obj_description',
  'The comment on a database object (Larch stores no comments: NULL).',
  [[oid], [oid, Types.name]],
  text,
);
export const colDescription = nullConstant(
  'col_description',
  'The comment on a column (NULL: no comments are stored).',
  [[oid, int4]],
  text,
);
export const shobjDescription = nullConstant(
  'shobj_description',
  'The comment on a shared object (NULL: no comments are stored).',
  [[oid, Types.name]],
  text,
);
export const pgGetPartkeydef = nullConstant(
  'pg_get_partkeydef',
  'The partition key of a partitioned table (NULL: Larch has none).',
  [[oid]],
  text,
);
export const pgGetSerialSequence = nullConstant(
  'pg_get_serial_sequence',
  'The sequence behind a serial column (NULL: Larch has no sequences).',
  [[text, text]],
  text,
);

export const pgGetViewdef = rowFunction(
  'pg_get_viewdef',
  "A view's defining query.",
  [[oid], [oid, bool]],
  text,
  (v, ctx) => {
    const id = v[0] as number;
    const entry = relationByOid(ctx, id);
    if (entry?.kind === 'view') return ` ${entry.query.trim()};`;
    const system = systemRelations().find((r) => r.oid === id && r.sql !== undefined);
    return system === undefined ? null : ` ${system.sql!};`;
  },
);

export const pgGetIndexdef = rowFunction(
  'pg_get_indexdef',
  'The CREATE INDEX statement of an index.',
  [[oid], [oid, int4, bool]],
  text,
  (v, ctx) => {
    const id = v[0] as number;
    const entry = relationByOid(ctx, id);
    const view = access(ctx)?.view;
    const key = view === undefined ? undefined : keysOf(view).find((k) => k.indexOid === id);
    const def =
      entry?.kind === 'index'
        ? {
            unique: entry.unique,
            name: entry.name,
            schema: entry.schema,
            table: entry.table,
            columns: entry.columns,
          }
        : key !== undefined
          ? {
              unique: true,
              name: key.key.name,
              schema: key.table.schema,
              table: key.table.name,
              columns: key.key.columns,
            }
          : null;
    if (def === null) return null;
    const column = (v[1] as number | undefined) ?? 0;
    if (column > 0) return def.columns[column - 1] === undefined ? '' : quoteIdent(def.columns[column - 1]!);
    return `CREATE ${def.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(def.name)} ON ${quoteIdent(def.schema)}.${quoteIdent(def.table)} USING btree (${def.columns.map(quoteIdent).join(', ')})`;
  },
);

export const pgGetConstraintdef = rowFunction(
  'pg_get_constraintdef',
  "A constraint's definition, e.g. PRIMARY KEY (id).",
  [[oid], [oid, bool]],
  text,
  (v, ctx) => {
    const view = access(ctx)?.view;
    if (view === undefined) return null;
    const row = constraintRows(view).find((r) => r.oid === v[0]);
    if (row === undefined) return null;
    if (row.contype === 'c') return `CHECK ((${row.conbin as string}))`;
    const table = view.entries.find((e) => e.kind === 'table' && e.oid === row.conrelid);
    const columns =
      table?.kind === 'table'
        ? (row.conkey as number[]).map((k) => quoteIdent(table.columns[k - 1]!.name))
        : [];
    return `${row.contype === 'p' ? 'PRIMARY KEY' : 'UNIQUE'} (${columns.join(', ')})`;
  },
);

/** An estimate of a relation's bytes: 8 per value, as the table keeps typed arrays. */
function relationSize(ctx: EvalContext, id: number): number | null {
  const entry = relationByOid(ctx, id);
  if (entry?.kind === 'table') return entry.data.rowCount * Math.max(1, entry.columns.length) * 8;
  return entry === undefined ? null : 0;
}

const sizeFunction = (name: string, description: string) =>
  rowFunction(name, description, [[Types.regclass]], int8, (v, ctx) => relationSize(ctx, v[0] as number));

export const pgRelationSize = sizeFunction('pg_relation_size', "An estimate of a relation's size in bytes.");
export const pgTotalRelationSize = sizeFunction(
  'pg_total_relation_size',
  "An estimate of a relation's size in bytes, indexes included.",
);
export const pgTableSize = sizeFunction('pg_table_size', "An estimate of a table's size in bytes.");
export const pgIndexesSize = rowFunction(
  'pg_indexes_size',
  "The size of a table's indexes (Larch's indexes hold no data: 0).",
  [[Types.regclass]],
  int8,
  () => 0,
);

export const pgSizePretty = rowFunction(
  'pg_size_pretty',
  'A byte count in bytes, kB, MB, GB or TB, as PostgreSQL rounds it.',
  [[int8]],
  text,
  (v) => {
    let size = v[0] as number;
    const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
    if (Math.abs(size) < 10 * 1024) return `${size} bytes`;
    for (let i = 0; ; i++) {
      size = size / 1024;
      const rounded = Math.sign(size) * Math.round(Math.abs(size));
      if (Math.abs(rounded) < 10 * 1024 || i === units.length - 1) return `${rounded} ${units[i]}`;
    }
  },
);

function orNull(fn: () => number): number | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LarchError) return null;
    throw e;
  }
}

export const toRegclass = rowFunction(
  'to_regclass',
  "A relation's oid from its name, or NULL when there is none.",
  [[text]],
  Types.regclass,
  (v, ctx) => orNull(() => regclassIn(v[0] as string, access(ctx))),
);

export const toRegtype = rowFunction(
  'to_regtype',
  "A type's oid from its name, or NULL when there is none.",
  [[text]],
  Types.regtype,
  (v) => orNull(() => regtypeIn(v[0] as string)),
);

export const pgGetStatisticsobjdefColumns = nullConstant(
  'pg_get_statisticsobjdef_columns',
  'The columns of an extended statistics object (NULL: Larch has none).',
  [[oid]],
  text,
);

export const pgRelationIsPublishable = rowFunction(
  'pg_relation_is_publishable',
  'Whether a relation can be published for logical replication (never, on Larch).',
  [[Types.regclass]],
  bool,
  () => false,
);

export const pgStatGetNumscans = rowFunction(
  'pg_stat_get_numscans',
  'How many scans used an index (Larch keeps no such statistics: 0).',
  [[oid]],
  int8,
  () => 0,
);
