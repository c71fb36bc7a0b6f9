// Binding subqueries inside expressions: EXISTS, scalar, IN / ANY / ALL and ARRAY(SELECT …).

import type { SubLink } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { freeColumns } from '../logical/analysis.js';
import { col, type Expr } from '../logical/expr.js';
import type { LogicalPlan } from '../logical/plan.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { listType, Types } from '../types/data-type.js';
import type { Binder, ExprState } from './binder.js';
import { coerce } from './coerce.js';
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

/** The plan's first `n` columns. */
function onlyColumns(plan: LogicalPlan, n: number): LogicalPlan {
  const cols = plan.output.slice(0, n);
  return {
    kind: 'project',
    input: plan,
    exprs: cols.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
    output: cols,
  };
}

/** The plan with its columns cast to `types` (a projection when any differs). */
function castColumns(b: Binder, plan: LogicalPlan, types: readonly Expr['type'][]): LogicalPlan {
  if (plan.output.every((c, i) => JSON.stringify(c.type) === JSON.stringify(types[i]))) return plan;
  const exprs = plan.output.map((c, i) => ({
    id: b.ctx.newId(),
    name: c.name,
    expr: coerce(b.ctx, col(c.id, c.type, c.name), types[i]!, 'implicit'),
  }));
  return {
    kind: 'project',
    input: plan,
    exprs,
    output: exprs.map((e, i) => ({ id: e.id, name: e.name, type: types[i]! })),
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
        args: [],
        compares: [],
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
        args: [],
        compares: [],
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
        args: [],
        compares: [],
        outer: outer(aggregate),
        type: arrayType,
      };
    }
    case 'ANY_SUBLINK':
    case 'ALL_SUBLINK': {
      const names = stringList(s.operName);
      const op = names[names.length - 1] ?? '=';
      const test = s.testexpr!;
      const lefts =
        tagOf(test) === 'RowExpr'
          ? (bodyOf<{ args?: PgNode[] }>(test).args ?? []).map((r) => bindExpr(b, r, st))
          : [bindExpr(b, test, st)];
      if (lefts.length !== bound.columns.length) {
        throw b.ctx.error(
          SqlState.syntaxError,
          lefts.length > bound.columns.length
            ? 'subquery has too few columns'
            : 'subquery has too many columns',
          s.location,
        );
      }
      if (
        lefts.length > 1 &&
        !((op === '=' && s.subLinkType === 'ANY_SUBLINK') || (op === '<>' && s.subLinkType === 'ALL_SUBLINK'))
      ) {
        throw b.ctx.error(
          SqlState.featureNotSupported,
          'row comparisons with subqueries support only IN, = ANY and <> ALL',
          s.location,
        );
      }
      // Each left operand is compared with the subquery column at its position, both cast to the
      // comparison's argument types.
      const compares = lefts.map((l, i) => {
        const right = plan.output[i]!;
        return b.ctx.functions.scalar(
          op,
          [l.type, right.type.id === 'unknown' ? Types.text : right.type],
          b.ctx.pos(s.location),
          true,
        );
      });
      const args = lefts.map((l, i) => coerce(b.ctx, l, compares[i]!.argTypes[0]!, 'implicit', s.location));
      plan = castColumns(
        b,
        plan.output.length === lefts.length ? plan : onlyColumns(plan, lefts.length),
        compares.map((c) => c.argTypes[1]!),
      );
      const subKind = s.subLinkType === 'ANY_SUBLINK' ? 'any' : 'all';
      return { kind: 'subquery', subKind, plan, args, compares, outer: outer(plan), type: Types.bool };
    }
    default:
      throw b.ctx.error(
        SqlState.featureNotSupported,
        `subquery kind ${String(s.subLinkType)} is not supported`,
        s.location,
      );
  }
}
