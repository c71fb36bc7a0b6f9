// HashJoinExec: builds a hash table over the right input and probes it with each left partition.
// Without equality keys every right row is a candidate (nested loops). Handles inner, left, right,
// full, semi, anti, single (scalar subqueries: at most one match) and mark joins (IN/EXISTS as a
// three-valued column), including PostgreSQL's NULL rules for IN.

import { KeyFilter } from '../key-filter.js';
import { ScanExec } from './scan.js';
import { BATCH_SIZE, type Batch } from '../../columnar/batch.js';
import type { BoolVector, Vector } from '../../columnar/vector.js';
import { gather, nullVector } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import type { JoinType, OutputColumn } from '../../logical/plan.js';
import { Types } from '../../types/data-type.js';
import { ExecNode } from '../exec-node.js';
import { type Evaluator, truthValues } from '../expr/compile.js';
import { KeptShare } from '../kept-share.js';
import { explainExpr } from '../../logical/explain-expr.js';
import { GroupTable } from '../hash/group-table.js';
import { materializeAll } from './materialize.js';

export interface JoinSpec {
  /**
   * right_semi / right_anti: a semi or anti join with the inputs swapped, yielding the build (right)
   * rows some probe row matches, or none does, once every probe row is in.
   */
  readonly joinType: Exclude<JoinType, 'right'> | 'right_semi' | 'right_anti';
  readonly leftKeys: readonly Evaluator[];
  readonly rightKeys: readonly Evaluator[];
  readonly keyTypes: readonly Expr['type'][];
  /** Per key: whether NULL matches NULL (IS NOT DISTINCT FROM) rather than nothing (=). */
  readonly nullSafe: readonly boolean[];
  /** Remaining condition over (left columns, right columns). */
  readonly residual: Evaluator | null;
  /** Positions in (left columns, right columns) that the residual and markCondition read. */
  readonly conditionColumns: readonly number[];
  /** Mark joins: `left = right` compared with IN's NULL rules through the hash table. */
  readonly markKey: {
    readonly left: Evaluator;
    readonly right: Evaluator;
    readonly type: Expr['type'];
  } | null;
  /** Mark joins: any other comparison, evaluated three-valued per candidate pair. */
  readonly markCondition: Evaluator | null;
  /** Position of the first left key in the left input when it is a plain column, else null. */
  readonly probeColumn: number | null;
  /** For EXPLAIN. */
  readonly text: { keys: string; residual: string | null };
}

interface BuildSide {
  readonly batch: Batch;
  readonly table: GroupTable | null;
  readonly head: Int32Array;
  readonly next: Int32Array;
  /** Null-aware mark: table over (keys, mark key) and per-key-group flags. */
  readonly markTable: GroupTable | null;
  readonly groupHasNullMark: Uint8Array | null;
  matched: Uint8Array;
  /** Probe rows tested against the build keys (probeCandidates), and those kept. */
  readonly candidates: KeptShare;
}

const PAIR_CHUNK = BATCH_SIZE;

/** `a`'s values in a new array of `size` entries. */
function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * Build rows in key order (each key's rows in their order, rows without a key last) and where each
 * key's rows start; null when every key has one row (nothing to gain from moving them).
 */
function groupedOrder(ids: Int32Array, groups: number): { rows: Int32Array; starts: Int32Array } | null {
  const m = ids.length;
  const starts = new Int32Array(groups + 1);
  for (let r = 0; r < m; r++) {
    const g = ids[r]!;
    if (g >= 0) starts[g + 1]!++;
  }
  for (let g = 0; g < groups; g++) starts[g + 1]! += starts[g]!;
  if (starts[groups] === groups) return null;
  const fill = starts.slice(0, groups);
  let tail = starts[groups]!;
  const rows = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const g = ids[r]!;
    rows[g >= 0 ? fill[g]!++ : tail++] = r;
  }
  return { rows, starts };
}

function rowIsNull(v: Vector, i: number): boolean {
  if (v.kind === 'const') return v.value === null;
  return v.validity !== null && (v.validity[i >>> 3]! & (1 << (i & 7))) === 0;
}

export class HashJoinExec extends ExecNode {
  get name(): string {
    const label = this.spec.joinType
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('');
    return this.spec.leftKeys.length > 0 ? `HashJoin[${label}]` : `NestedLoopJoin[${label}]`;
  }

  private readonly builds = new WeakMap<TaskContext, Promise<BuildSide>>();

  constructor(
    schema: readonly OutputColumn[],
    private readonly left: ExecNode,
    private readonly right: ExecNode,
    private readonly spec: JoinSpec,
  ) {
    // Unmatched right rows of a full join (and the right rows of right_semi/right_anti) come after
    // every probe, so it runs as one partition.
    super(schema, afterProbes(spec.joinType) ? 1 : left.partitions, [left, right]);
  }

