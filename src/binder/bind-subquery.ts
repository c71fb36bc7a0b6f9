// Binding subqueries inside expressions: EXISTS, scalar, IN / ANY / ALL and ARRAY(SELECT …).

import type { SubLink } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { freeColumns } from '../logical/analysis.js';
import { col, type Expr } from '../logical/expr.js';
import type { LogicalPlan } from '../logical/plan.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { listType, Types } from '../types/data-type.js';
import type { Binder, ExprState } from './binder.js';
import { coerce, resolveUnknown } from './coerce.js';
import { bindExpr } from './bind-expr.js';

/** Wraps a plan so that its single output column has been cast to `type`. */
function castFirstColumn(b: Binder, plan: LogicalPlan, type: Expr['type']): LogicalPlan {
  const c = plan.output[0]!;
  if (c.type.id === type.id && JSON.stringify(c.type) === JSON.stringify(type)) return plan;
  const id = b.ctx.newId();
  const expr = coerce(b.ctx, col(c.id, c.type, c.name), type, 'implicit');
  return {
    kind: 'project',
    input: plan,
    exprs: [{ id, name: c.name, expr }],
    output: [{ id, name: c.name, type }],
  };
}

function onlyFirstColumn(plan: LogicalPlan): LogicalPlan {
  const c = plan.output[0]!;
  if (plan.output.length === 1) return plan;
  return {
    kind: 'project',
    input: plan,
    exprs: [{ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) }],
    output: [c],
  };
}

export function bindSubLink(b: Binder, node: PgNode, st: ExprState): Expr {
  const s = bodyOf<SubLink>(node);
  const bound = b.bindSubquery(s.subselect!, st);
  let plan = bound.plan;
  const outer = (p: LogicalPlan) => [...freeColumns(p)];
  switch (s.subLinkType) {
    case 'EXISTS_SUBLINK':
      return {
        kind: 'subquery',
        subKind: 'exists',
        plan,
        arg: null,
        compare: null,
        outer: outer(plan),
        type: Types.bool,
      };
    case 'EXPR_SUBLINK': {
      if (bound.columns.length !== 1) {
        throw b.ctx.error(SqlState.syntaxError, 'subquery must return only one column', s.location);
      }
      plan = onlyFirstColumn(plan);
      const type = plan.output[0]!.type.id === 'unknown' ? Types.text : plan.output[0]!.type;
      plan = castFirstColumn(b, plan, type);
      return {
        kind: 'subquery',
        subKind: 'scalar',
        plan,
        arg: null,
        compare: null,
        outer: outer(plan),
        type,
      };
    }
    case 'ARRAY_SUBLINK': {
      if (bound.columns.length !== 1) {
        throw b.ctx.error(SqlState.syntaxError, 'subquery must return only one column', s.location);
      }
      const c = plan.output[0]!;
      const elementType = c.type.id === 'unknown' ? Types.text : c.type;
      const fn = b.ctx.functions.aggregate('array_agg', [elementType]);
      const id = b.ctx.newId();
      const input = castFirstColumn(b, onlyFirstColumn(plan), elementType);
      const inputCol = input.output[0]!;
      const arrayType = listType(elementType);
      const aggregate: LogicalPlan = {
        kind: 'aggregate',
        input,
        groups: [],
        groupingSets: null,
        groupingId: null,
        aggregates: [
          {
            id,
            name: 'array',
            call: {
              fn,
              args: [col(inputCol.id, inputCol.type)],
              distinct: false,
              filter: null,
              orderBy: [],
              type: arrayType,
            },
          },
        ],
        output: [{ id, name: 'array', type: arrayType }],
      };
      return {
        kind: 'subquery',
        subKind: 'scalar',
        plan: aggregate,
        arg: null,
        compare: null,
        outer: outer(aggregate),
        type: arrayType,
      };
    }
    case 'ANY_SUBLINK':
    case 'ALL_SUBLINK': {
      const names = stringList(s.operName);
      const op = names[names.length - 1] ?? '=';
      const test = s.testexpr!;
      if (tagOf(test) === 'RowExpr') {
        return bindRowIn(b, s, st, plan, bound.columns.length, op);
      }
      if (bound.columns.length !== 1) {
        throw b.ctx.error(SqlState.syntaxError, 'subquery has too many columns', s.location);
      }
      plan = onlyFirstColumn(plan);
      const left = bindExpr(b, test, st);
      const right = plan.output[0]!;
      const compare = b.ctx.functions.scalar(
        op,
        [left.type, right.type.id === 'unknown' ? Types.text : right.type],
        b.ctx.pos(s.location),
        true,
      );
      const arg = coerce(b.ctx, left, compare.argTypes[0]!, 'implicit', s.location);
      plan = castFirstColumn(b, plan, compare.argTypes[1]!);
      const subKind = s.subLinkType === 'ANY_SUBLINK' ? 'any' : 'all';
      return { kind: 'subquery', subKind, plan, arg, compare, outer: outer(plan), type: Types.bool };
    }
    default:
      throw b.ctx.error(
        SqlState.featureNotSupported,
        `subquery kind ${String(s.subLinkType)} is not supported`,
        s.location,
      );
  }
}

/** (a, b) IN (SELECT x, y …): EXISTS over the subquery filtered by the row equality. */
function bindRowIn(b: Binder, s: SubLink, st: ExprState, plan: LogicalPlan, width: number, op: string): Expr {
  const row = bodyOf<{ args?: PgNode[] }>(s.testexpr!).args ?? [];
  if (row.length !== width) {
    throw b.ctx.error(
      SqlState.syntaxError,
      row.length > width ? 'subquery has too few columns' : 'subquery has too many columns',
      s.location,
    );
  }
  if (op !== '=' || s.subLinkType !== 'ANY_SUBLINK') {
    throw b.ctx.error(
      SqlState.featureNotSupported,
      'row comparisons with subqueries support only IN and = ANY',
      s.location,
    );
  }
  const lefts = row.map((r) => resolveUnknown(b.ctx, bindExpr(b, r, st)));
  const conds = lefts.map((l, i) => {
    const c = plan.output[i]!;
    const fn = b.ctx.functions.scalar('=', [l.type, c.type], b.ctx.pos(s.location), true);
    return {
      kind: 'call' as const,
      fn,
      args: [
        coerce(b.ctx, l, fn.argTypes[0]!, 'implicit'),
        coerce(b.ctx, col(c.id, c.type, c.name), fn.argTypes[1]!, 'implicit'),
      ],
      type: Types.bool,
    };
  });
  const filtered: LogicalPlan = {
    kind: 'filter',
    input: plan,
    predicate: conds.length === 1 ? conds[0]! : { kind: 'and', args: conds, type: Types.bool },
    output: plan.output,
  };
  return {
    kind: 'subquery',
    subKind: 'exists',
    plan: filtered,
    arg: null,
    compare: null,
    outer: [...freeColumns(filtered)],
    type: Types.bool,
  };
}
