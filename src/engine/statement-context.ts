// What a statement handler gets: the session, its transaction, parameters and helpers to bind,
// plan and run queries.

import { DEFAULT_SCHEMA, type ModelEntry, type TableEntry, type ViewEntry } from '../catalog/catalog.js';
import { plansUncached } from '../catalog/system/system-catalog.js';
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
import { sinkRows, sourceRows } from '../streaming/stream-status.js';
import type { Settings } from './settings.js';
import { settingBytes } from './setting-values.js';
import type { Progress } from './progress.js';
import type { Notice } from './session.js';
import type { Transaction } from './transaction.js';

export class StatementContext {
  private bound: BindContext | null = null;
  /**
   * Set when a statement is only being described (the wire protocol's Parse / Describe): handlers
   * bind as usual but `run` reads no rows, so parameter and result types are learned without effects.
   */
  describeOnly = false;
  /** Sends a NOTICE or WARNING to the client (set by the session). */
  notice: ((notice: Notice) => void) | undefined;
  /** Reports the progress of a long statement (set by the session). */
  progress: ((progress: Progress) => void) | undefined;
  /**
   * Cleared when binding read state outside the catalog (stream status, prepared statements) or
   * captured this context (a sub-plan run by ML.*): the plan then holds for this execution only
   * (see plan-cache.ts).
   */
  planReusable = true;

  constructor(
    readonly database: Database,
    readonly settings: Settings,
    readonly txn: Transaction,
    readonly statement: Statement,
    readonly evalContext: EvalContext,
    readonly params: ParamSlot[],
    readonly rawParams: readonly unknown[],
    readonly signal: AbortSignal | undefined,
  ) {}

  /** Names, functions and parameters for binding; made on first use (a reused plan needs none). */
  get bindContext(): BindContext {
    this.bound ??= this.makeBindContext();
    return this.bound;
  }

  private makeBindContext(): BindContext {
    const { database, txn, evalContext, params, statement } = this;
    const runQuery = (plan: LogicalPlan, columns: BoundQuery['columns']) => this.stream(plan, columns);
    const markRunner = () => {
      this.planReusable = false;
    };
    // Names resolve as in PostgreSQL: temporary objects, pg_catalog, information_schema, user schemas.
    const catalog = {
      lookupRelation: (schema: string | null, name: string): TableEntry | ViewEntry | undefined => {
        const entry =
          evalContext.catalog?.lookupRelation(schema, name) ??
          txn.lookupRelation(schema, name) ??
          (schema === null || schema === DEFAULT_SCHEMA ? database.registered.get(name) : undefined);
        if (entry !== undefined && plansUncached(entry)) this.planReusable = false;
        return entry;
      },
      lookupModel: (name: string): ModelEntry | undefined => {
        const e = txn.lookup(DEFAULT_SCHEMA, name);
        return e?.kind === 'model' ? e : undefined;
      },
      models: (): ModelEntry[] => txn.entries().filter((e): e is ModelEntry => e.kind === 'model'),
      streamRows: (kind: 'sources' | 'sinks') => {
        this.planReusable = false;
        return kind === 'sources'
          ? sourceRows(txn.entries())
          : sinkRows(txn.entries(), (name) => database.streams?.sinkStatus(name));
      },
      get runQuery() {
        markRunner();
        return runQuery;
      },
    };
    return new BindContext(
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
    return this.planOptimized(this.optimize(plan));
  }

  /** Plans an optimized query into operators (as the session's threads and parallel_min_rows say). */
  planOptimized(plan: LogicalPlan): ExecNode {
    return createPhysicalPlan(plan, {
      partitions: Number(this.settings.get('threads') ?? 1),
      parallelMinRows: Number(this.settings.get('parallel_min_rows')),
      functions: this.functions,
    });
  }

  taskContext(analyze = false): TaskContext {
    const memory = new MemoryBudget(this.settings.parsed('memory_limit', settingBytes) || Infinity);
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
    return this.streamExec(this.physical(plan), columns);
  }

  /** Runs planned operators (a fresh task context: parameters, signal, memory) in `columns` order. */
  streamExec(exec: ExecNode, columns: BoundQuery['columns']): AsyncGenerator<Batch> {
    const ctx = this.taskContext();
    const positions = columns.map((c) => exec.schema.findIndex((s) => s.id === c.id));
    const identity = positions.every((p, i) => p === i) && positions.length === exec.schema.length;
    if (identity) return exec.executeAll(ctx);
    return (async function* () {
      for await (const b of exec.executeAll(ctx)) {
        yield { length: b.length, columns: positions.map((p) => b.columns[p]!) };
      }
    })();
  }
}
