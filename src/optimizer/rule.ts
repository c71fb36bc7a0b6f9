// The optimizer rule interface.

import type { FunctionRegistry } from '../functions/registry.js';
import type { ColumnId } from '../logical/expr.js';
import type { LogicalPlan } from '../logical/plan.js';
import type { EvalContext } from '../functions/function.js';

export interface OptimizerContext {
  /** A fresh column id, continuing the statement's numbering. */
  newId(): ColumnId;
  readonly functions: FunctionRegistry;
  readonly evalContext: EvalContext;
}

/** One rewrite of the logical plan; returns the same object when nothing changed. */
export interface OptimizerRule {
  readonly name: string;
  rewrite(plan: LogicalPlan, ctx: OptimizerContext): LogicalPlan;
}
