// Binding function calls: scalar functions, aggregates (DISTINCT, FILTER, ORDER BY, WITHIN GROUP)
// and window functions with their frames.

import type { FuncCall, SortBy, WindowDef } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import {
  type Expr,
  type FrameBound,
  type SortKey,
  type WindowFrame,
  DEFAULT_FRAME,
  lit,
} from '../logical/expr.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { Types, typeShortName } from '../types/data-type.js';
import type { Binder, ExprState } from './binder.js';
import { coerce, resolveUnknown } from './coerce.js';
import { applyFunction, bindExpr, requireBool } from './bind-expr.js';

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
    const desc = s.sortby_dir === 'SORTBY_DESC';
    const nullsFirst =
      s.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : s.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    if (s.useOp !== undefined) {
      const op = stringList(s.useOp).pop();
      return {
        expr,
        desc: op === '>' || op === '>=',
        nullsFirst:
          s.sortby_nulls === 'SORTBY_NULLS_FIRST' ||
          (s.sortby_nulls === undefined && (op === '>' || op === '>=')),
      };
    }
    return { expr, desc, nullsFirst };
  });
}

export { bindSortKeys };

function bindAggregateCall(b: Binder, f: FuncCall, name: string, st: ExprState): Expr {
  if (st.aggregates === null) {
    throw b.ctx.error(
      SqlState.groupingError,
      `aggregate functions are not allowed in ${st.clause}`,
      f.location,
    );
  }
  if (st.insideAggregate) {
    throw b.ctx.error(SqlState.groupingError, 'aggregate function calls cannot be nested', f.location);
  }
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
    if (d.kind !== 'literal' && d.kind !== 'param') {
      throw b.ctx.error(
        SqlState.featureNotSupported,
        `the direct arguments of ${name} must be constants`,
        f.location,
      );
    }
  }
  if (f.agg_within_group) orderBy = orderBy.map((k, i) => ({ ...k, expr: aggArgs[i]! }));
  const filter =
    f.agg_filter === undefined ? null : requireBool(b, bindExpr(b, f.agg_filter, inner), 'FILTER');
  return st.aggregates.add(
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
      const offsetType =
        keyType.id === 'date' || keyType.id === 'timestamp' || keyType.id === 'timestamptz'
          ? Types.interval
          : keyType;
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
