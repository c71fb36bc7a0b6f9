// The physical planner: each logical node becomes an operator over partitions, with its
// expressions compiled against its input's column layout.

import type { ValueRange } from '../catalog/table-source.js';
import { LarchError, SqlState } from '../engine/errors.js';
import {
  col,
  conjuncts,
  type Expr,
  exprColumns,
  type ColumnId,
  lit,
  replaceColumns,
} from '../logical/expr.js';
import {
  type JoinNode,
  type LogicalPlan,
  type OutputColumn,
  type ScanNode,
  visitPlan,
} from '../logical/plan.js';
import { canShip } from '../execution/plan-wire.js';
import { CardinalityEstimator, columnOrigins } from '../optimizer/cardinality.js';
import { BroadcastExec, BroadcastSource } from './operators/broadcast.js';
import { GatherExec } from './operators/gather.js';
import { storageOf, Types } from '../types/data-type.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { ExecNode } from './exec-node.js';
import { type CompiledExpr, compile, compileExpr, type Layout, layoutOf } from './expr/compile.js';
import { explainExpr } from '../logical/explain-expr.js';
import { CteScanExec, MaterializedCte } from './operators/cte-scan.js';
import { DistinctOnExec } from './operators/distinct-on.js';
import { FilterExec, rowFilter } from './operators/filter.js';
import { type AggregateSpec, HashAggregateExec } from './operators/hash-aggregate.js';
import { HashJoinExec, joinKeysText, type JoinSpec } from './operators/hash-join.js';
import { LateralFunctionExec } from './operators/lateral-function.js';
import { freeColumns } from '../logical/analysis.js';
import { LimitExec } from './operators/limit.js';
import { MergeSortedExec } from './operators/merge-sorted.js';
import { MatchedOuterRowsExec } from './operators/matched-outer-rows.js';
import { ProjectExec } from './operators/project.js';
import { RecursiveCteExec, WorkTableScanExec } from './operators/recursive-cte.js';
import { indexedEquality, ScanExec } from './operators/scan.js';
import { SetOpExec } from './operators/set-op.js';
import { SortExec } from './operators/sort.js';
import { TableFunctionExec } from './operators/table-function.js';
import { UnionAllExec } from './operators/union.js';
import { EmptyExec, ValuesExec } from './operators/values.js';
import { WindowExec } from './operators/window.js';

export interface PhysicalOptions {
  /** Partitions a scan is split into (the session's `threads` setting). */
  readonly partitions: number;
  /** Run fragments over large scans on the worker pool (default: when partitions > 1). */
  readonly parallel?: boolean;
  /** Scans with fewer rows stay on the calling thread (the parallel_min_rows setting; default: all). */
  readonly parallelMinRows?: number;
  /** For predicates the planner adds (hash slices of a parallel aggregate); without it, none are. */
  readonly functions?: FunctionRegistry;
}

const EMPTY_LAYOUT: Layout = new Map();

export function createPhysicalPlan(plan: LogicalPlan, options: PhysicalOptions): ExecNode {
  return new PhysicalPlanner(options).plan(plan);
}

class PhysicalPlanner {
  /** Each WITH query computed once, by id, shared by its scans. */
  private readonly ctes = new Map<number, MaterializedCte>();

  constructor(private readonly options: PhysicalOptions) {}

  private runsInParallel(): boolean {
    return this.options.parallel ?? this.options.partitions > 1;
  }

