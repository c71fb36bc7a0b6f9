// Compiles bound expressions into evaluators over batches. Each node runs a vectorized kernel over
// whole columns; AND, OR, CASE and COALESCE evaluate later branches only on the rows that need
// them, so `x <> 0 AND 1 / x > 1` never divides by zero.

import { getBit, newBitmap } from '../../columnar/bitmap.js';
import type { Batch } from '../../columnar/batch.js';
import type { BoolVector, Scalar, Vector } from '../../columnar/vector.js';
import { constVector, gather, getScalar, nullVector, vectorFromScalars } from '../../columnar/vector-ops.js';
import { invariant, LarchError, SqlState } from '../../engine/errors.js';
import { castVector } from '../../functions/cast.js';
import { comparisonKernel } from '../../functions/scalar/comparison.js';
import { GroupTable } from '../hash/group-table.js';
import type { CastExpr, ColumnId, Expr } from '../../logical/expr.js';
import { Types } from '../../types/data-type.js';
import type { TaskContext } from '../../execution/task-context.js';

/** Evaluates an expression over a batch: one vector of batch.length rows. */
export type Evaluator = (batch: Batch, ctx: TaskContext) => Vector;

/** Maps column ids to their positions in the input batches. */
export type Layout = ReadonlyMap<ColumnId, number>;

export function layoutOf(ids: readonly ColumnId[]): Layout {
  return new Map(ids.map((id, i) => [id, i]));
}

/** Truth of each row of a boolean vector: 1 true, 0 false, 2 NULL. */
export function truthValues(v: Vector, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (v.kind === 'const') {
    out.fill(v.value === null ? 2 : v.value ? 1 : 0);
    return out;
  }
  invariant(v.kind === 'bool', `boolean expected, got ${v.kind}`);
  const data = v.data;
  const validity = v.validity;
  if (validity === null) {
    out.set(data.subarray(0, n));
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = (validity[i >>> 3]! & (1 << (i & 7))) === 0 ? 2 : data[i]!;
  return out;
}

function boolFromTruth(truth: Uint8Array, n: number): BoolVector {
  const data = new Uint8Array(n);
  let validity: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const t = truth[i]!;
    if (t === 2) {
      validity ??= newBitmap(n, true);
      validity[i >>> 3]! &= ~(1 << (i & 7));
    } else data[i] = t;
  }
  return { kind: 'bool', type: Types.bool, length: n, validity, data };
}

/** Gathers only the listed columns of a batch (others become typed NULL placeholders). */
function gatherColumns(batch: Batch, rows: Int32Array, count: number, used: readonly number[]): Batch {
  const columns = batch.columns.slice() as Vector[];
  for (const c of used) columns[c] = gather(batch.columns[c]!, rows, count);
  for (let c = 0; c < columns.length; c++) {
    if (!used.includes(c)) columns[c] = nullVector(batch.columns[c]!.type, count);
  }
  return { length: count, columns };
}

/** Writes `part` (rows = `rows`) into `target` positions of a vector being assembled. */
function scatterInto(values: Scalar[], part: Vector, rows: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) values[rows[i]!] = getScalar(part, i);
}

export interface CompiledExpr {
  readonly evaluate: Evaluator;
  /** Input positions the expression reads. */
  readonly columns: readonly number[];
}

export function compileExpr(expr: Expr, layout: Layout): Evaluator {
  return compile(expr, layout).evaluate;
}

