// HashAggregateExec: GROUP BY (with grouping sets), aggregate calls with DISTINCT, FILTER and
// ORDER BY. Each input partition builds its own hash table and states; the partial results are
// merged, then finished.

import { BATCH_SIZE, type Batch, sliceBatch } from '../../columnar/batch.js';
import type { Scalar, Vector } from '../../columnar/vector.js';
import {
  compactDictionary,
  concatVectors,
  constVector,
  gather,
  nullVector,
} from '../../columnar/vector-ops.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { AggregateFunction, AggregateState, StateSnapshot } from '../../functions/function.js';
import type { AggregateCall } from '../../logical/expr.js';
import type { OutputColumn } from '../../logical/plan.js';
import { Types } from '../../types/data-type.js';
import { ExecNode } from '../exec-node.js';
import { type Evaluator, truthValues } from '../expr/compile.js';
import { explainExpr } from '../../logical/explain-expr.js';
import { GroupTable } from '../hash/group-table.js';
import { sortIndexes } from '../sort-keys.js';

const ONE_ROW: Batch = { length: 1, columns: [] };

function rowIsValid(v: Vector, i: number): boolean {
  if (v.kind === 'const') return v.value !== null;
  return v.validity === null || (v.validity[i >>> 3]! & (1 << (i & 7))) !== 0;
}

/**
 * The rows where ids before..size-1 appear first (ids are given in order of first appearance). A
 * function that ends at its loop: V8 may compile the loop mid-call (OSR), and code after it in the
 * same function, not yet run on a first call, then deoptimized on every call (57 times in 11 runs
 * of TPC-H Q18).
 */
function firstRows(ids: Int32Array, n: number, before: number, size: number): Int32Array {
  const rows = new Int32Array(size - before);
  let next = before;
  for (let i = 0; i < n && next < size; i++) if (ids[i] === next) rows[next++ - before] = i;
  return rows;
}

/** An aggregate call compiled against the input layout. */
export interface AggregateSpec {
  readonly call: AggregateCall;
  readonly fn: AggregateFunction;
  /** Evaluators of the aggregated arguments (direct arguments of ordered-set aggregates excluded). */
  readonly args: readonly Evaluator[];
  readonly direct: readonly Evaluator[];
  readonly filter: Evaluator | null;
  readonly orderBy: readonly Evaluator[];
}

interface Buffered {
  groups: Int32Array[];
  args: Vector[][];
  keys: Vector[][];
}

/** Hash table, key values and aggregate states for one grouping set over one partition. */
class GroupingState {
  readonly table: GroupTable;
  /** Key values of each group, in group order (chunks of first-seen rows). */
  private readonly keyChunks: Vector[][] = [];
  readonly states: AggregateState[];
  private readonly distinct: (GroupTable | null)[];
  private readonly buffered: (Buffered | null)[];

  constructor(
    private readonly keyTypes: readonly Expr['type'][],
    private readonly aggs: readonly AggregateSpec[],
    directValues: readonly (readonly Scalar[])[],
  ) {
    this.table = new GroupTable(keyTypes);
    this.states = aggs.map((a, i) => a.fn.create({ direct: directValues[i]! }));
    this.distinct = aggs.map((a) =>
      a.call.distinct ? new GroupTable([Types.int4, ...a.fn.argTypes.slice(a.direct.length)]) : null,
    );
    this.buffered = aggs.map((a) => (a.orderBy.length > 0 ? { groups: [], args: [], keys: [] } : null));
  }

  get groupCount(): number {
    return this.table.size;
  }