  plan(p: LogicalPlan): ExecNode {
    if (this.runsInParallel()) {
      const gathered = this.parallel(p);
      if (gathered !== null) return gathered;
    }
    switch (p.kind) {
      case 'scan': {
        // The source yields the columns read (some only for the filters), then the row ids.
        const read = [...p.columns.map((c) => c.id), ...(p.rowId === null ? [] : [p.rowId.id])];
        const layout = layoutOf(read);
        const keep = p.output.length === read.length ? null : p.output.map((c) => layout.get(c.id)!);
        return new ScanExec(
          p.output,
          p.source,
          p.source.partitions(this.options.partitions),
          p.columns.map((c) => c.index),
          p.rowId !== null,
          p.filters,
          sourceFilters(p),
          rowFilter(p.filters, layout),
          keep,
        );
      }
      case 'values':
        return new ValuesExec(
          p.output,
          p.rows.map((r) => r.map((e) => compileExpr(e, EMPTY_LAYOUT))),
        );
      case 'empty':
        return new EmptyExec(p.output, p.rows);
      case 'table_function': {
        for (const a of p.args) {
          if (exprColumns(a).size > 0) {
            throw new LarchError(
              SqlState.featureNotSupported,
              `arguments of ${p.fn.name} in FROM must not reference other FROM items`,
            );
          }
        }
        return new TableFunctionExec(
          p.output,
          p.fn,
          p.args.map((a) => compileExpr(a, EMPTY_LAYOUT)),
          p.ordinality !== null,
        );
      }
      case 'filter': {
        const input = this.plan(p.input);
        const parts = conjuncts(p.predicate);
        return new FilterExec(input, rowFilter(parts, input.layout()), parts);
      }
      case 'project': {
        const input = this.plan(p.input);
        const layout = input.layout();
        return new ProjectExec(
          p.output,
          input,
          p.exprs.map((e) => compileExpr(e.expr, layout)),
          p.exprs.map((e) => e.expr),
        );
      }
      case 'aggregate': {
        const input = this.plan(p.input);
        const layout = input.layout();
        const aggs: AggregateSpec[] = p.aggregates.map((a) => {
          const directCount = a.call.fn.orderedSet ? a.call.args.length - a.call.orderBy.length : 0;
          return {
            call: a.call,
            fn: a.call.fn,
            direct: a.call.args.slice(0, directCount).map((e) => compileExpr(e, EMPTY_LAYOUT)),
            args: a.call.args.slice(directCount).map((e) => compileExpr(e, layout)),
            filter: a.call.filter === null ? null : compileExpr(a.call.filter, layout),
            orderBy: a.call.orderBy.map((k) => compileExpr(k.expr, layout)),
          };
        });
        return new HashAggregateExec(
          p.output,
          input,
          p.groups.map((g) => compileExpr(g.expr, layout)),
          p.groups.map((g) => g.expr),
          aggs,
          p.groupingSets,
        );
      }
      case 'window': {
        const input = this.plan(p.input);
        const layout = input.layout();
        const specs = p.windows.map((w) => ({
          call: w.call,
          args: w.call.args.map((e) => compileExpr(e, layout)),
          partitionBy: w.call.partitionBy.map((e) => compileExpr(e, layout)),
          orderBy: w.call.orderBy.map((k) => compileExpr(k.expr, layout)),
          filter: w.call.filter === null ? null : compileExpr(w.call.filter, layout),
          startOffset:
            'offset' in w.call.frame.start ? compileExpr(w.call.frame.start.offset, EMPTY_LAYOUT) : null,
          endOffset: 'offset' in w.call.frame.end ? compileExpr(w.call.frame.end.offset, EMPTY_LAYOUT) : null,
        }));
        return new WindowExec(
          [...input.schema, ...p.windows.map((w) => ({ id: w.id, name: w.name, type: w.call.type }))],
          input,
          specs,
        );
      }
      case 'join':
        return this.join(p);
      case 'sort': {
        const input = this.plan(p.input);
        const layout = input.layout();
        return new SortExec(
          input,
          p.keys.map((k) => compileExpr(k.expr, layout)),
          p.keys,
          null,
        );
      }
      case 'limit': {
        const limit = p.limit === null ? null : compileExpr(p.limit, EMPTY_LAYOUT);
        const offset = p.offset === null ? null : compileExpr(p.offset, EMPTY_LAYOUT);
        const text = [
          p.limit ? `limit ${explainExpr(p.limit)}` : '',
          p.offset ? `offset ${explainExpr(p.offset)}` : '',
        ]
          .filter((s) => s !== '')
          .join(' ');
        if (p.withTies !== null) {
          const input = this.plan(p.input);
          const layout = input.layout();
          const ties = {
            keys: p.withTies.map((k) => compileExpr(k.expr, layout)),
            types: p.withTies.map((k) => k.expr.type),
          };
          return new LimitExec(input, limit, offset, text, ties);
        }
        // ORDER BY … LIMIT: a top-N sort keeps only LIMIT + OFFSET rows.
        if (p.input.kind === 'sort' && limit !== null) {
          const merged = this.runsInParallel() ? this.parallelSort(p.input, p) : null;
          if (merged !== null) return new LimitExec(merged, limit, offset, text);
          const sortInput = this.plan(p.input.input);
          const layout = sortInput.layout();
          const sort = new SortExec(
            sortInput,
            p.input.keys.map((k) => compileExpr(k.expr, layout)),
            p.input.keys,
            { count: limit, offset },
          );
          return new LimitExec(sort, limit, offset, text);
        }
        return new LimitExec(this.plan(p.input), limit, offset, text);
      }
      case 'distinct': {
        const input = this.plan(p.input);
        const layout = input.layout();
        if (p.on !== null)
          return new DistinctOnExec(
            input,
            p.on.map((e) => compileExpr(e, layout)),
          );
        const columns = input.schema.map((c) => ({
          kind: 'column' as const,
          id: c.id,
          type: c.type,
          name: c.name,
        }));
        return new HashAggregateExec(
          p.output,
          input,
          columns.map((c) => compileExpr(c, layout)),
          columns,
          [],
          null,
        );
      }
      case 'set_op': {
        const left = this.plan(p.left);
        const right = this.plan(p.right);
        if (p.op === 'union') {
          const union = new UnionAllExec(p.output, [left, right]);
          if (p.all) return union;
          const layout = union.layout();
          const columns = p.output.map((c) => ({
            kind: 'column' as const,
            id: c.id,
            type: c.type,
            name: c.name,
          }));
          return new HashAggregateExec(
            p.output,
            union,
            columns.map((c) => compileExpr(c, layout)),
            columns,
            [],
            null,
          );
        }
        return new SetOpExec(p.output, left, right, p.op, p.all);
      }
      case 'recursive_cte':
        return new RecursiveCteExec(
          p.output,
          this.plan(p.anchor),
          this.plan(p.recursive),
          p.workTableId,
          p.distinct,
          p.name,
        );
      case 'work_table_scan':
        return new WorkTableScanExec(p.output, p.workTableId, p.name);
      case 'cte_scan': {
        let cte = this.ctes.get(p.cteId);
        const first = cte === undefined;
        if (cte === undefined) {
          cte = new MaterializedCte(p.name, this.plan(p.definition));
          this.ctes.set(p.cteId, cte);
        }
        return new CteScanExec(p.output, cte, p.positions, first);
      }
    }
  }

