// Bound expressions: typed trees over column ids, produced by the binder and rewritten by the optimizer.

import type { Scalar } from '../columnar/vector.js';
import type { DataType } from '../types/data-type.js';
import type { AggregateFunction, ScalarFunction, WindowFunction } from '../functions/function.js';
import type { LogicalPlan } from './plan.js';

/** Identifies a column produced by a plan node; unique within one statement. */
export type ColumnId = number;

export type Expr =
  | ColumnExpr
  | LiteralExpr
  | ParamExpr
  | CallExpr
  | CastExpr
  | AndExpr
  | OrExpr
  | NotExpr
  | IsNullExpr
  | CaseExpr
  | CoalesceExpr
  | InListExpr
  | SubqueryExpr;

export interface ColumnExpr {
  readonly kind: 'column';
  readonly id: ColumnId;
  readonly type: DataType;
  /** For EXPLAIN and error messages only. */
  readonly name: string;
}

export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: Scalar;
  readonly type: DataType;
}

export interface ParamExpr {
  readonly kind: 'param';
  /** 1-based, as $1. */
  readonly index: number;
  readonly type: DataType;
}

export interface CallExpr {
  readonly kind: 'call';
  readonly fn: ScalarFunction;
  readonly args: readonly Expr[];
  readonly type: DataType;
}

export interface CastExpr {
  readonly kind: 'cast';
  readonly expr: Expr;
  readonly type: DataType;
}

export interface AndExpr {
  readonly kind: 'and';
  readonly args: readonly Expr[];
  readonly type: DataType;
}

export interface OrExpr {
  readonly kind: 'or';
  readonly args: readonly Expr[];
  readonly type: DataType;
}

export interface NotExpr {
  readonly kind: 'not';
  readonly arg: Expr;
  readonly type: DataType;
}

export interface IsNullExpr {
  readonly kind: 'is_null';
  readonly arg: Expr;
  readonly negated: boolean;
  readonly type: DataType;
}

export interface CaseExpr {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else: Expr;
  readonly type: DataType;
}

export interface CoalesceExpr {
  readonly kind: 'coalesce';
  readonly args: readonly Expr[];
  readonly type: DataType;
}

/** `arg [NOT] IN (list...)` with the list's values all of arg's type. */
export interface InListExpr {
  readonly kind: 'in_list';
  readonly arg: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly type: DataType;
}

/**
 * A subquery inside an expression. The optimizer's decorrelation rule replaces every one with a
 * join before physical planning. `outer` lists the columns of enclosing queries it references.
 */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly subKind: 'scalar' | 'exists' | 'any' | 'all';
  readonly plan: LogicalPlan;
  /**
   * For any/all: the left operands (one, or several for a row such as `(a, b) IN (SELECT …)`) and
   * the comparison of each with the subquery's column at the same position (`=` for IN).
   */
  readonly args: readonly Expr[];
  readonly compares: readonly ScalarFunction[];
  readonly outer: readonly ColumnId[];
  readonly type: DataType;
}

export interface AggregateCall {
  readonly fn: AggregateFunction;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter: Expr | null;
  /** ORDER BY inside the call (string_agg(x, ',' ORDER BY y)) or WITHIN GROUP. */
  readonly orderBy: readonly SortKey[];
  readonly type: DataType;
}

export interface SortKey {
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
  readonly exclude: 'no_others' | 'current_row' | 'group' | 'ties';
}

export type FrameBound =
  | { readonly kind: 'unbounded_preceding' }
  | { readonly kind: 'preceding'; readonly offset: Expr }
  | { readonly kind: 'current_row' }
  | { readonly kind: 'following'; readonly offset: Expr }
  | { readonly kind: 'unbounded_following' };

export interface WindowCall {
  readonly fn: WindowFunction | AggregateFunction;
  readonly isAggregate: boolean;
  readonly args: readonly Expr[];
  readonly filter: Expr | null;
  readonly distinct: boolean;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortKey[];
  readonly frame: WindowFrame;
  readonly type: DataType;
}

export const DEFAULT_FRAME: WindowFrame = {
  mode: 'range',
  start: { kind: 'unbounded_preceding' },
  end: { kind: 'current_row' },
  exclude: 'no_others',
};

