// Limit pushdown: a LIMIT moves below projections (so it meets the sort it belongs to and becomes
// a top-N sort) and is copied into both inputs of UNION ALL, so no input produces more rows than
// the query keeps.

import type { Expr } from '../../logical/expr.js';
import { type LogicalPlan, transformPlan } from '../../logical/plan.js';
import { Types } from '../../types/data-type.js';
import type { OptimizerContext, OptimizerRule } from '../rule.js';

function limitPlusOffset(p: LogicalPlan & { kind: 'limit' }, ctx: OptimizerContext): Expr | null {
  if (p.limit === null) return null;
  if (p.offset === null) return p.limit;
  const plus = ctx.functions.scalar('+', [Types.int8, Types.int8], undefined, true);
  return { kind: 'call', fn: plus, args: [p.limit, p.offset], type: Types.int8 };
}

export const pushDownLimit: OptimizerRule = {
  name: 'push_down_limit',
  rewrite(plan, ctx) {
    return transformPlan(plan, (p) => {
      if (p.kind !== 'limit' || p.withTies !== null) return p;
      const input = p.input;
      if (
        input.kind === 'project' &&
        input.exprs.every((e) => e.expr.kind !== 'call' || !e.expr.fn.volatile)
      ) {
        const limited: LogicalPlan = { ...p, input: input.input, output: input.input.output };
        return { ...input, input: pushDownLimit.rewrite(limited, ctx) };
      }
      if (input.kind === 'set_op' && input.op === 'union' && input.all) {
        const count = limitPlusOffset(p, ctx);
        if (count === null) return p;
        const side = (child: LogicalPlan): LogicalPlan =>
          child.kind === 'limit'
            ? child
            : {
                kind: 'limit',
                input: child,
                limit: count,
                offset: null,
                withTies: null,
                output: child.output,
              };
        return { ...p, input: { ...input, left: side(input.left), right: side(input.right) } };
      }
      return p;
    });
  },
};