  private lateral(p: JoinNode, left: ExecNode): ExecNode {
    const fn = p.right;
    if (fn.kind !== 'table_function' || (p.joinType !== 'inner' && p.joinType !== 'left'))
      throw lateralUnsupported();
    const layout = left.layout();
    const schema = [...left.schema, ...fn.output];
    const condition =
      p.condition === null ? null : compileExpr(p.condition, layoutOf(schema.map((c) => c.id)));
    return new LateralFunctionExec(
      schema,
      left,
      fn.fn,
      fn.args.map((a) => compileExpr(a, layout)),
      fn.ordinality !== null,
      p.joinType === 'left',
      condition,
    );
  }

  /** Scans smaller than this stay on the calling thread. */
  private minRows(): number {
    return this.options.parallelMinRows ?? Infinity;
  }

  /** A fragment planned for this thread: what EXPLAIN shows for the workers' tasks. */
  private planLocally(fragment: LogicalPlan): ExecNode {
    return new PhysicalPlanner({ ...this.options, parallel: false }).plan(fragment);
  }

  /**
   * The operator for `p` when it can run on worker threads: a fragment over one large scan (with
   * filters, projections and joins probing from it) whose partitions are spread over the pool, with
   * aggregates computed per partition and merged here.
   */
  private parallel(p: LogicalPlan): ExecNode | null {
    if (p.kind === 'scan') return this.parallelCostlyScan(p);
    if (p.kind === 'sort') return this.parallelSort(p);
    if (p.kind === 'filter' && p.input.kind === 'aggregate') {
      const having = this.slicedAggregateWithHaving(p, p.input);
      if (having !== null) return having;
    }
    if (p.kind === 'join') {
      const probed = this.parallelOuterHashed(p);
      if (probed !== null) return probed;
    }
    // One task per thread: a task's end waits for the calling thread to take its result before the
    // worker gets another, and with every core busy that wait is long (Q6 at SF 1, 2 threads: 8
    // tasks 55-70 ms, 2 tasks 45-55 ms); joins also build their hash tables once per task.
    const tasks = this.options.partitions;
    const aggregate = p.kind === 'aggregate';
    if (aggregate && !HashAggregateExec.mergeable(p.aggregates.map((a) => a.call))) return null;
    if (!aggregate && p.kind !== 'filter' && p.kind !== 'project' && p.kind !== 'join') return null;
    const scan = drivingScan(aggregate ? p.input : p, this.minRows());
    if (scan === null || !worthParallel(p, scan)) return null;
    const broadcasts: BroadcastExec[] = [];
    const fragment = this.broadcastBuildSides(p, broadcasts);
    if (!canShip(fragment)) return null;
    if (fragment.kind === 'aggregate') {
      const sliced =
        this.rangePartitionedAggregate(fragment, scan, broadcasts) ??
        this.hashSlicedAggregate(fragment, scan);
      if (sliced !== null) return sliced;
      const gather = new GatherExec(
        fragment,
        scan,
        'partial_aggregate',
        tasks,
        this.planLocally(fragment.input),
        broadcasts,
      );
      const merge = this.plan({
        ...fragment,
        input: { kind: 'empty', rows: 0, output: fragment.input.output },
      }) as HashAggregateExec;
      return merge.withPartials(gather, (ctx) => gather.partials(ctx));
    }
    return new GatherExec(fragment, scan, 'batches', tasks, this.planLocally(fragment), broadcasts);
  }