  override detail(): string {
    const parts: string[] = [];
    if (this.spec.text.keys !== '') parts.push(this.spec.text.keys);
    if (this.spec.text.residual !== null) parts.push(`filter: ${this.spec.text.residual}`);
    return parts.join('; ');
  }

  private build(ctx: TaskContext): Promise<BuildSide> {
    let b = this.builds.get(ctx);
    if (b === undefined) {
      b = this.buildSide(ctx);
      this.builds.set(ctx, b);
    }
    return b;
  }

  private async buildSide(ctx: TaskContext): Promise<BuildSide> {
    let batch = await materializeAll(this.right, ctx, `${this.name} build side`);
    const m = batch.length;
    const spec = this.spec;
    let table: GroupTable | null = null;
    let head = new Int32Array(1).fill(-1);
    // The chain links and the hash heads (sized like the chains).
    ctx.memory.reserve(8 * m, `${this.name} build side`);
    const next = new Int32Array(m).fill(-1);
    if (spec.rightKeys.length > 0) {
      table = new GroupTable(spec.keyTypes);
      const keys = spec.rightKeys.map((k) => k(batch, ctx));
      const ids = table.ids(keys, m, true, spec.nullSafe);
      head = new Int32Array(table.size).fill(-1);
      const order = groupedOrder(ids, table.size);
      if (order === null) {
        for (let r = m - 1; r >= 0; r--) {
          const g = ids[r]!;
          if (g < 0) continue;
          next[r] = head[g]!;
          head[g] = r;
        }
      } else {
        // Stored grouped by key, a key's chain walks consecutive rows, and the rows a probe
        // gathers are neighbours: no cache miss per row of a key with many rows.
        batch = { length: m, columns: batch.columns.map((c) => gather(c, order.rows, m)) };
        for (let g = 0; g < table.size; g++) {
          const from = order.starts[g]!;
          const to = order.starts[g + 1]!;
          head[g] = from;
          for (let r = from; r < to - 1; r++) next[r] = r + 1;
        }
      }
    } else if (m > 0) {
      head[0] = 0;
      for (let r = 0; r < m - 1; r++) next[r] = r + 1;
    }
    let markTable: GroupTable | null = null;
    let groupHasNullMark: Uint8Array | null = null;
    if (spec.markKey !== null) {
      const keys = spec.rightKeys.map((k) => k(batch, ctx));
      const markValues = spec.markKey.right(batch, ctx);
      markTable = new GroupTable([...spec.keyTypes, spec.markKey.type]);
      markTable.ids([...keys, markValues], m, true, [...spec.nullSafe, false]);
      const groups = table === null ? new Int32Array(m) : table.ids(keys, m, false, spec.nullSafe);
      groupHasNullMark = new Uint8Array(Math.max(1, head.length));
      for (let r = 0; r < m; r++)
        if (groups[r]! >= 0 && rowIsNull(markValues, r)) groupHasNullMark[groups[r]!] = 1;
    }
    return {
      batch,
      table,
      head,
      next,
      markTable,
      groupHasNullMark,
      matched: new Uint8Array(m),
      candidates: new KeptShare(),
    };
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const build = await this.build(ctx);
    this.filterProbes(build, ctx);
    const type = this.spec.joinType;
    if (afterProbes(type)) {
      for (let p = 0; p < this.left.partitions; p++) {
        for await (const batch of this.left.execute(p, ctx)) yield* this.probe(batch, build, ctx);
      }
      if (type === 'full') yield* this.unmatchedRight(build);
      else yield* this.buildRows(build, type === 'right_semi' ? 1 : 0);
      return;
    }
    for await (const batch of this.left.execute(partition, ctx)) yield* this.probe(batch, build, ctx);
  }

  private pairBatch(
    left: Batch,
    right: Batch,
    li: Int32Array,
    ri: Int32Array,
    count: number,
    rightMissing: boolean,
  ): Batch {
    return {
      length: count,
      columns: [
        ...left.columns.map((c) => gather(c, li, count)),
        ...right.columns.map((c) => gather(c, ri, count, rightMissing)),
      ],
    };
  }

  /** The candidate pairs with only the columns the join's conditions read (others typed NULLs). */
  private conditionBatch(left: Batch, right: Batch, li: Int32Array, ri: Int32Array, count: number): Batch {
    const width = left.columns.length;
    const columns: Vector[] = [...left.columns, ...right.columns].map((c) => nullVector(c.type, count));
    for (const c of this.spec.conditionColumns) {
      columns[c] =
        c < width ? gather(left.columns[c]!, li, count) : gather(right.columns[c - width]!, ri, count);
    }
    return { length: count, columns };
  }

