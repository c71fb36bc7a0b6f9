// Binding function calls: scalar functions, aggregates (DISTINCT, FILTER, ORDER BY, WITHIN GROUP)
// and window functions with their frames.

import type { FuncCall, SortBy, WindowDef } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import {
  type Expr,
  type FrameBound,
  type SortKey,
  type WindowFrame,
  containsSubquery,
  DEFAULT_FRAME,
  exprColumns,
  exprKey,
  isVolatile,
  lit,
} from '../logical/expr.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { type DataType, Types, typeShortName } from '../types/data-type.js';
import type { Binder, ExprState } from './binder.js';
import { coerce, resolveUnknown } from './coerce.js';
import { applyFunction, bindExpr, requireBool } from './bind-expr.js';
import type { Scope } from './scope.js';
import { bindPredictCall, isModelCall } from './bind-ml-predict.js';

/** Names that PostgreSQL's grammar turns into pg_catalog function calls, mapped to ours. */
const SPECIAL_NAMES: Record<string, string> = {
  btrim: 'btrim',
  ltrim: 'ltrim',
  rtrim: 'rtrim',
  date_part: 'date_part',
  extract: 'extract',
  overlay: 'overlay',
  position: 'position',
  substring: 'substring',
  timezone: 'timezone',
  like_escape: 'like_escape',
};

export function functionName(f: FuncCall): string {
  const names = stringList(f.funcname).filter((n) => n !== 'pg_catalog');
  const name = names[names.length - 1] ?? '';
  return SPECIAL_NAMES[name] ?? name;
}

export function bindFuncCall(b: Binder, node: PgNode, st: ExprState): Expr {
  const f = bodyOf<FuncCall>(node);
  const name = functionName(f);
  const registry = b.ctx.functions;
  if (isModelCall(name, f)) return bindPredictCall(b, f, name, st);
  if (f.over !== undefined) return bindWindowCall(b, f, name, st);
  if (registry.isAggregate(name)) return bindAggregateCall(b, f, name, st);
  if (f.agg_star || f.agg_distinct || f.agg_order !== undefined || f.agg_filter !== undefined) {
    if (registry.hasScalar(name)) {
      throw b.ctx.error(
        SqlState.wrongObjectType,
        `${name}(${f.agg_star ? '*' : ''}) specified, but ${name} is not an aggregate function`,
        f.location,
      );
    }
  }
  if (registry.isWindow(name)) {
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `window function ${name} requires an OVER clause`,
      f.location,
    );
  }
  if (registry.tableFunction(name) !== undefined && !registry.hasScalar(name)) {
    return b.bindSetReturningCall(node, st);
  }
  const args = (f.args ?? []).map((a) => bindExpr(b, a, st));
  const fn = registry.scalar(
    name,
    args.map((a) => a.type),
    b.ctx.pos(f.location),
  );
  return applyFunction(b, fn, args, f.location);
}

function bindSortKeys(b: Binder, nodes: readonly PgNode[] | undefined, st: ExprState): SortKey[] {
  return (nodes ?? []).map((n) => {
    const s = bodyOf<SortBy>(n);
    const expr = resolveUnknown(b.ctx, bindExpr(b, s.node!, st));
    return { expr, ...sortDirection(n) };
  });
}

/**
 * The direction and NULLS placement of one ORDER BY item, without binding its expression (callers
 * that resolve output-column names and ordinals themselves must not bind it a second time).
 */
export function sortDirection(n: PgNode): { desc: boolean; nullsFirst: boolean } {
  const s = bodyOf<SortBy>(n);
  if (s.useOp !== undefined) {
    const op = stringList(s.useOp).pop();
    const desc = op === '>' || op === '>=';
    return {
      desc,
      nullsFirst: s.sortby_nulls === 'SORTBY_NULLS_FIRST' || (s.sortby_nulls === undefined && desc),
    };
  }
  const desc = s.sortby_dir === 'SORTBY_DESC';
  const nullsFirst =
    s.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : s.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
  return { desc, nullsFirst };
}