  /**
   * A sort of rows from a large scan: each task sorts its part of them, and the sorted runs are
   * merged here (rather than all rows sorted here).
   */
  private parallelSort(
    p: LogicalPlan & { kind: 'sort' },
    top?: LogicalPlan & { kind: 'limit' },
  ): ExecNode | null {
    const scan = drivingScan(p.input, this.minRows());
    if (scan === null || !worthParallel(p.input, scan, false)) return null;
    const broadcasts: BroadcastExec[] = [];
    const sorted: LogicalPlan = { ...p, input: this.broadcastBuildSides(p.input, broadcasts) };
    // ORDER BY … LIMIT: each task keeps its top LIMIT + OFFSET rows; the limit applies after the merge.
    const keep = top === undefined ? null : this.rowsToKeep(top);
    if (top !== undefined && keep === null) return null;
    const fragment: LogicalPlan =
      keep === null
        ? sorted
        : { kind: 'limit', input: sorted, limit: keep, offset: null, withTies: null, output: sorted.output };
    if (!canShip(fragment)) return null;
    // One run per thread: each more run costs the merge here a comparison per row.
    const local = this.planLocally(fragment);
    const gather = new GatherExec(fragment, scan, 'batches', this.options.partitions, local, broadcasts);
    const layout = local.layout();
    return new MergeSortedExec(
      gather,
      p.keys.map((k) => compileExpr(k.expr, layout)),
      p.keys,
    );
  }

  /** LIMIT + OFFSET of a top-N as one expression; null without the function registry. */
  private rowsToKeep(top: LogicalPlan & { kind: 'limit' }): Expr | null {
    if (top.offset === null) return top.limit;
    const functions = this.options.functions;
    if (functions === undefined || top.limit === null) return null;
    const fn = functions.scalar('+', [top.limit.type, top.offset.type], undefined, true);
    return { kind: 'call', fn, args: [top.limit, top.offset], type: fn.returnType };
  }

  /**
   * A large scan whose filters test a text column of many distinct values (LIKE over comments, say:
   * a string test per row) and whose rows are all numbers, on the workers even when most rows pass:
   * number columns come back as moved buffers, while the tests are the cost.
   */
  private parallelCostlyScan(p: ScanNode): ExecNode | null {
    const source = p.source;
    if (p.filters.length === 0 || p.rowId !== null || source.toWire === undefined) return null;
    if (source.estimatedRows() < this.minRows() || !canShip(p)) return null;
    if (p.output.some((c) => storageOf(c.type) === 'string')) return null;
    const manyTexts = (id: ColumnId): boolean => {
      const column = p.columns.find((c) => c.id === id);
      if (column === undefined || storageOf(column.type) !== 'string') return false;
      const distinct = source.distinctValues?.(column.index);
      return distinct !== undefined && distinct * 8 > source.estimatedRows();
    };
    if (!p.filters.some((f) => [...exprColumns(f)].some(manyTexts))) return null;
    return new GatherExec(p, p, 'batches', this.options.partitions, this.planLocally(p), []);
  }

