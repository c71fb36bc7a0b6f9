// The arguments of the ML.* table functions: MODEL name[@n], STRUCT(value AS name) options and the input
// (TABLE t or a query) bound as `SELECT *, leaf… FROM input` after checking it has every column the model
// reads (features bind by name); and the table-function plumbing that runs it when the statement runs.

import type { FuncCall } from '@pgsql/types';
import { rowsBatch } from '../columnar/batch.js';
import type { Batch } from '../columnar/batch.js';
import type { Scalar } from '../columnar/vector.js';
import { LarchError, SqlState } from '../engine/errors.js';
import {
  type LoadedModel,
  loadModel,
  parseModelReference,
  undefinedModel,
} from '../engine/ml/loaded-model.js';
import { type InfoRows } from '../engine/ml/model-info-rows.js';
import type { TableFunction } from '../functions/function.js';
import type { LogicalPlan, OutputColumn } from '../logical/plan.js';
import { bodyOf, locationOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { type DataType } from '../types/data-type.js';
import type { Binder } from './binder.js';
import type { CteScope } from './context.js';
import type { ScopeColumn } from './scope.js';

export interface BoundMlFunction {
  readonly plan: LogicalPlan;
  readonly columns: readonly ScopeColumn[];
}

export type Columns = InfoRows['columns'];

/** The model a `MODEL name[@n]` argument (rewritten to a string literal) names. */
export function modelArgument(b: Binder, node: PgNode | undefined, fn: string): LoadedModel {
  const value =
    node !== undefined && tagOf(node) === 'A_Const'
      ? bodyOf<{ sval?: { sval?: string } }>(node).sval
      : undefined;
  if (value?.sval === undefined)
    throw b.ctx.error(SqlState.syntaxError, `${fn} takes MODEL name as its first argument`, locationOf(node));
  const { name, version } = parseModelReference(value.sval);
  const entry = b.ctx.catalog.lookupModel?.(name);
  const position = b.ctx.pos(locationOf(node));
  if (entry === undefined) throw undefinedModel(name, position === undefined ? undefined : position + 1);
  return loadModel(entry, version, position === undefined ? undefined : position + 1);
}

/** Whether an argument is STRUCT(value, 'name', …) (rewritten from STRUCT(value AS name)). */
export function isStruct(node: PgNode): boolean {
  return (
    tagOf(node) === 'FuncCall' &&
    stringList(bodyOf<FuncCall>(node).funcname).at(-1)?.toLowerCase() === 'struct'
  );
}

export function constant(b: Binder, node: PgNode): Scalar {
  const tag = tagOf(node);
  const body = bodyOf<Record<string, { [k: string]: unknown } | undefined>>(node);
  if (tag === 'A_Const') {
    if (body.ival !== undefined) return (body.ival.ival as number | undefined) ?? 0;
    if (body.fval !== undefined) return Number(body.fval.fval);
    if (body.sval !== undefined) return (body.sval.sval as string | undefined) ?? '';
    if (body.boolval !== undefined) return (body.boolval.boolval as boolean | undefined) ?? false;
  }
  if (tag === 'A_Expr' && body.lexpr === undefined) {
    const v = constant(b, body.rexpr as unknown as PgNode);
    if (typeof v === 'number') return -v;
  }
  throw b.ctx.error(SqlState.syntaxError, 'STRUCT fields must be constants', locationOf(node));
}

/** STRUCT(0.5 AS threshold, 10 AS top_k) as named values. */
export function structFields(b: Binder, node: PgNode | undefined): Record<string, Scalar> {
  if (node === undefined) return {};
  const args = bodyOf<FuncCall>(node).args ?? [];
  const out: Record<string, Scalar> = {};
  for (let i = 0; i + 1 < args.length; i += 2)
    out[String(constant(b, args[i + 1]!)).toLowerCase()] = constant(b, args[i]!);
  if (args.length % 2 === 1)
    throw b.ctx.error(SqlState.syntaxError, 'STRUCT fields are written value AS name', locationOf(node));
  return out;
}

export function numberField(
  b: Binder,
  fields: Record<string, Scalar>,
  name: string,
  node: PgNode | undefined,
): number | undefined {
  const v = fields[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number')
    throw b.ctx.error(SqlState.invalidParameterValue, `${name} must be a number`, locationOf(node));
  return v;
}

/** The FROM item for an input argument: TABLE t (rewritten to a column reference) or (query). */
export function inputFromItem(b: Binder, node: PgNode, fn: string): PgNode {
  if (tagOf(node) === 'ColumnRef') {
    const names = stringList(bodyOf<{ fields: PgNode[] }>(node).fields);
    return {
      RangeVar: {
        relname: names.at(-1)!,
        ...(names.length > 1 ? { schemaname: names.at(-2)! } : {}),
        inh: true,
        relpersistence: 'p',
        location: locationOf(node),
      },
    } as PgNode;
  }
  if (tagOf(node) === 'SubLink')
    return {
      RangeSubselect: {
        subquery: bodyOf<{ subselect: PgNode }>(node).subselect,
        alias: { aliasname: '__ml_input' },
      },
    } as PgNode;
  throw b.ctx.error(SqlState.syntaxError, `${fn} reads TABLE name or (query)`, locationOf(node));
}

export function selectOf(from: PgNode, targets: readonly PgNode[]): PgNode {
  return {
    SelectStmt: {
      targetList: targets,
      fromClause: [from],
      limitOption: 'LIMIT_OPTION_DEFAULT',
      op: 'SETOP_NONE',
    },
  } as PgNode;
}

export const STAR = { ResTarget: { val: { ColumnRef: { fields: [{ A_Star: {} }] } } } } as PgNode;

/** Column names a leaf expression reads. */
function columnNames(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => columnNames(n, out));
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('ColumnRef' in o) {
      const name = stringList((o.ColumnRef as { fields: PgNode[] }).fields).at(-1);
      if (name !== undefined && name !== '*') out.add(name);
    } else Object.values(o).forEach((v) => columnNames(v, out));
  }
}