function bindAggregateCall(b: Binder, f: FuncCall, name: string, st: ExprState): Expr {
  const inner: ExprState = {
    ...st,
    insideAggregate: true,
    windows: null,
    windowClause: 'aggregate function calls',
  };
  const registry = b.ctx.functions;
  let args: Expr[];
  let orderBy: SortKey[];
  let direct: Expr[] = [];
  if (f.agg_within_group) {
    direct = (f.args ?? []).map((a) => bindExpr(b, a, inner));
    orderBy = bindSortKeys(b, f.agg_order, inner);
    args = orderBy.map((k) => k.expr);
  } else {
    args = f.agg_star ? [] : (f.args ?? []).map((a) => bindExpr(b, a, inner));
    orderBy = bindSortKeys(b, f.agg_order, inner);
  }
  const argTypes = [...direct, ...args].map((a) => a.type);
  const fn = registry.aggregate(name, argTypes, b.ctx.pos(f.location));
  if (f.agg_star && name !== 'count') {
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `${name}(*) must be used to call a parameterless aggregate function`,
      f.location,
    );
  }
  const all = [...direct, ...args].map((a, i) => coerce(b.ctx, a, fn.argTypes[i]!, 'implicit', f.location));
  const directArgs = all.slice(0, direct.length);
  const aggArgs = all.slice(direct.length);
  for (const d of directArgs) {
    // Constant expressions (ARRAY[0.25, 0.5]) are folded to literals before execution.
    if (exprColumns(d).size > 0 || containsSubquery(d) || isVolatile(d)) {
      throw b.ctx.error(
        SqlState.featureNotSupported,
        `the direct arguments of ${name} must be constants`,
        f.location,
      );
    }
  }
  if (f.agg_within_group) orderBy = orderBy.map((k, i) => ({ ...k, expr: aggArgs[i]! }));
  else if (f.agg_distinct) {
    // Sorting by anything else would be ambiguous among the duplicates DISTINCT removes.
    const argKeys = new Set([...args, ...aggArgs].map(exprKey));
    if (orderBy.some((k) => !argKeys.has(exprKey(k.expr)))) {
      throw b.ctx.error(
        SqlState.invalidColumnReference,
        'in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list',
        f.location,
      );
    }
  }
  const filter =
    f.agg_filter === undefined ? null : requireBool(b, bindExpr(b, f.agg_filter, inner), 'FILTER');
  const level = aggregateLevel(b, st, [
    ...direct,
    ...args,
    ...orderBy.map((k) => k.expr),
    ...(filter === null ? [] : [filter]),
  ]);
  if (level.aggregates === null) {
    throw b.ctx.error(
      SqlState.groupingError,
      `aggregate functions are not allowed in ${level.clause}`,
      f.location,
    );
  }
  if (level.insideAggregate) {
    throw b.ctx.error(SqlState.groupingError, 'aggregate function calls cannot be nested', f.location);
  }
  return level.aggregates.add(
    {
      fn,
      args: [...directArgs, ...aggArgs],
      distinct: f.agg_distinct ?? false,
      filter,
      orderBy,
      type: fn.returnType,
    },
    name,
  );
}

/**
 * The query level an aggregate belongs to, as PostgreSQL decides it: the current query unless the
 * arguments read only columns of enclosing queries, then the nearest of those queries
 * (SELECT (SELECT max(o.x) FROM i) FROM o aggregates over o).
 */
function aggregateLevel(b: Binder, st: ExprState, exprs: readonly Expr[]): ExprState {
  const used = new Set<number>();
  for (const e of exprs) exprColumns(e, used);
  if (used.size === 0 || b.outerLevels.length === 0) return st;
  // The columns each enclosing level sees; inner levels see those of outer levels too.
  const visible = b.outerLevels.map((level) => {
    const ids = new Set<number>();
    for (let s: Scope | null = level.scope; s !== null; s = s.parent) {
      for (const c of s.star) ids.add(c.id);
      for (const item of s.items) for (const c of item.columns) ids.add(c.id);
    }
    return ids;
  });
  let nearest = -1;
  for (const id of used) {
    const level = visible.findIndex((ids) => ids.has(id));
    if (level < 0) return st;
    nearest = Math.max(nearest, level);
  }
  return b.outerLevels[nearest]!;
}

