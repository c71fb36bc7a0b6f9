// Plans kept for statements run again (prepared statements, and repeated query text through the
// parse cache): a SELECT's bound and optimized logical plan, and its operator tree when no operator
// keeps state between executions, reused while everything the plan was made from is unchanged — the
// committed and temp catalog states (immutable: a new object per change), the session's settings
// (search_path, threads, timezone, disabled_optimizers …, by version), the user, the registered data
// and the parameters' types. Parameters, now(), random(), statement_timeout and cancellation stay
// per execution (task context). Plans that read the clock or random numbers while being made, or
// that read files, table functions or state outside the catalog, are made again every time.

import type { SelectStmt } from '@pgsql/types';
import type { BoundQuery } from '../binder/binder.js';
import type { ParamSlot } from '../binder/context.js';
import type { CatalogState, TableEntry } from '../catalog/catalog.js';
import { MemoryTableSource } from '../catalog/table-data.js';
import type { EvalContext } from '../functions/function.js';
import { type Expr, visitExpr } from '../logical/expr.js';
import { type LogicalPlan, planExprs, visitPlanAndCtes } from '../logical/plan.js';
import type { ExecNode } from '../physical/exec-node.js';
import { DistinctOnExec } from '../physical/operators/distinct-on.js';
import { FilterExec } from '../physical/operators/filter.js';
import { HashAggregateExec } from '../physical/operators/hash-aggregate.js';
import { HashJoinExec } from '../physical/operators/hash-join.js';
import { LimitExec } from '../physical/operators/limit.js';
import { ProjectExec } from '../physical/operators/project.js';
import { ScanExec } from '../physical/operators/scan.js';
import { SetOpExec } from '../physical/operators/set-op.js';
import { SortExec } from '../physical/operators/sort.js';
import { UnionAllExec } from '../physical/operators/union.js';
import { EmptyExec, ValuesExec } from '../physical/operators/values.js';
import { WindowExec } from '../physical/operators/window.js';
import { bodyOf } from '../sql/ast.js';
import type { Statement } from '../sql/parser.js';
import type { DataType } from '../types/data-type.js';
import { settleParamTypes, typeOfJsValue } from './params.js';
import type { StatementContext } from './statement-context.js';

/** What a plan was made under; a plan is reused only under an equal key. */
export interface PlanKey {
  readonly shared: CatalogState;
  readonly temp: CatalogState;
  readonly settings: number;
  readonly user: string;
  readonly registered: readonly TableEntry[];
  /** The parameter slots' types (and the types their values suggest), as text. */
  readonly params: string;
}

interface CachedPlan {
  readonly key: PlanKey;
  readonly columns: BoundQuery['columns'];
  /** The parameters' types once bound (binding may add slots for $n beyond those given). */
  readonly paramTypes: readonly DataType[];
  readonly logical: LogicalPlan;
  /** The operators, when every one of them keeps its per-execution state in the task context. */
  readonly exec: ExecNode | null;
}

/** A planned SELECT ready to stream. */
export interface PlannedSelect {
  readonly ctx: StatementContext;
  readonly exec: ExecNode;
  readonly columns: BoundQuery['columns'];
}

/** Operators whose `execute` keeps all its state in locals or per task context. */
const REUSABLE: readonly (abstract new (...args: never[]) => ExecNode)[] = [
  ScanExec,
  FilterExec,
  ProjectExec,
  LimitExec,
  SortExec,
  ValuesExec,
  EmptyExec,
  HashAggregateExec,
  HashJoinExec,
  UnionAllExec,
  DistinctOnExec,
  SetOpExec,
  WindowExec,
];

function reusableExec(exec: ExecNode): boolean {
  return REUSABLE.some((k) => exec instanceof k) && exec.children.every(reusableExec);
}

/** Functions made for one statement (a decoded model, pg_notify), or a subquery left in place. */
function boundToStatement(e: Expr): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (
      (x.kind === 'call' && (x.fn.callingThreadOnly === true || x.fn.rebuild !== undefined)) ||
      x.kind === 'subquery'
    )
      found = true;
  });
  return found;
}