  /**
   * EXISTS / NOT EXISTS whose outer rows are hashed because the subquery is much larger: the outer
   * rows are computed here and broadcast with their ordinals, each task probes them with its
   * partition of the subquery and sends back the ordinals it matched, and the outer rows some task
   * matched (semi) or none did (anti) are kept here.
   */
  private parallelOuterHashed(p: JoinNode): ExecNode | null {
    if ((p.joinType !== 'semi' && p.joinType !== 'anti') || p.condition === null || !buildOnLeft(p))
      return null;
    const outerIds = new Set(p.left.output.map((c) => c.id));
    if ([...freeColumns(p.right)].some((id) => outerIds.has(id))) return null;
    const scan = drivingScan(p.right, this.minRows());
    if (scan === null || !worthParallel(p.right, scan, false)) return null;
    const outerRows = this.plan(p.left);
    const outer = new BroadcastSource(
      1,
      p.left.output.map((c) => ({ name: c.name, type: c.type })),
      new CardinalityEstimator(columnOrigins(p.left)).rows(p.left),
    );
    const broadcasts = [new BroadcastExec(outer, outerRows)];
    const right = this.broadcastBuildSides(p.right, broadcasts);
    const ordinal: OutputColumn = { id: unusedColumnId(p), name: 'ordinal', type: Types.int8 };
    const outerScan: ScanNode = {
      kind: 'scan',
      source: outer,
      columns: p.left.output.map((c, index) => ({ ...c, index })),
      filters: [],
      rowId: ordinal,
      output: [...p.left.output, ordinal],
    };
    const matched: LogicalPlan = {
      kind: 'project',
      input: { ...p, joinType: 'semi', left: outerScan, right, output: outerScan.output },
      exprs: [{ id: ordinal.id, name: ordinal.name, expr: col(ordinal.id, ordinal.type, ordinal.name) }],
      output: [ordinal],
    };
    if (!canShip(matched)) return null;
    const tasks = new GatherExec(
      matched,
      scan,
      'batches',
      this.options.partitions,
      this.planLocally(matched),
      broadcasts,
    );
    return new MatchedOuterRowsExec(outerRows.schema, outer, tasks, p.joinType === 'semi');
  }

  /**
   * HAVING over an aggregate that is repartitioned by hash: each task has its groups complete, so
   * it filters them too and sends back only the groups that pass.
   */
  private slicedAggregateWithHaving(
    having: LogicalPlan & { kind: 'filter' },
    p: LogicalPlan & { kind: 'aggregate' },
  ): ExecNode | null {
    if (!HashAggregateExec.mergeable(p.aggregates.map((a) => a.call))) return null;
    const scan = drivingScan(p.input, this.minRows());
    if (scan === null || !worthParallel(p, scan) || !canShip(having)) return null;
    const above = (sliced: LogicalPlan): LogicalPlan => ({ ...having, input: sliced });
    if (!hasJoin(p.input)) {
      const ranged = this.rangePartitionedAggregate(p, scan, [], above);
      if (ranged !== null) return ranged;
    }
    return this.hashSlicedAggregate(p, scan, above);
  }

  /**
   * An aggregate whose groups cannot span partitions of its driving scan: a grouping key is an
   * integer column of that scan whose values in each partition lie in a range no other partition's
   * overlaps (a table loaded in key order, as TPC-H's lineitem by l_orderkey). Each task aggregates
   * its partition completely (and applies what is `above`), so no partial states are merged here.
   */
  private rangePartitionedAggregate(
    p: LogicalPlan & { kind: 'aggregate' },
    scan: ScanNode,
    broadcasts: readonly BroadcastExec[],
    above: (aggregate: LogicalPlan) => LogicalPlan = (aggregate) => aggregate,
  ): ExecNode | null {
    const source = scan.source;
    if (p.groupingSets !== null || source.valueRanges === undefined) return null;
    const parts = source.partitions(this.options.partitions);
    if (parts.length < 2) return null;
    for (const { expr } of p.groups) {
      if (expr.kind !== 'column' || !['int2', 'int4', 'int8'].includes(expr.type.id)) continue;
      const column = scan.columns.find((c) => c.id === expr.id);
      if (column === undefined) continue;
      const ranges = source.valueRanges(parts, column.index);
      if (ranges === undefined || !disjoint(ranges)) continue;
      const fragment = above(p);
      return new GatherExec(fragment, scan, 'batches', parts.length, this.planLocally(fragment), broadcasts, {
        kind: 'ranges',
        text: explainExpr(expr),
      });
    }
    return null;
  }