function columnsOf(expr: Expr, layout: Layout): number[] {
  const out = new Set<number>();
  const visit = (e: Expr) => {
    if (e.kind === 'column') {
      const p = layout.get(e.id);
      if (p !== undefined) out.add(p);
    }
    switch (e.kind) {
      case 'call':
      case 'and':
      case 'or':
      case 'coalesce':
        e.args.forEach(visit);
        break;
      case 'cast':
        visit(e.expr);
        break;
      case 'not':
      case 'is_null':
        visit(e.arg);
        break;
      case 'case':
        e.whens.forEach((w) => {
          visit(w.when);
          visit(w.then);
        });
        visit(e.else);
        break;
      case 'in_list':
        visit(e.arg);
        e.list.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(expr);
  return [...out];
}

export function compile(expr: Expr, layout: Layout): CompiledExpr {
  return { evaluate: build(expr, layout), columns: columnsOf(expr, layout) };
}

/** Evaluates `e` on the rows `rows[0..count)` of the batch only. */
function evaluateOn(
  e: CompiledExpr,
  batch: Batch,
  rows: Int32Array,
  count: number,
  ctx: TaskContext,
): Vector {
  if (count === batch.length) return e.evaluate(batch, ctx);
  return e.evaluate(gatherColumns(batch, rows, count, e.columns), ctx);
}

function build(expr: Expr, layout: Layout): Evaluator {
  switch (expr.kind) {
    case 'column': {
      const pos = layout.get(expr.id);
      invariant(pos !== undefined, `column ${expr.name} (#${expr.id}) is not in the input`);
      return (batch) => batch.columns[pos]!;
    }
    case 'literal': {
      const { value, type } = expr;
      return (batch) => constVector(type, value, batch.length);
    }
    case 'param': {
      const { index, type } = expr;
      return (batch, ctx) => constVector(type, ctx.params[index - 1] ?? null, batch.length);
    }
    case 'call': {
      const args = expr.args.map((a) => build(a, layout));
      const { fn } = expr;
      const resultType = expr.type;
      return (batch, ctx) => {
        const values = args.map((a) => a(batch, ctx));
        const r = fn.kernel(values, batch.length, ctx.evalContext);
        return r.type === resultType ? r : ({ ...r, type: resultType } as Vector);
      };
    }
    case 'cast': {
      const arg = build(expr.expr, layout);
      const { type } = expr;
      return (batch, ctx) => castVector(arg(batch, ctx), type, ctx.evalContext);
    }
    case 'not': {
      const arg = build(expr.arg, layout);
      return (batch, ctx) => {
        const v = arg(batch, ctx);
        if (v.kind === 'const')
          return constVector(Types.bool, v.value === null ? null : !v.value, batch.length);
        invariant(v.kind === 'bool', 'NOT over a non-boolean');
        const data = new Uint8Array(v.length);
        for (let i = 0; i < v.length; i++) data[i] = 1 - v.data[i]!;
        return { ...v, data };
      };
    }
    case 'is_null': {
      const arg = build(expr.arg, layout);
      const negated = expr.negated;
      return (batch, ctx) => {
        const v = arg(batch, ctx);
        const n = batch.length;
        if (v.kind === 'const') return constVector(Types.bool, (v.value === null) !== negated, n);
        const data = new Uint8Array(n);
        const validity = v.validity;
        for (let i = 0; i < n; i++) {
          const isNull = validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0;
          data[i] = isNull !== negated ? 1 : 0;
        }
        return { kind: 'bool', type: Types.bool, length: n, validity: null, data };
      };
    }
    case 'and':
    case 'or':
      return buildLogical(
        expr.kind,
        expr.args.map((a) => compile(a, layout)),
        expr.args.every(isCheapComparison),
      );
    case 'case':
      return buildCase(
        expr.whens.map((w) => ({ when: compile(w.when, layout), then: compile(w.then, layout) })),
        compile(expr.else, layout),
        expr.type,
      );
    case 'coalesce':
      return buildCoalesce(
        expr.args.map((a) => compile(a, layout)),
        expr.type,
      );
    case 'in_list':
      return buildInList(expr, layout);
    case 'subquery':
      throw new LarchError(SqlState.internalError, 'internal error: a subquery was not planned as a join');
  }
}

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/**
 * A comparison of columns and constants, or a column IN a list of constants (or AND / OR of
 * them): cheaper to run on every row than to select the rows left undecided first, and it cannot
 * fail on any row.
 */
function isCheapComparison(e: Expr): boolean {
  if (e.kind === 'and' || e.kind === 'or') return e.args.every(isCheapComparison);
  if (e.kind === 'in_list')
    return (e.arg.kind === 'column' || isWideningCast(e.arg)) && e.list.every((x) => x.kind === 'literal');
  return (
    e.kind === 'call' &&
    COMPARISONS.has(e.fn.name) &&
    e.args.every((a) => a.kind === 'column' || a.kind === 'literal' || isWideningCast(a))
  );
}

/**
 * A cast of a column that keeps every value: integers to wider integers or to numeric, numeric(p, s)
 * to numeric, varchar to text.
 */
export function isWideningCast(e: Expr): e is CastExpr {
  if (e.kind !== 'cast' || e.expr.kind !== 'column') return false;
  const from = e.expr.type.id;
  const to = e.type;
  if (to.id === 'numeric') return to.precision === null && ['int2', 'int4', 'int8', 'numeric'].includes(from);
  // varchar values are text values as they are (char(n) is not: its trailing spaces go).
  if (to.id === 'text') return from === 'varchar';
  return (to.id === 'int4' && from === 'int2') || (to.id === 'int8' && (from === 'int2' || from === 'int4'));
}

/** Three-valued AND and OR over truth values 0, 1 and 2 (NULL): TABLE[3 * a + b]. */
const AND_TRUTH = Uint8Array.of(0, 0, 0, 0, 1, 2, 0, 2, 2);
const OR_TRUTH = Uint8Array.of(0, 1, 2, 1, 1, 1, 2, 1, 2);

function buildLogical(kind: 'and' | 'or', args: CompiledExpr[], cheap: boolean): Evaluator {
  if (cheap) {
    // Every argument on every row, combined by table.
    const table = kind === 'and' ? AND_TRUTH : OR_TRUTH;
    return (batch, ctx) => {
      const n = batch.length;
      const result = truthValues(args[0]!.evaluate(batch, ctx), n);
      for (let a = 1; a < args.length; a++) {
        const truth = truthValues(args[a]!.evaluate(batch, ctx), n);
        for (let i = 0; i < n; i++) result[i] = table[3 * result[i]! + truth[i]!]!;
      }
      return boolFromTruth(result, n);
    };
  }
  // AND: a false argument decides the row; OR: a true one does. Later arguments run only on
  // rows still undecided.
  const decisive = kind === 'and' ? 0 : 1;
  return (batch, ctx) => {
    const n = batch.length;
    const result = new Uint8Array(n).fill(1 - decisive);
    let open = new Int32Array(n);
    for (let i = 0; i < n; i++) open[i] = i;
    let openCount = n;
    for (const arg of args) {
      if (openCount === 0) break;
      const truth = truthValues(evaluateOn(arg, batch, open, openCount, ctx), openCount);
      const still = new Int32Array(openCount);
      openCount = decideRows(truth, open, openCount, decisive, result, still);
      open = still;
    }
    return boolFromTruth(result, n);
  };
}

/**
 * Records in `result` the rows `truth` decides (truth `decisive`) or makes NULL (2), and writes the
 * rows left open (not decided) to `still`; returns how many.
 */
function decideRows(
  truth: Uint8Array,
  open: Int32Array,
  count: number,
  decisive: number,
  result: Uint8Array,
  still: Int32Array,
): number {
  let next = 0;
  for (let k = 0; k < count; k++) {
    const row = open[k]!;
    const t = truth[k]!;
    if (t === decisive) result[row] = decisive;
    else {
      if (t === 2) result[row] = 2;
      still[next++] = row;
    }
  }
  return next;
}

function buildCase(
  whens: { when: CompiledExpr; then: CompiledExpr }[],
  otherwise: CompiledExpr,
  type: Expr['type'],
): Evaluator {
  return (batch, ctx) => {
    const n = batch.length;
    let open = new Int32Array(n);
    for (let i = 0; i < n; i++) open[i] = i;
    let openCount = n;
    const parts: { rows: Int32Array; count: number; value: Vector }[] = [];
    for (const w of whens) {
      if (openCount === 0) break;
      const cond = truthValues(evaluateOn(w.when, batch, open, openCount, ctx), openCount);
      const taken = new Int32Array(openCount);
      const rest = new Int32Array(openCount);
      let t = 0;
      let r = 0;
      for (let k = 0; k < openCount; k++) {
        if (cond[k] === 1) taken[t++] = open[k]!;
        else rest[r++] = open[k]!;
      }
      if (t > 0) parts.push({ rows: taken, count: t, value: evaluateOn(w.then, batch, taken, t, ctx) });
      open = rest;
      openCount = r;
    }
    if (openCount > 0)
      parts.push({ rows: open, count: openCount, value: evaluateOn(otherwise, batch, open, openCount, ctx) });
    if (parts.length === 1 && parts[0]!.count === n) return retype(parts[0]!.value, type);
    const values = new Array<Scalar>(n).fill(null);
    for (const p of parts) scatterInto(values, p.value, p.rows, p.count);
    return vectorFromScalars(type, values);
  };
}

function retype(v: Vector, type: Expr['type']): Vector {
  return v.type === type ? v : ({ ...v, type } as Vector);
}

function buildCoalesce(args: CompiledExpr[], type: Expr['type']): Evaluator {
  return (batch, ctx) => {
    const n = batch.length;
    let open = new Int32Array(n);
    for (let i = 0; i < n; i++) open[i] = i;
    let openCount = n;
    const values = new Array<Scalar>(n).fill(null);
    let first: Vector | null = null;
    for (const arg of args) {
      if (openCount === 0) break;
      const v = evaluateOn(arg, batch, open, openCount, ctx);
      if (first === null && openCount === n && (v.kind === 'const' ? v.value !== null : v.validity === null))
        return retype(v, type);
      first ??= v;
      const rest = new Int32Array(openCount);
      let r = 0;
      for (let k = 0; k < openCount; k++) {
        const x = getScalar(v, k);
        if (x === null) rest[r++] = open[k]!;
        else values[open[k]!] = x;
      }
      open = rest;
      openCount = r;
    }
    return vectorFromScalars(type, values);
  };
}

function buildInList(expr: Expr & { kind: 'in_list' }, layout: Layout): Evaluator {
  const arg = build(expr.arg, layout);
  const negated = expr.negated;
  const constants = expr.list.every((e) => e.kind === 'literal');
  if (constants && expr.list.length > 0) {
    // Hash the constant list once; a NULL in the list makes misses NULL, as SQL says.
    const listValues = expr.list.map((e) => (e as { value: Scalar }).value);
    const hasNull = listValues.some((v) => v === null);
    const table = new GroupTable([expr.arg.type]);
    const nonNull = listValues.filter((v) => v !== null);
    table.ids([vectorFromScalars(expr.arg.type, nonNull)], nonNull.length, true);
    // Dictionary-encoded strings are looked up once per dictionary entry (dictionaries are shared by
    // the batches of a column chunk), then per row by code.
    const dictIds = new WeakMap<readonly string[], Int32Array>();
    const idsOf = (v: Vector, n: number): ArrayLike<number> => {
      if (v.kind !== 'string') return table.ids([v], n, false, false);
      let perEntry = dictIds.get(v.dict);
      if (perEntry === undefined) {
        const entries = v.dict.length;
        const codes = Int32Array.from({ length: entries }, (_, i) => i);
        const dict: Vector = { ...v, length: entries, validity: null, codes };
        perEntry = Int32Array.from(table.ids([dict], entries, false, false));
        dictIds.set(v.dict, perEntry);
      }
      const ids = new Int32Array(n);
      for (let i = 0; i < n; i++) ids[i] = perEntry[v.codes[i]!]!;
      return ids;
    };
    return (batch, ctx) => {
      const n = batch.length;
      const v = arg(batch, ctx);
      const ids = idsOf(v, n);
      const data = new Uint8Array(n);
      if (v.kind !== 'const' && v.validity === null && !hasNull) {
        // No NULLs anywhere: a plain membership test.
        for (let i = 0; i < n; i++) data[i] = ids[i]! >= 0 !== negated ? 1 : 0;
        return { kind: 'bool', type: Types.bool, length: n, validity: null, data };
      }
      let validity: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const isNull = v.kind === 'const' ? v.value === null : v.validity !== null && !getBit(v.validity, i);
        if (isNull || (ids[i]! < 0 && hasNull)) {
          validity ??= newBitmap(n, true);
          validity[i >>> 3]! &= ~(1 << (i & 7));
          continue;
        }
        data[i] = ids[i]! >= 0 !== negated ? 1 : 0;
      }
      return { kind: 'bool', type: Types.bool, length: n, validity, data };
    };
  }
  // Expressions in the list: x = e1 OR x = e2 …, three-valued.
  const eq = comparisonKernel('eq', expr.arg.type);
  const items = expr.list.map((e) => build(e, layout));
  return (batch, ctx) => {
    const n = batch.length;
    const x = arg(batch, ctx);
    const truth = new Uint8Array(n);
    for (const item of items) {
      const r = truthValues(eq([x, item(batch, ctx)], n, ctx.evalContext), n);
      for (let i = 0; i < n; i++) {
        const t = r[i]!;
        if (t === 1) truth[i] = 1;
        else if (t === 2 && truth[i] !== 1) truth[i] = 2;
      }
    }
    if (negated) for (let i = 0; i < n; i++) truth[i] = truth[i] === 2 ? 2 : 1 - truth[i]!;
    return boolFromTruth(truth, n);
  };
}

/** Rows where a predicate is true, as indexes. */
export function selectTrue(v: Vector, n: number): { rows: Int32Array; count: number } {
  const rows = new Int32Array(n);
  let count = 0;
  if (v.kind === 'const') {
    if (v.value === true) {
      for (let i = 0; i < n; i++) rows[i] = i;
      count = n;
    }
    return { rows, count };
  }
  invariant(v.kind === 'bool', 'predicate must be boolean');
  const data = v.data;
  const validity = v.validity;
  // Branch-free: every row is written, and kept by advancing past it (data holds 0 or 1).
  if (validity === null) {
    for (let i = 0; i < n; i++) {
      rows[count] = i;
      count += data[i]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      rows[count] = i;
      count += data[i]! & (validity[i >>> 3]! >>> (i & 7));
    }
  }
  return { rows, count };
}