  /**
   * The build keys, when probe rows whose first key they cannot hold may be dropped unseen: joins
   * that only emit or mark probe rows with a match, on a key where NULL matches nothing.
   */
  private droppingKeys(build: BuildSide): GroupTable | null {
    const type = this.spec.joinType;
    if (this.spec.nullSafe[0] === true) return null;
    return type === 'inner' || type === 'semi' || type === 'right_semi' ? build.table : null;
  }

  /** Lets a probe-side scan skip the rows no build key matches (see key-filter.ts). */
  private filterProbes(build: BuildSide, ctx: TaskContext): void {
    const table = this.droppingKeys(build);
    const column = this.spec.probeColumn;
    if (table === null || column === null || !(this.left instanceof ScanExec)) return;
    if (!ctx.keyFilters.has(this.left)) ctx.keyFilters.set(this.left, new KeyFilter(column, table));
  }

  /**
   * For joins that only emit or mark probe rows with a match: the probe rows whose first key the
   * build side may hold, when that rules out at least half of them (with the keys evaluated on
   * them), else the batch as it is. A small build side then costs one tight loop per probe row.
   */
  private probeCandidates(batch: Batch, keys: Vector[], build: BuildSide): { batch: Batch; keys: Vector[] } {
    const table = this.droppingKeys(build);
    if (table === null) return { batch, keys };
    const n = batch.length;
    const rows = new Int32Array(n);
    const count = table.knownFirstKeys(keys[0]!, n, rows, build.candidates.few);
    if (count < 0) return { batch, keys };
    build.candidates.add(n, count);
    if (count * 2 > n) return { batch, keys };
    return {
      batch: { length: count, columns: batch.columns.map((c) => gather(c, rows, count)) },
      keys: keys.map((k) => gather(k, rows, count)),
    };
  }

  private *probe(input: Batch, build: BuildSide, ctx: TaskContext): Generator<Batch> {
    const spec = this.spec;
    const type = spec.joinType;
    const { batch, keys } = this.probeCandidates(
      input,
      spec.leftKeys.map((k) => k(input, ctx)),
      build,
    );
    const n = batch.length;
    let probeIds: Int32Array;
    if (build.table !== null) {
      probeIds = build.table.ids(keys, n, false, spec.nullSafe);
    } else {
      probeIds = new Int32Array(n);
      if (build.batch.length === 0) probeIds.fill(-1);
    }
    if (type === 'mark' && spec.markKey !== null) {
      yield this.nullAwareMark(batch, build, probeIds, ctx);
      return;
    }
    const matchedLeft = new Uint8Array(n);
    const marksBuild = type === 'right_semi' || type === 'right_anti';
    const markTruth = type === 'mark' ? new Uint8Array(n) : null;
    const firstOnly =
      (type === 'semi' || type === 'anti' || (type === 'mark' && spec.markCondition === null)) &&
      spec.residual === null;
    const emitsPairs = type === 'inner' || type === 'left' || type === 'full' || type === 'single';
    // Candidate pairs, flushed every PAIR_CHUNK; sized for a few per probe row at first (a batch of
    // a few candidate rows should not allocate a whole chunk) and grown up to PAIR_CHUNK.
    let li = new Int32Array(Math.min(PAIR_CHUNK, Math.max(64, n)));
    let ri = new Int32Array(li.length);
    let count = 0;
    const out: Batch[] = [];
    const flush = () => {
      if (count === 0) return;
      let keep: Uint8Array | null = null;
      let pairs: Batch | null = null;
      if (spec.residual !== null || spec.markCondition !== null) {
        pairs = this.conditionBatch(batch, build.batch, li, ri, count);
        if (spec.residual !== null) keep = truthValues(spec.residual(pairs, ctx), count);
      }
      const marks = spec.markCondition !== null ? truthValues(spec.markCondition(pairs!, ctx), count) : null;
      let kept = 0;
      const keptLeft = emitsPairs ? new Int32Array(count) : li;
      const keptRight = emitsPairs ? new Int32Array(count) : ri;
      for (let k = 0; k < count; k++) {
        if (keep !== null && keep[k] !== 1) continue;
        const l = li[k]!;
        const r = ri[k]!;
        if (type === 'single' && matchedLeft[l] === 1) {
          throw new LarchError(
            SqlState.cardinalityViolation,
            'more than one row returned by a subquery used as an expression',
          );
        }
        matchedLeft[l] = 1;
        build.matched[r] = 1;
        if (markTruth !== null) {
          const t = marks === null ? 1 : marks[k]!;
          if (t === 1) markTruth[l] = 1;
          else if (t === 2 && markTruth[l] !== 1) markTruth[l] = 2;
        }
        keptLeft[kept] = l;
        keptRight[kept] = r;
        kept++;
      }
      if (emitsPairs && kept > 0)
        out.push(this.pairBatch(batch, build.batch, keptLeft, keptRight, kept, false));
      count = 0;
    };
    for (let i = 0; i < n; i++) {
      const g = probeIds[i]!;
      if (g < 0) continue;
      // Without a residual a key's rows are all matched at once: a key seen before is done.
      if (marksBuild && spec.residual === null && build.matched[build.head[g]!] === 1) continue;
      for (let r = build.head[g]!; r >= 0; r = build.next[r]!) {
        li[count] = i;
        ri[count] = r;
        count++;
        if (count === li.length) {
          if (count < PAIR_CHUNK) {
            li = grown(li, Math.min(PAIR_CHUNK, count * 2));
            ri = grown(ri, li.length);
          } else {
            flush();
            yield* out.splice(0);
          }
        }
        if (firstOnly) break;
      }
    }
    flush();
    yield* out.splice(0);
    switch (type) {
      case 'left':
      case 'full':
      case 'single': {
        const rows: number[] = [];
        for (let i = 0; i < n; i++) if (matchedLeft[i] === 0) rows.push(i);
        if (rows.length > 0) {
          const idx = Int32Array.from(rows);
          yield this.pairBatch(
            batch,
            build.batch,
            idx,
            new Int32Array(idx.length).fill(-1),
            idx.length,
            true,
          );
        }
        return;
      }
      case 'semi':
      case 'anti': {
        const want = type === 'semi' ? 1 : 0;
        const rows: number[] = [];
        for (let i = 0; i < n; i++) if (matchedLeft[i] === want) rows.push(i);
        if (rows.length > 0) {
          const idx = Int32Array.from(rows);
          yield { length: idx.length, columns: batch.columns.map((c) => gather(c, idx, idx.length)) };
        }
        return;
      }
      case 'mark':
        yield { length: n, columns: [...batch.columns, markVector(markTruth!, n)] };
        return;
      default:
        return;
    }
  }