  add(keys: readonly Vector[], batch: Batch, ctx: TaskContext, argCache: Map<Evaluator, Vector>): void {
    const n = batch.length;
    const before = this.table.size;
    const ids = keys.length === 0 ? this.ungroupedIds(n) : this.table.ids(keys, n, true);
    const size = this.table.size;
    if (size > before) {
      // Record the key values of new groups.
      const rows = firstRows(ids, n, before, size);
      this.keyChunks.push(keys.map((k) => gather(k, rows, rows.length)));
    }
    const evalArg = (e: Evaluator) => {
      let v = argCache.get(e);
      if (v === undefined) {
        v = e(batch, ctx);
        argCache.set(e, v);
      }
      return v;
    };
    this.aggs.forEach((agg, a) => {
      const state = this.states[a]!;
      state.resize(size);
      let groups = ids;
      if (agg.filter !== null) {
        const truth = truthValues(evalArg(agg.filter), n);
        groups = Int32Array.from(ids, (g, i) => (truth[i] === 1 ? g : -1));
      }
      const args = agg.args.map(evalArg);
      const distinct = this.distinct[a];
      if (distinct !== null) {
        // Only the first occurrence of each (group, arguments) pair reaches the state; rows with a
        // NULL argument are skipped, as every aggregate with DISTINCT ignores NULLs.
        const groupVector: Vector = {
          kind: 'i32',
          type: Types.int4,
          length: n,
          validity: null,
          data: groups,
        };
        const before = distinct.size;
        const pairIds = distinct.ids([groupVector, ...args], n, true);
        const firstOnly = new Int32Array(n);
        let next = before;
        for (let i = 0; i < n; i++) {
          const first = pairIds[i] === next;
          if (first) next++;
          firstOnly[i] =
            first && groups[i]! >= 0 && (agg.fn.keepsNulls || args.every((v) => rowIsValid(v, i)))
              ? groups[i]!
              : -1;
        }
        groups = firstOnly;
      }
      const buffered = this.buffered[a];
      if (groups === ids && keys.length === 0 && buffered === null && state.updateAll !== undefined) {
        state.updateAll(args, n);
        return;
      }
      if (buffered !== null) {
        buffered.groups.push(groups);
        buffered.args.push(args);
        buffered.keys.push(agg.orderBy.map(evalArg));
        return;
      }
      state.update(groups, args, n);
    });
  }

  private zeros = new Int32Array(0);

  /** Group ids without GROUP BY: every row is in group 0 (one shared array of zeros). */
  private ungroupedIds(n: number): Int32Array {
    if (n > 0 && this.table.size === 0) this.table.ids([], 1, true);
    if (this.zeros.length < n) this.zeros = new Int32Array(n);
    return this.zeros.subarray(0, n);
  }

  /** Feeds buffered rows of ORDER BY aggregates in (group, key) order. */
  flushOrdered(): void {
    this.aggs.forEach((agg, a) => {
      const buffered = this.buffered[a];
      if (buffered === null || buffered.groups.length === 0) return;
      const n = buffered.groups.reduce((s, g) => s + g.length, 0);
      const groups = new Int32Array(n);
      let offset = 0;
      for (const g of buffered.groups) {
        groups.set(g, offset);
        offset += g.length;
      }
      const args = agg.fn.argTypes.slice(agg.direct.length).map((t, i) =>
        concatVectors(
          t,
          buffered.args.map((row) => row[i]!),
        ),
      );
      const keys = agg.call.orderBy.map((k, i) =>
        concatVectors(
          k.expr.type,
          buffered.keys.map((row) => row[i]!),
        ),
      );
      const groupKey: Vector = { kind: 'i32', type: Types.int4, length: n, validity: null, data: groups };
      const order = sortIndexes(
        [groupKey, ...keys],
        [{ desc: false, nullsFirst: false }, ...agg.call.orderBy],
        n,
      );
      const sortedGroups = Int32Array.from(order, (i) => groups[i]!);
      const sortedArgs = args.map((v) => gather(v, order, n));
      this.states[a]!.resize(this.table.size);
      this.states[a]!.update(sortedGroups, sortedArgs, n);
      buffered.groups = [];
      buffered.args = [];
      buffered.keys = [];
    });
  }

  keyVectors(): Vector[] {
    return this.keyTypes.map((t, k) =>
      concatVectors(
        t,
        this.keyChunks.map((c) => c[k]!),
      ),
    );
  }