/** Whether a plan reads only catalog tables (no files, table functions or statement-made functions). */
function reusablePlan(plan: LogicalPlan): boolean {
  let ok = true;
  visitPlanAndCtes(plan, (p) => {
    if (!ok) return;
    if (p.kind === 'table_function') ok = false;
    else if (p.kind === 'scan' && !(p.source instanceof MemoryTableSource)) ok = false;
    else if (planExprs(p).some(boundToStatement)) ok = false;
  });
  return ok;
}

/** Wraps an EvalContext to note reads of the clock or random numbers (while a plan is being made). */
export function watchClock(e: EvalContext, seen: () => void): EvalContext {
  // Everything else (the catalog getter too) is read through the prototype.
  return Object.create(e, {
    transactionTime: {
      get: () => {
        seen();
        return e.transactionTime;
      },
      enumerable: true,
    },
    statementTime: {
      get: () => {
        seen();
        return e.statementTime;
      },
      enumerable: true,
    },
    random: {
      value: () => {
        seen();
        return e.random();
      },
      enumerable: true,
    },
  }) as EvalContext;
}

/** Types as text, by object: a prepared statement's slots hold the same type objects every time. */
const typeTexts = new WeakMap<DataType, string>();

function typeText(t: DataType): string {
  let text = typeTexts.get(t);
  if (text === undefined) typeTexts.set(t, (text = JSON.stringify(t)));
  return text;
}

function paramsKey(slots: readonly ParamSlot[]): string {
  let key = '';
  for (const s of slots) {
    key += typeText(s.type);
    key += s.hasHint ? `:${typeText(typeOfJsValue(s.hint))};` : ';';
  }
  return key;
}

export function planKey(
  shared: CatalogState,
  temp: CatalogState,
  settings: number,
  user: string,
  registered: ReadonlyMap<string, TableEntry>,
  slots: readonly ParamSlot[],
): PlanKey {
  return {
    shared,
    temp,
    settings,
    user,
    registered: registered.size === 0 ? [] : [...registered.values()],
    params: slots.length === 0 ? '' : paramsKey(slots),
  };
}

function sameKey(a: PlanKey, b: PlanKey): boolean {
  return (
    a.shared === b.shared &&
    a.temp === b.temp &&
    a.settings === b.settings &&
    a.user === b.user &&
    a.params === b.params &&
    a.registered.length === b.registered.length &&
    a.registered.every((e, i) => e === b.registered[i])
  );
}

/** A session's plans, by statement (the same parsed Statement object each time it runs). */
export class PlanCache {
  private readonly plans = new WeakMap<Statement, CachedPlan>();
  /** Plans made / reused, for tests and diagnostics. */
  readonly stats = { planned: 0, reused: 0 };

  /**
   * Plans a SELECT, or reuses its plan. `context` makes the statement's context; on a miss it gets a
   * wrapper for the EvalContext that notes clock reads.
   */
  select(
    stmt: Statement,
    key: PlanKey,
    slots: ParamSlot[],
    context: (wrap: ((e: EvalContext) => EvalContext) | undefined) => StatementContext,
  ): PlannedSelect {
    const cached = this.plans.get(stmt);
    if (cached !== undefined && sameKey(cached.key, key)) {
      const ctx = context(undefined);
      for (let i = 0; i < cached.paramTypes.length; i++) {
        const type = cached.paramTypes[i]!;
        const slot = slots[i];
        if (slot === undefined) slots.push({ type, hint: undefined, hasHint: false });
        else slot.type = type;
      }
      this.stats.reused++;
      return { ctx, exec: cached.exec ?? ctx.planOptimized(cached.logical), columns: cached.columns };
    }
    let clock = false;
    const ctx = context((e) =>
      watchClock(e, () => {
        clock = true;
      }),
    );
    const bound = ctx.binder().bindSelectStmt(bodyOf<SelectStmt>(stmt.ast), null, null);
    settleParamTypes(ctx.params);
    const logical = ctx.optimize(bound.plan);
    const exec = ctx.planOptimized(logical);
    this.stats.planned++;
    if (!clock && ctx.planReusable && reusablePlan(logical)) {
      this.plans.set(stmt, {
        key,
        columns: bound.columns,
        paramTypes: ctx.params.map((s) => s.type),
        logical,
        exec: reusableExec(exec) ? exec : null,
      });
    } else this.plans.delete(stmt);
    return { ctx, exec, columns: bound.columns };
  }
}