const FRAME = {
  RANGE: 0x2,
  ROWS: 0x4,
  GROUPS: 0x8,
  START_UNBOUNDED_PRECEDING: 0x20,
  END_UNBOUNDED_PRECEDING: 0x40,
  START_UNBOUNDED_FOLLOWING: 0x80,
  END_UNBOUNDED_FOLLOWING: 0x100,
  START_CURRENT_ROW: 0x200,
  END_CURRENT_ROW: 0x400,
  START_OFFSET_PRECEDING: 0x800,
  END_OFFSET_PRECEDING: 0x1000,
  START_OFFSET_FOLLOWING: 0x2000,
  END_OFFSET_FOLLOWING: 0x4000,
  EXCLUDE_CURRENT_ROW: 0x8000,
  EXCLUDE_GROUP: 0x10000,
  EXCLUDE_TIES: 0x20000,
} as const;

/** The type of a RANGE frame's offsets for an ORDER BY key of `key`'s type (null: no such frames). */
function rangeOffsetType(key: DataType): DataType | null {
  switch (key.id) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'numeric':
      return key;
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      return Types.interval;
    default:
      return null;
  }
}

function bindFrame(b: Binder, def: WindowDef, st: ExprState, orderBy: readonly SortKey[]): WindowFrame {
  const opts = def.frameOptions ?? 0;
  if ((opts & 1) === 0) return DEFAULT_FRAME;
  const mode = opts & FRAME.ROWS ? 'rows' : opts & FRAME.GROUPS ? 'groups' : 'range';
  const offsetExpr = (node: PgNode | undefined): Expr => {
    const e = bindExpr(b, node!, { ...st, aggregates: null, windows: null, clause: 'window frame' });
    if (mode === 'range') {
      if (orderBy.length !== 1) {
        throw b.ctx.error(
          SqlState.windowingError,
          'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column',
          def.location,
        );
      }
      const keyType = orderBy[0]!.expr.type;
      const offsetType = rangeOffsetType(keyType);
      if (offsetType === null) {
        throw b.ctx.error(
          SqlState.featureNotSupported,
          `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${typeShortName(keyType)}`,
          def.location,
        );
      }
      return coerce(b.ctx, e, offsetType, 'implicit', def.location);
    }
    return coerce(b.ctx, e, Types.int8, 'implicit', def.location);
  };
  const bound = (start: boolean): FrameBound => {
    const s = start;
    if (opts & (s ? FRAME.START_UNBOUNDED_PRECEDING : FRAME.END_UNBOUNDED_PRECEDING))
      return { kind: 'unbounded_preceding' };
    if (opts & (s ? FRAME.START_UNBOUNDED_FOLLOWING : FRAME.END_UNBOUNDED_FOLLOWING))
      return { kind: 'unbounded_following' };
    if (opts & (s ? FRAME.START_CURRENT_ROW : FRAME.END_CURRENT_ROW)) return { kind: 'current_row' };
    if (opts & (s ? FRAME.START_OFFSET_PRECEDING : FRAME.END_OFFSET_PRECEDING)) {
      return { kind: 'preceding', offset: offsetExpr(s ? def.startOffset : def.endOffset) };
    }
    if (opts & (s ? FRAME.START_OFFSET_FOLLOWING : FRAME.END_OFFSET_FOLLOWING)) {
      return { kind: 'following', offset: offsetExpr(s ? def.startOffset : def.endOffset) };
    }
    return s ? { kind: 'unbounded_preceding' } : { kind: 'current_row' };
  };
  const start = bound(true);
  const end = bound(false);
  if (start.kind === 'unbounded_following') {
    throw b.ctx.error(SqlState.windowingError, 'frame start cannot be UNBOUNDED FOLLOWING', def.location);
  }
  if (end.kind === 'unbounded_preceding') {
    throw b.ctx.error(SqlState.windowingError, 'frame end cannot be UNBOUNDED PRECEDING', def.location);
  }
  const exclude =
    opts & FRAME.EXCLUDE_CURRENT_ROW
      ? 'current_row'
      : opts & FRAME.EXCLUDE_GROUP
        ? 'group'
        : opts & FRAME.EXCLUDE_TIES
          ? 'ties'
          : 'no_others';
  return { mode, start, end, exclude };
}