  /** The groups and states as data another thread can merge (see mergePartial). */
  toPartial(): PartialGroups {
    this.flushOrdered();
    return {
      count: this.groupCount,
      keys: this.keyVectors().map(compactDictionary),
      states: this.states.map((s) => s.snapshot()),
    };
  }

  /** Folds a partial aggregate made by another thread into this one. */
  mergePartial(partial: PartialGroups, directValues: readonly (readonly Scalar[])[]): void {
    const states = this.aggs.map((a, i) => {
      const st = a.fn.create({ direct: directValues[i]! });
      st.restore(partial.states[i]!);
      return st;
    });
    this.mergeGroups(partial.keys, partial.count, states);
  }

  /** Folds another partition's groups and states into this one. */
  merge(other: GroupingState): void {
    other.flushOrdered();
    this.mergeGroups(other.keyVectors(), other.groupCount, other.states);
  }

  private mergeGroups(keys: readonly Vector[], count: number, otherStates: readonly AggregateState[]): void {
    if (count === 0) return;
    const before = this.table.size;
    const mapping = this.table.ids(keys, count, true);
    const size = this.table.size;
    if (size > before) {
      const rows = new Int32Array(size - before);
      let next = before;
      for (let i = 0; i < count && next < size; i++) if (mapping[i] === next) rows[next++ - before] = i;
      this.keyChunks.push(keys.map((k) => gather(k, rows, rows.length)));
    }
    this.states.forEach((s, a) => {
      s.resize(size);
      s.merge(otherStates[a]!, mapping);
    });
  }
}

/** One grouping set's groups as moved between threads: key vectors and state snapshots. */
export interface PartialGroups {
  readonly count: number;
  readonly keys: readonly Vector[];
  readonly states: readonly StateSnapshot[];
}

/** Where an aggregate's partial results come from when they are computed elsewhere (workers). */
export type PartialInput = (ctx: TaskContext) => AsyncIterable<readonly PartialGroups[]>;

type Expr = AggregateCall['args'][number];

export class HashAggregateExec extends ExecNode {
  readonly name = 'HashAggregate';

  constructor(
    schema: readonly OutputColumn[],
    private readonly input: ExecNode,
    private readonly groupExprs: readonly Evaluator[],
    private readonly groupSource: readonly Expr[],
    private readonly aggs: readonly AggregateSpec[],
    /** Grouping sets as group indexes; null: one set with every group expression. */
    private readonly sets: readonly (readonly number[])[] | null,
    /** When set, partial aggregates computed elsewhere (worker threads) replace reading `input`. */
    private readonly partials: PartialInput | null = null,
  ) {
    super(schema, 1, [input]);
  }

  /** Whether partial aggregates per partition can be merged (not for DISTINCT or ORDER BY aggregates). */
  static mergeable(calls: readonly AggregateCall[]): boolean {
    return calls.every((c) => !c.distinct && c.orderBy.length === 0);
  }

  /** Reserves memory for new groups: their key values, hash slots and aggregate states. */
  private reserveGroups(ctx: TaskContext, added: number, keys: number): void {
    if (added > 0) ctx.memory.reserve(added * (16 + 8 * keys + 16 * this.aggs.length), this.name);
  }

  private groupingSets(): readonly (readonly number[])[] {
    return this.sets ?? [this.groupSource.map((_, i) => i)];
  }

  private directValues(ctx: TaskContext): Scalar[][] {
    return this.aggs.map((a) =>
      a.direct.map((d) => {
        const v = d(ONE_ROW, ctx);
        return v.kind === 'const' ? v.value : null;
      }),
    );
  }

  private newStates(directValues: readonly (readonly Scalar[])[]): GroupingState[] {
    return this.groupingSets().map(
      (set) =>
        new GroupingState(
          set.map((i) => this.groupSource[i]!.type),
          this.aggs,
          directValues,
        ),
    );
  }