  /**
   * An aggregate with many groups (at least parallel_min_rows, estimated) over a scan without joins,
   * repartitioned by hash: each of `threads` tasks reads the whole (shared) input, keeps the rows
   * whose first grouping key falls in its slice and aggregates them completely, so no partial states
   * are merged here. Integer first keys only; other aggregates are merged from partials.
   */
  private hashSlicedAggregate(
    p: LogicalPlan & { kind: 'aggregate' },
    scan: ScanNode,
    above: (sliced: LogicalPlan) => LogicalPlan = (sliced) => sliced,
  ): ExecNode | null {
    const functions = this.options.functions;
    const key = p.groups[0]?.expr;
    if (functions === undefined || key === undefined || p.groupingSets !== null || hasJoin(p.input))
      return null;
    if (key.type.id !== 'int2' && key.type.id !== 'int4' && key.type.id !== 'int8') return null;
    const groups = new CardinalityEstimator(columnOrigins(p)).groups(p);
    if (groups === null || groups < this.minRows()) return null;
    const count = this.options.partitions;
    const type = key.type;
    const call = (name: string, args: readonly Expr[]): Expr => {
      const fn = functions.scalar(
        name,
        args.map((a) => a.type),
        undefined,
        true,
      );
      return { kind: 'call', fn, args, type: fn.returnType };
    };
    // Slice i holds the keys whose remainder by n is i or i - n (the remainder has the key's sign),
    // and slice 0 the NULL keys too: a filter that fuses into one loop over a key column.
    const remainder = call('%', [key, lit(count, type)]);
    const inSlice = (index: number): Expr => {
      const tests: Expr[] = [call('=', [remainder, lit(index, type)])];
      if (index > 0) tests.push(call('=', [remainder, lit(index - count, type)]));
      else tests.push({ kind: 'is_null', arg: key, negated: false, type: Types.bool });
      return { kind: 'or', args: tests, type: Types.bool };
    };
    const fragmentFor = (index: number): LogicalPlan =>
      above({
        ...p,
        input: {
          kind: 'filter',
          input: p.input,
          predicate: inSlice(index),
          output: p.input.output,
        },
      });
    // Shown by EXPLAIN as the first task runs it (the tasks differ only in their slice).
    return new GatherExec(p, scan, 'batches', count, this.planLocally(fragmentFor(0)), [], {
      kind: 'hash',
      fragmentFor,
      text: explainExpr(key),
    });
  }

  /**
   * The fragment with the build side of each join on its driving path replaced by a scan of that
   * side's rows, computed once here and broadcast (a plain table scan is shipped as it is).
   */
  private broadcastBuildSides(p: LogicalPlan, out: BroadcastExec[]): LogicalPlan {
    switch (p.kind) {
      case 'aggregate':
      case 'filter':
      case 'project':
        return { ...p, input: this.broadcastBuildSides(p.input, out) };
      case 'join': {
        const left = this.broadcastBuildSides(p.left, out);
        const r = p.right;
        if (
          r.kind === 'scan' &&
          r.filters.length === 0 &&
          r.source.toWire !== undefined &&
          r.source.readsOnWorkers !== true
        )
          return { ...p, left };
        const columns = r.output.map((c) => ({ name: c.name, type: c.type }));
        const source = new BroadcastSource(
          out.length + 1,
          columns,
          new CardinalityEstimator(columnOrigins(r)).rows(r),
        );
        out.push(new BroadcastExec(source, this.plan(r)));
        const right: ScanNode = {
          kind: 'scan',
          source,
          columns: r.output.map((c, index) => ({ ...c, index })),
          filters: [],
          rowId: null,
          output: r.output,
        };
        return { ...p, left, right };
      }
      default:
        return p;
    }
  }