  /** x IN (…) by hash: true on a match; else NULL if x is NULL or the group holds a NULL; else false. */
  private nullAwareMark(batch: Batch, build: BuildSide, groups: Int32Array, ctx: TaskContext): Batch {
    const spec = this.spec;
    const n = batch.length;
    const x = spec.markKey!.left(batch, ctx);
    const keys = spec.leftKeys.map((k) => k(batch, ctx));
    const found = build.markTable!.ids([...keys, x], n, false, [...spec.nullSafe, false]);
    const truth = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0) truth[i] = 0;
      else if (found[i]! >= 0) truth[i] = 1;
      else if (rowIsNull(x, i) || build.groupHasNullMark![g] === 1) truth[i] = 2;
      else truth[i] = 0;
    }
    return { length: n, columns: [...batch.columns, markVector(truth, n)] };
  }

  /** The build rows whose matched flag is `want`, with the build side's columns only. */
  private *buildRows(build: BuildSide, want: number): Generator<Batch> {
    for (const idx of matchedChunks(build, want)) {
      yield { length: idx.length, columns: build.batch.columns.map((c) => gather(c, idx, idx.length)) };
    }
  }

  /** The build rows no probe row matched (full joins), with NULLs for the probe side's columns. */
  private *unmatchedRight(build: BuildSide): Generator<Batch> {
    for (const idx of matchedChunks(build, 0)) {
      const missing = new Int32Array(idx.length).fill(-1);
      yield {
        length: idx.length,
        columns: [
          ...this.left.schema.map((c) =>
            gather(
              { kind: 'const', type: c.type, length: 0, validity: null, value: null },
              missing,
              idx.length,
              true,
            ),
          ),
          ...build.batch.columns.map((c) => gather(c, idx, idx.length)),
        ],
      };
    }
  }
}

/** Indexes of the build rows whose matched flag is `want`, a batch's worth at a time. */
function* matchedChunks(build: BuildSide, want: number): Generator<Int32Array> {
  const rows: number[] = [];
  for (let r = 0; r < build.batch.length; r++) if (build.matched[r] === want) rows.push(r);
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    yield Int32Array.from(rows.slice(start, start + BATCH_SIZE));
  }
}

function afterProbes(type: JoinSpec['joinType']): boolean {
  return type === 'full' || type === 'right_semi' || type === 'right_anti';
}

function markVector(truth: Uint8Array, n: number): BoolVector {
  const data = new Uint8Array(n);
  let validity: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (truth[i] === 2) {
      validity ??= new Uint8Array((n + 7) >>> 3).fill(0xff);
      validity[i >>> 3]! &= ~(1 << (i & 7));
    } else data[i] = truth[i]!;
  }
  return { kind: 'bool', type: Types.bool, length: n, validity, data };
}

export function joinKeysText(left: readonly Expr[], right: readonly Expr[]): string {
  return left.map((l, i) => `${explainExpr(l)} = ${explainExpr(right[i]!)}`).join(' AND ');
}
