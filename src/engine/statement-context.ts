// What a statement handler gets: the session, its transaction, parameters and helpers to bind,
// plan and run queries.

import { DEFAULT_SCHEMA, type ModelEntry, type TableEntry, type ViewEntry } from '../catalog/catalog.js';
import { Binder, type BoundQuery } from '../binder/binder.js';
import { BindContext, type ParamSlot } from '../binder/context.js';
import type { Batch } from '../columnar/batch.js';
import type { Scalar } from '../columnar/vector.js';
import { MemoryBudget } from '../execution/memory-budget.js';
import { TaskContext } from '../execution/task-context.js';
import type { EvalContext } from '../functions/function.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { LogicalPlan } from '../logical/plan.js';
import { optimize } from '../optimizer/optimizer.js';
import type { ExecNode } from '../physical/exec-node.js';
import { createPhysicalPlan } from '../physical/planner.js';
import type { Statement } from '../sql/parser.js';
import type { Database } from './database.js';
import { paramValues } from './params.js';
import { type Settings, settingBytes } from './settings.js';
import type { Notice } from './session.js';
import type { Transaction } from './transaction.js';

export class StatementContext {
  readonly bindContext: BindContext;
  /**
   * Set when a statement is only being described (the wire protocol's Parse / Describe): handlers
   * bind as usual but `run` reads no rows, so parameter and result types are learned without effects.
   */
  describeOnly = false;
  /** Sends a NOTICE or WARNING to the client (set by the session). */
  notice: ((notice: Notice) => void) | undefined;

  constructor(
    readonly database: Database,
    readonly settings: Settings,
    readonly txn: Transaction,
    readonly statement: Statement,
    readonly evalContext: EvalContext,
    readonly params: ParamSlot[],
    readonly rawParams: readonly unknown[],
    readonly signal: AbortSignal | undefined,
  ) {
    // Names resolve as in PostgreSQL: temporary objects, pg_catalog, information_schema, user schemas.
    const catalog = {
      lookupRelation: (schema: string | null, name: string): TableEntry | ViewEntry | undefined =>
        evalContext.catalog?.lookupRelation(schema, name) ??
        txn.lookupRelation(schema, name) ??
        (schema === null || schema === DEFAULT_SCHEMA ? database.registered.get(name) : undefined),
      lookupModel: (name: string): ModelEntry | undefined => {
        const e = txn.lookup(DEFAULT_SCHEMA, name);
        return e?.kind === 'model' ? e : undefined;
      },
      models: (): ModelEntry[] => txn.entries().filter((e): e is ModelEntry => e.kind === 'model'),
      runQuery: (plan: LogicalPlan, columns: BoundQuery['columns']) => this.stream(plan, columns),
    };
    this.bindContext = new BindContext(
      catalog,
      database.functions,
      evalContext,
      params,
      statement.offset,
      statement.text,
    );
  }

  get functions(): FunctionRegistry {
    return this.database.functions;
  }

  binder(): Binder {
    return new Binder(this.bindContext);
  }

  /** Parameter values converted to the types the statement gave them. */
  paramValues(): Scalar[] {
    return paramValues(this.params, this.rawParams, this.evalContext);
  }

  disabledRules(): Set<string> {
    const text = this.settings.get('disabled_optimizers') ?? '';
    return new Set(
      text
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== ''),
    );
  }

  optimize(plan: LogicalPlan): LogicalPlan {
    return optimize(
      plan,
      { newId: () => this.bindContext.newId(), functions: this.functions, evalContext: this.evalContext },
      this.disabledRules(),
    );
  }

  /** Optimizes and plans a bound query. */
  physical(plan: LogicalPlan): ExecNode {
    return createPhysicalPlan(this.optimize(plan), {
      partitions: Number(this.settings.get('threads') ?? 1),
      parallelMinRows: Number(this.settings.get('parallel_min_rows')),
      functions: this.functions,
    });
  }

  taskContext(analyze = false): TaskContext {
    const memory = new MemoryBudget(settingBytes(this.settings.get('memory_limit')) || Infinity);
    return new TaskContext(this.evalContext, this.paramValues(), this.signal, analyze, memory);
  }

  /** Runs a plan to completion, returning its batches in the order of `columns`. */
  async run(plan: LogicalPlan, columns: BoundQuery['columns']): Promise<Batch[]> {
    const out: Batch[] = [];
    if (this.describeOnly) return out;
    for await (const b of this.stream(plan, columns)) out.push(b);
    return out;
  }

  /** Plans a query (now, so planning errors throw here) and streams its batches in `columns` order. */
  stream(plan: LogicalPlan, columns: BoundQuery['columns']): AsyncGenerator<Batch> {
    const exec = this.physical(plan);
    const ctx = this.taskContext();
    const positions = columns.map((c) => exec.schema.findIndex((s) => s.id === c.id));
    const identity = positions.every((p, i) => p === i) && positions.length === exec.schema.length;
    return (async function* () {
      for await (const b of exec.executeAll(ctx)) {
        yield identity ? b : { length: b.length, columns: positions.map((p) => b.columns[p]!) };
      }
    })();
  }
}