  private join(p: JoinNode): ExecNode {
    // A right join is a left join with the inputs swapped.
    if (p.joinType === 'right') {
      return this.join({ ...p, joinType: 'left', left: p.right, right: p.left });
    }
    let left = this.plan(p.left);
    const dependent = [...freeColumns(p.right)].some((id) => left.schema.some((c) => c.id === id));
    if (dependent) return this.lateral(p, left);
    let right = this.plan(p.right);
    // EXISTS / NOT EXISTS over a much larger subquery: the hash table is built on the outer rows
    // instead, the subquery's rows probe it and mark the outer rows they match.
    const swap = (p.joinType === 'semi' || p.joinType === 'anti') && p.condition !== null && buildOnLeft(p);
    if (swap) [left, right] = [right, left];
    const leftIds = new Set(left.schema.map((c) => c.id));
    const rightIds = new Set(right.schema.map((c) => c.id));
    const leftKeys: Expr[] = [];
    const rightKeys: Expr[] = [];
    const nullSafe: boolean[] = [];
    const residual: Expr[] = [];
    for (const c of conjuncts(p.condition)) {
      const pair = equiPair(c, leftIds, rightIds);
      if (pair !== null) {
        leftKeys.push(pair[0]);
        rightKeys.push(pair[1]);
        nullSafe.push(c.kind === 'call' && c.fn.name === 'is not distinct from');
      } else residual.push(c);
    }
    const combined = layoutOf([...left.schema, ...right.schema].map((c) => c.id));
    const leftLayout = left.layout();
    const rightLayout = right.layout();
    let markKey: JoinSpec['markKey'] = null;
    let markCondition: CompiledExpr | null = null;
    if (p.joinType === 'mark' && p.markCondition !== null) {
      const pair =
        residual.length === 0 && p.markCondition.kind === 'call' && p.markCondition.fn.name === '='
          ? equiPair(p.markCondition, leftIds, rightIds)
          : null;
      if (pair !== null) {
        markKey = {
          left: compileExpr(pair[0], leftLayout),
          right: compileExpr(pair[1], rightLayout),
          type: pair[0].type,
        };
      } else markCondition = compile(p.markCondition, combined);
    }
    const residualExpr: Expr | null =
      residual.length === 0
        ? null
        : residual.length === 1
          ? residual[0]!
          : { kind: 'and', args: residual, type: Types.bool };
    const residualCompiled = residualExpr === null ? null : compile(residualExpr, combined);
    const conditionColumns = [
      ...new Set([...(residualCompiled?.columns ?? []), ...(markCondition?.columns ?? [])]),
    ];
    const spec: JoinSpec = {
      joinType: p.joinType,
      leftKeys: leftKeys.map((k) => compileExpr(k, leftLayout)),
      rightKeys: rightKeys.map((k) => compileExpr(k, rightLayout)),
      keyTypes: leftKeys.map((k) => k.type),
      nullSafe,
      residual: residualCompiled?.evaluate ?? null,
      conditionColumns,
      markKey,
      markCondition: markCondition?.evaluate ?? null,
      probeColumn: leftKeys[0]?.kind === 'column' ? (leftLayout.get(leftKeys[0].id) ?? null) : null,
      text: {
        keys: joinKeysText(leftKeys, rightKeys),
        residual: residualExpr === null ? null : explainExpr(residualExpr),
      },
    };
    let schema: OutputColumn[];
    if (swap) {
      const joinType = p.joinType === 'semi' ? 'right_semi' : 'right_anti';
      return new HashJoinExec([...right.schema], left, right, { ...spec, joinType });
    }
    switch (p.joinType) {
      case 'semi':
      case 'anti':
        schema = [...left.schema];
        break;
      case 'mark':
        schema = [...left.schema, p.mark!];
        break;
      default:
        schema = [...left.schema, ...right.schema];
    }
    return new HashJoinExec(schema, left, right, spec);
  }
}

/** A join whose right side reads the left row: only table functions remain after decorrelation. */
function lateralUnsupported(): LarchError {
  return new LarchError(
    SqlState.featureNotSupported,
    'this correlated subquery or LATERAL form is not supported',
    {
      hint: 'Correlated subqueries with LIMIT inside nested correlation, VALUES or functions of outer columns may need rewriting as joins.',
    },
  );
}