export function col(id: ColumnId, type: DataType, name = `#${id}`): ColumnExpr {
  return { kind: 'column', id, type, name };
}

export function lit(value: Scalar, type: DataType): LiteralExpr {
  return { kind: 'literal', value, type };
}

/** Direct children of an expression (subquery plans are not expression children). */
export function exprChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'column':
    case 'literal':
    case 'param':
      return [];
    case 'call':
    case 'and':
    case 'or':
    case 'coalesce':
      return e.args;
    case 'cast':
      return [e.expr];
    case 'not':
    case 'is_null':
      return [e.arg];
    case 'case':
      return [...e.whens.flatMap((w) => [w.when, w.then]), e.else];
    case 'in_list':
      return [e.arg, ...e.list];
    case 'subquery':
      return e.args;
  }
}

/** Rebuilds an expression with new children, in exprChildren order. */
export function withExprChildren(e: Expr, children: readonly Expr[]): Expr {
  switch (e.kind) {
    case 'column':
    case 'literal':
    case 'param':
      return e;
    case 'call':
    case 'and':
    case 'or':
    case 'coalesce':
      return { ...e, args: children };
    case 'cast':
      return { ...e, expr: children[0]! };
    case 'not':
    case 'is_null':
      return { ...e, arg: children[0]! };
    case 'case': {
      const whens = e.whens.map((_, i) => ({ when: children[2 * i]!, then: children[2 * i + 1]! }));
      return { ...e, whens, else: children[children.length - 1]! };
    }
    case 'in_list':
      return { ...e, arg: children[0]!, list: children.slice(1) };
    case 'subquery':
      return e.args.length === 0 ? e : { ...e, args: children };
  }
}

/** Bottom-up rewrite: `f` sees each node after its children were rewritten. */
export function transformExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  const children = exprChildren(e);
  let changed = false;
  const next = children.map((c) => {
    const r = transformExpr(c, f);
    if (r !== c) changed = true;
    return r;
  });
  return f(changed ? withExprChildren(e, next) : e);
}

export function visitExpr(e: Expr, f: (e: Expr) => void): void {
  f(e);
  for (const c of exprChildren(e)) visitExpr(c, f);
}

/** Column ids an expression reads (not looking into subquery plans, but including their outer refs). */
export function exprColumns(e: Expr, into: Set<ColumnId> = new Set()): Set<ColumnId> {
  visitExpr(e, (x) => {
    if (x.kind === 'column') into.add(x.id);
    else if (x.kind === 'subquery') for (const id of x.outer) into.add(id);
  });
  return into;
}

export function containsSubquery(e: Expr): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'subquery') found = true;
  });
  return found;
}

export function replaceColumns(e: Expr, map: ReadonlyMap<ColumnId, Expr>): Expr {
  if (map.size === 0) return e;
  return transformExpr(e, (x) => {
    if (x.kind === 'column') return map.get(x.id) ?? x;
    return x;
  });
}

/** Splits nested ANDs into a list of conjuncts. */
export function conjuncts(e: Expr | null): Expr[] {
  if (e === null) return [];
  if (e.kind === 'and') return e.args.flatMap((a) => conjuncts(a));
  return [e];
}

export function isVolatile(e: Expr): boolean {
  let volatile = false;
  visitExpr(e, (x) => {
    if (x.kind === 'call' && x.fn.volatile) volatile = true;
  });
  return volatile;
}

/** Whether an expression calls a statement-made function (model scoring): computed once, where it is. */
export function callsStatementFunction(e: Expr): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'call' && (x.fn.rebuild !== undefined || x.fn.callingThreadOnly === true)) found = true;
  });
  return found;
}

/** Structural equality, used to match GROUP BY expressions and deduplicate aggregates. */
export function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => {
    if (k === 'plan') return '[plan]';
    if (k === 'name' && typeof v === 'string') return undefined;
    if (typeof v === 'bigint') return `${v}n`;
    if (v !== null && typeof v === 'object' && 'signature' in v && 'name' in v) {
      const fn = v as { name: string; signature: string };
      return `fn:${fn.name}:${fn.signature}`;
    }
    return v;
  });
}
