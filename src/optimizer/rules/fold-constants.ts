// Constant folding: expressions without columns or parameters are evaluated once at plan time, and
// AND/OR/NOT/CASE/COALESCE with constant parts are simplified. A filter that is always true goes
// away; one that is never true becomes an empty relation.

import { getScalar } from '../../columnar/vector-ops.js';
import { TaskContext } from '../../execution/task-context.js';
import { type CallExpr, type Expr, lit, transformExpr } from '../../logical/expr.js';
import { type LogicalPlan, transformPlan } from '../../logical/plan.js';
import { mapNodeExprs } from '../../logical/rewrite.js';
import { compileExpr } from '../../physical/expr/compile.js';
import { Types } from '../../types/data-type.js';
import { MICROS_PER_DAY } from '../../types/datetime.js';
import type { OptimizerContext, OptimizerRule } from '../rule.js';

function isConstant(e: Expr): boolean {
  return e.kind === 'literal';
}

function isTrue(e: Expr): boolean {
  return e.kind === 'literal' && e.value === true;
}

function isFalse(e: Expr): boolean {
  return e.kind === 'literal' && e.value === false;
}

function isNull(e: Expr): boolean {
  return e.kind === 'literal' && e.value === null;
}

/** Evaluates a column-free expression; null when it cannot be folded (it errors, or is volatile). */
function evaluate(e: Expr, ctx: OptimizerContext): Expr | null {
  if (e.kind === 'call' && (e.fn.volatile || e.fn.stable)) return null;
  try {
    const task = new TaskContext(ctx.evalContext, [], undefined, false);
    const v = compileExpr(e, new Map())({ length: 1, columns: [] }, task);
    return lit(getScalar(v, 0), e.type);
  } catch {
    // Leave it for run time: PostgreSQL raises only if the expression is actually evaluated.
    return null;
  }
}

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/**
 * `CAST(d AS timestamp) op T` with T a midnight is `d op date(T)`: compared as dates, without a cast
 * per row (TPC-H's `o_orderdate < date '1993-10-01' + interval '3' month`).
 */
function dateComparison(x: CallExpr, ctx: OptimizerContext): Expr | null {
  if (!COMPARISONS.has(x.fn.name) || x.args.length !== 2) return null;
  const castFirst = x.args[0]!.kind === 'cast';
  const [cast, other] = castFirst ? [x.args[0]!, x.args[1]!] : [x.args[1]!, x.args[0]!];
  if (
    cast.kind !== 'cast' ||
    cast.type.id !== 'timestamp' ||
    cast.expr.type.id !== 'date' ||
    other.kind !== 'literal' ||
    other.type.id !== 'timestamp' ||
    typeof other.value !== 'number' ||
    other.value % MICROS_PER_DAY !== 0
  )
    return null;
  const day = lit(other.value / MICROS_PER_DAY, Types.date);
  const fn = ctx.functions.scalar(x.fn.name, [Types.date, Types.date], undefined, true);
  return { kind: 'call', fn, args: castFirst ? [cast.expr, day] : [day, cast.expr], type: fn.returnType };
}

export function foldExpr(e: Expr, ctx: OptimizerContext): Expr {
  return transformExpr(e, (x) => {
    switch (x.kind) {
      case 'call':
        if (!x.args.every(isConstant)) return dateComparison(x, ctx) ?? x;
        return evaluate(x, ctx) ?? x;
      case 'cast':
      case 'in_list':
      case 'is_null': {
        const children = x.kind === 'cast' ? [x.expr] : x.kind === 'is_null' ? [x.arg] : [x.arg, ...x.list];
        if (!children.every(isConstant)) return x;
        return evaluate(x, ctx) ?? x;
      }
      case 'not':
        if (x.arg.kind === 'literal') return lit(x.arg.value === null ? null : !x.arg.value, Types.bool);
        return x;
      case 'and': {
        if (x.args.some(isFalse)) return lit(false, Types.bool);
        const rest = x.args.filter((a) => !isTrue(a));
        if (rest.length === 0) return lit(true, Types.bool);
        if (rest.length === 1) return rest[0]!;
        return rest.length === x.args.length ? x : { ...x, args: rest };
      }
      case 'or': {
        if (x.args.some(isTrue)) return lit(true, Types.bool);
        const rest = x.args.filter((a) => !isFalse(a));
        if (rest.length === 0) return lit(false, Types.bool);
        if (rest.length === 1) return rest[0]!;
        return rest.length === x.args.length ? x : { ...x, args: rest };
      }
      case 'case': {
        // Drop branches whose condition is constant false or NULL; a constant true one ends the CASE.
        const whens: (typeof x.whens)[number][] = [];
        for (const w of x.whens) {
          if (isFalse(w.when) || isNull(w.when)) continue;
          if (isTrue(w.when) && whens.length === 0) return w.then;
          whens.push(w);
          if (isTrue(w.when)) break;
        }
        if (whens.length === 0) return x.else;
        return whens.length === x.whens.length ? x : { ...x, whens };
      }
      case 'coalesce': {
        const args: Expr[] = [];
        for (const a of x.args) {
          if (isNull(a)) continue;
          args.push(a);
          if (a.kind === 'literal') break;
        }
        if (args.length === 0) return lit(null, x.type);
        if (args.length === 1)
          return args[0]!.type === x.type ? args[0]! : ({ ...args[0]!, type: x.type } as Expr);
        return args.length === x.args.length ? x : { ...x, args };
      }
      default:
        return x;
    }
  });
}

export const foldConstants: OptimizerRule = {
  name: 'fold_constants',
  rewrite(plan, ctx) {
    return transformPlan(plan, (p) => {
      const folded = mapNodeExprs(p, (e) => foldExpr(e, ctx));
      if (folded.kind === 'filter') {
        if (isTrue(folded.predicate)) return folded.input;
        if (isFalse(folded.predicate) || isNull(folded.predicate)) {
          return { kind: 'empty', rows: 0, output: folded.output } satisfies LogicalPlan;
        }
      }
      return folded;
    });
  },
};