export interface BoundInput {
  readonly plan: LogicalPlan;
  readonly columns: readonly OutputColumn[];
  /** The input's own columns come first; the leaves' values follow. */
  readonly inputCount: number;
  readonly leafTypes: readonly DataType[];
}

/** Binds `SELECT *, leaf… FROM input`, first checking the input has every column the leaves read. */
export function bindInput(
  b: Binder,
  loaded: LoadedModel,
  node: PgNode,
  leaves: readonly number[],
  ctes: CteScope | null,
  fn: string,
): BoundInput {
  const from = inputFromItem(b, node, fn);
  const plain = b.bindQuery(selectOf(from, [STAR]), null, ctes);
  const have = new Set(plain.columns.map((c) => c.name));
  const needed = new Set<string>();
  for (const leaf of leaves) columnNames(loaded.meta.program.leaves[leaf], needed);
  const missing = [...needed].filter((n) => !have.has(n));
  if (missing.length > 0)
    throw b.ctx.error(
      SqlState.undefinedColumn,
      `the input of ${fn} lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} that model "${loaded.entry.name}" reads`,
      locationOf(node),
      { hint: 'Features are matched to input columns by name.' },
    );
  const targets = leaves.map((leaf, i) => ({
    ResTarget: { name: `__ml_leaf_${i}`, val: loaded.meta.program.leaves[leaf] },
  })) as PgNode[];
  const bound = b.bindQuery(selectOf(from, [STAR, ...targets]), null, ctes);
  const inputCount = bound.columns.length - leaves.length;
  return { ...bound, inputCount, leafTypes: bound.columns.slice(inputCount).map((c) => c.type) };
}

export function runner(b: Binder): NonNullable<Binder['ctx']['catalog']['runQuery']> {
  const run = b.ctx.catalog.runQuery;
  if (run === undefined)
    throw new LarchError(SqlState.featureNotSupported, 'ML functions cannot read data here');
  return run;
}

export function streamed(
  b: Binder,
  fn: string,
  columns: Columns,
  execute: () => AsyncIterable<Batch>,
): BoundMlFunction {
  const output = columns.map((c) => ({ id: b.ctx.newId(), name: c.name, type: c.type }));
  const tableFunction: TableFunction = { name: `ml.${fn}`, columns, argTypes: [], execute: () => execute() };
  return {
    plan: { kind: 'table_function', fn: tableFunction, args: [], ordinality: null, output },
    columns: output,
  };
}

export function rowsOf(b: Binder, fn: string, info: InfoRows): BoundMlFunction {
  return streamed(b, fn, info.columns, async function* () {
    if (info.rows.length === 0) return;
    yield rowsBatch(info.columns, info.rows);
  });
}