/** Whether no two of the ranges overlap (ranges of no values, [Infinity, -Infinity], aside). */
function disjoint(ranges: readonly ValueRange[]): boolean {
  const held = ranges.filter(([min, max]) => min <= max).sort((a, b) => a[0] - b[0]);
  return held.every((r, i) => i === 0 || held[i - 1]![1] < r[0]);
}

function hasJoin(p: LogicalPlan): boolean {
  return p.kind === 'join' || ('input' in p && hasJoin(p.input));
}

/** A scan's filters over the source's own column positions, for sources that can skip data. */
function sourceFilters(p: ScanNode): Expr[] {
  const positions = new Map(p.columns.map((c) => [c.id, col(c.index, c.type, c.name)] as const));
  return p.filters
    .filter((f) => [...exprColumns(f)].every((id) => positions.has(id)))
    .map((f) => replaceColumns(f, positions));
}

/**
 * Whether running `p` per partition on the workers pays: every task builds each join's hash table
 * again, so no build side may have more rows than the driving scan (each task builds at the same
 * time, so a build as large as half the scan still leaves the probes halved); and rows that come
 * back here cost their transfer, so without an aggregate on top the fragment must drop most of its
 * input.
 */
function worthParallel(p: LogicalPlan, driving: ScanNode, fewRowsBack = true): boolean {
  // A lookup by key reads a few rows here faster than any worker could start.
  if (indexedEquality(sourceFilters(driving), driving.source) !== undefined) return false;
  const estimator = new CardinalityEstimator(columnOrigins(p));
  const drivingRows = estimator.rows(driving);
  const builds: LogicalPlan[] = [];
  const visit = (x: LogicalPlan): void => {
    if (x.kind === 'join') {
      builds.push(x.right);
      visit(x.left);
    } else if (x.kind === 'aggregate' || x.kind === 'filter' || x.kind === 'project') visit(x.input);
  };
  visit(p);
  if (builds.some((b) => estimator.rows(b) > drivingRows)) return false;
  return !fewRowsBack || p.kind === 'aggregate' || estimator.rows(p) * 4 <= driving.source.estimatedRows();
}

/** A column id no node of `p` uses. */
function unusedColumnId(p: LogicalPlan): ColumnId {
  let max = 0;
  visitPlan(p, (x) => {
    for (const c of x.output) max = Math.max(max, c.id);
  });
  return max + 1;
}

/** Whether a semi or anti join should hash its left (outer) input: it is much smaller than the right. */
function buildOnLeft(p: JoinNode): boolean {
  const estimator = new CardinalityEstimator(columnOrigins(p));
  return estimator.rows(p.left) * 4 < estimator.rows(p.right);
}

/** The large scan a fragment's rows come from, following filters, projections and join probe sides. */
function drivingScan(p: LogicalPlan, minRows: number): ScanNode | null {
  switch (p.kind) {
    case 'scan':
      // A scan of no columns (count(*)) is cheaper here than a round trip to the workers, unless
      // rows are found by parsing.
      return p.source.toWire !== undefined &&
        (p.columns.length > 0 || p.source.parsesRows === true) &&
        p.source.estimatedRows() >= minRows
        ? p
        : null;
    case 'filter':
    case 'project':
      return drivingScan(p.input, minRows);
    case 'join': {
      if (p.joinType === 'right' || p.joinType === 'full') return null;
      const leftIds = new Set(p.left.output.map((c) => c.id));
      if ([...freeColumns(p.right)].some((id) => leftIds.has(id))) return null;
      return drivingScan(p.left, minRows);
    }
    default:
      return null;
  }
}

/** `l = r` with l over the left input and r over the right (either order): the pair, else null. */
function equiPair(
  e: Expr,
  leftIds: ReadonlySet<ColumnId>,
  rightIds: ReadonlySet<ColumnId>,
): [Expr, Expr] | null {
  if (e.kind !== 'call' || (e.fn.name !== '=' && e.fn.name !== 'is not distinct from') || e.args.length !== 2)
    return null;
  const [a, b] = e.args as [Expr, Expr];
  const within = (x: Expr, ids: ReadonlySet<ColumnId>) => {
    const cols = exprColumns(x);
    return cols.size > 0 && [...cols].every((id) => ids.has(id));
  };
  if (a.type.id !== b.type.id) return null;
  if (within(a, leftIds) && within(b, rightIds)) return [a, b];
  if (within(b, leftIds) && within(a, rightIds)) return [b, a];
  return null;
}