  /** Aggregates the input's partitions into one set of states per grouping set. */
  private async consume(
    ctx: TaskContext,
    directValues: readonly (readonly Scalar[])[],
  ): Promise<GroupingState[]> {
    const sets = this.groupingSets();
    let global: GroupingState[] | null = null;
    // DISTINCT and ORDER BY aggregates need all of a group's rows in one state: partial states
    // per partition would count a value twice or concatenate out of order.
    const single = !HashAggregateExec.mergeable(this.aggs.map((a) => a.call));
    for (let p = 0; p < this.input.partitions; p++) {
      const local: GroupingState[] = single && global !== null ? global : this.newStates(directValues);
      for await (const batch of this.input.execute(p, ctx)) {
        const groupValues = this.groupExprs.map((g) => g(batch, ctx));
        const argCache = new Map<Evaluator, Vector>();
        sets.forEach((set, s) => {
          const before = local[s]!.groupCount;
          local[s]!.add(
            set.map((i) => groupValues[i]!),
            batch,
            ctx,
            argCache,
          );
          this.reserveGroups(ctx, local[s]!.groupCount - before, set.length);
        });
      }
      if (global === null) global = local;
      else if (local !== global) global.forEach((g, s) => g.merge(local[s]!));
    }
    return global ?? this.newStates(directValues);
  }

  /** This aggregate reading partial aggregates from elsewhere (`input` is then only shown by EXPLAIN). */
  withPartials(input: ExecNode, partials: PartialInput): HashAggregateExec {
    return new HashAggregateExec(
      this.schema,
      input,
      this.groupExprs,
      this.groupSource,
      this.aggs,
      this.sets,
      partials,
    );
  }

  /** The partial aggregate of this node's input, for a worker to send back. */
  async partial(ctx: TaskContext): Promise<PartialGroups[]> {
    return (await this.consume(ctx, this.directValues(ctx))).map((g) => g.toPartial());
  }

  override detail(): string {
    const parts: string[] = [];
    if (this.groupSource.length > 0) parts.push(`group by: ${this.groupSource.map(explainExpr).join(', ')}`);
    if (this.sets !== null) parts.push(`${this.sets.length} grouping sets`);
    if (this.aggs.length > 0) {
      parts.push(
        `aggregates: ${this.aggs.map((a) => `${a.fn.name}(${a.call.distinct ? 'DISTINCT ' : ''}${a.call.args.map(explainExpr).join(', ')})`).join(', ')}`,
      );
    }
    return parts.join('; ');
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const sets = this.groupingSets();
    const directValues = this.directValues(ctx);
    let global: GroupingState[];
    if (this.partials === null) global = await this.consume(ctx, directValues);
    else {
      global = this.newStates(directValues);
      for await (const partial of this.partials(ctx)) {
        partial.forEach((p, s) => {
          const before = global[s]!.groupCount;
          global[s]!.mergePartial(p, directValues);
          this.reserveGroups(ctx, global[s]!.groupCount - before, sets[s]!.length);
        });
      }
    }
    global.forEach((g) => g.flushOrdered());
    for (let s = 0; s < sets.length; s++) {
      const state = global[s]!;
      const set = sets[s]!;
      let count = state.groupCount;
      const keys = state.keyVectors();
      // A set with no keys (a global aggregate or ()) yields one row even over no input.
      if (set.length === 0 && count === 0) {
        count = 1;
        state.states.forEach((st) => st.resize(1));
      }
      const columns: Vector[] = [];
      this.groupSource.forEach((g, i) => {
        const k = set.indexOf(i);
        columns.push(k >= 0 ? keys[k]! : nullVector(g.type, count));
      });
      for (const st of state.states) columns.push(st.finish(count));
      if (this.sets !== null) {
        let mask = 0;
        this.groupSource.forEach((_, i) => {
          if (!set.includes(i)) mask |= 1 << (this.groupSource.length - 1 - i);
        });
        columns.push(constVector(Types.int8, mask, count));
      }
      const out: Batch = { length: count, columns };
      for (let start = 0; start < count; start += BATCH_SIZE)
        yield sliceBatch(out, start, Math.min(count, start + BATCH_SIZE));
    }
  }
}