/** Merges a window definition with the named window it refers to (OVER (w ORDER BY x)). */
function resolveWindowDef(b: Binder, def: WindowDef, st: ExprState): WindowDef {
  const refName =
    def.refname ??
    (def.name !== undefined && def.partitionClause === undefined && def.orderClause === undefined
      ? def.name
      : undefined);
  if (refName === undefined) return def;
  const named = st.namedWindows?.get(refName);
  if (named === undefined) {
    throw b.ctx.error(SqlState.undefinedObject, `window "${refName}" does not exist`, def.location);
  }
  const base = resolveWindowDef(b, named, st);
  return {
    ...base,
    orderClause: def.orderClause ?? base.orderClause,
    frameOptions:
      def.frameOptions !== undefined && (def.frameOptions & 1) !== 0 ? def.frameOptions : base.frameOptions,
    startOffset: def.startOffset ?? base.startOffset,
    endOffset: def.endOffset ?? base.endOffset,
    location: def.location,
  };
}

function bindWindowCall(b: Binder, f: FuncCall, name: string, st: ExprState): Expr {
  if (st.windows === null) {
    throw b.ctx.error(
      SqlState.windowingError,
      `window functions are not allowed in ${st.windowClause ?? st.clause}`,
      f.location,
    );
  }
  const def = resolveWindowDef(b, bodyOf<WindowDef>({ WindowDef: f.over! } as PgNode), st);
  const inner: ExprState = { ...st, windows: null, windowClause: 'window function calls' };
  const registry = b.ctx.functions;
  const args = f.agg_star ? [] : (f.args ?? []).map((a) => bindExpr(b, a, inner));
  const partitionBy = (def.partitionClause ?? []).map((p) => resolveUnknown(b.ctx, bindExpr(b, p, inner)));
  const orderBy = bindSortKeys(b, def.orderClause, inner);
  const frame = bindFrame(b, def, inner, orderBy);
  const filter =
    f.agg_filter === undefined ? null : requireBool(b, bindExpr(b, f.agg_filter, inner), 'FILTER');
  if (registry.isWindow(name)) {
    const fn = registry.window(
      name,
      args.map((a) => a.type),
      b.ctx.pos(f.location),
    );
    const cast = args.map((a, i) => coerce(b.ctx, a, fn.argTypes[i]!, 'implicit', f.location));
    return st.windows.add(
      {
        fn,
        isAggregate: false,
        args: cast,
        filter,
        distinct: false,
        partitionBy,
        orderBy,
        frame,
        type: fn.returnType,
      },
      name,
    );
  }
  if (!registry.isAggregate(name)) {
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `OVER specified, but ${name} is not a window function nor an aggregate function`,
      f.location,
    );
  }
  if (f.agg_distinct) {
    throw b.ctx.error(
      SqlState.featureNotSupported,
      'DISTINCT is not implemented for window functions',
      f.location,
    );
  }
  const fn = registry.aggregate(
    name,
    args.map((a) => a.type),
    b.ctx.pos(f.location),
  );
  const cast = args.map((a, i) => coerce(b.ctx, a, fn.argTypes[i]!, 'implicit', f.location));
  return st.windows.add(
    {
      fn,
      isAggregate: true,
      args: cast,
      filter,
      distinct: false,
      partitionBy,
      orderBy,
      frame,
      type: fn.returnType,
    },
    name,
  );
}

/** GROUPING(a, b): bound against the query's GROUP BY expressions later. */
export function groupingArgs(b: Binder, node: PgNode, st: ExprState): Expr[] {
  const g = bodyOf<{ args?: PgNode[]; location?: number }>(node);
  if (st.aggregates === null) {
    throw b.ctx.error(
      SqlState.groupingError,
      `grouping operations are not allowed in ${st.clause}`,
      g.location,
    );
  }
  return (g.args ?? []).map((a) => bindExpr(b, a, { ...st, insideAggregate: true }));
}

export function describeArgs(exprs: readonly Expr[]): string {
  return exprs.map((e) => typeShortName(e.type)).join(', ');
}

export function isTagged(node: PgNode, tag: string): boolean {
  return tagOf(node) === tag;
}

export const nullLiteral = lit(null, Types.unknown);
