// Fused filters: the conjuncts of a scan's or filter's predicate that compare columns (or integer
// columns modulo a constant) with constants (=, <>, <, <=, >, >=, IN lists, LIKE, IS [NOT] NULL,
// under AND and OR) become generated loops over the rows, instead of a vector kernel per comparison
// and a selection per conjunct. Integer, date, timestamp and numeric columns compare their stored
// numbers with the constant converted to the column's representation; text columns test each
// dictionary entry once. A row is kept when the predicate is TRUE: without NOT, a NULL operand can
// be read as false (AND and OR never turn it into TRUE). Batches whose columns are not stored as
// expected (constants, boxed values) use the vector kernels instead.

import type { Batch } from '../../columnar/batch.js';
import type { Vector } from '../../columnar/vector.js';
import type { Expr } from '../../logical/expr.js';
import type { DataType } from '../../types/data-type.js';
import type { Decimal } from '../../types/decimal.js';
import { likeTester } from '../../functions/scalar/pattern.js';
import { isWideningCast, type Layout } from './compile.js';
import { KeptShare } from '../kept-share.js';

type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

type Leaf =
  /**
   * A number-stored column (or an integer column modulo a constant) against a constant (numerics:
   * the constant's decimal).
   */
  | {
      readonly kind: 'number';
      readonly column: number;
      readonly op: CompareOp;
      readonly value: number | Decimal;
      readonly modulus?: number;
    }
  /** IS NULL / IS NOT NULL: never NULL itself. */
  | { readonly kind: 'null'; readonly column: number; readonly negated: boolean }
  /** A text column: each dictionary entry tested once. */
  | { readonly kind: 'text'; readonly column: number; readonly test: (s: string) => boolean }
  /** Two number-stored columns of one kind (integers of any width, or the same type). */
  | { readonly kind: 'columns'; readonly column: number; readonly other: number; readonly op: CompareOp };

type Node = Leaf | { readonly kind: 'and' | 'or'; readonly args: readonly Node[] };

/** Selects the rows of a batch where the fused conjuncts hold; null when a column's layout does not fit. */
/** Rows of a batch, as indexes: rows[0, count). */
export interface Selection {
  readonly rows: Int32Array;
  readonly count: number;
}

/** The rows of `batch` (or of `selection` in it) that pass; null when a pass cannot run on it. */
export type FusedFilter = (batch: Batch, selection?: Selection | null) => Selection | null;

const FLIP: Record<CompareOp, CompareOp> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};
const JS_OP: Record<CompareOp, string> = {
  '=': '===',
  '<>': '!==',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const NUMBER_TYPES = new Set(['int2', 'int4', 'int8', 'date', 'timestamp', 'timestamptz', 'numeric']);
const MAX_EXACT = 2 ** 53;

/** The column an operand reads, through casts that keep every value; null for anything else. */
function columnOf(e: Expr, layout: Layout): { position: number; type: DataType } | null {
  const inner = isWideningCast(e) ? e.expr : e;
  if (inner.kind !== 'column') return null;
  const position = layout.get(inner.id);
  return position === undefined ? null : { position, type: inner.type };
}

function isDecimal(v: unknown): v is Decimal {
  return typeof v === 'object' && v !== null && typeof (v as Decimal).m === 'bigint';
}

function leafOf(column: { position: number; type: DataType }, op: CompareOp, value: unknown): Leaf | null {
  const id = column.type.id;
  if (id === 'text' || id === 'varchar') {
    if (typeof value !== 'string' || (op !== '=' && op !== '<>')) return null;
    return {
      kind: 'text',
      column: column.position,
      test: op === '=' ? (s) => s === value : (s) => s !== value,
    };
  }
  if (!NUMBER_TYPES.has(id)) return null;
  if (typeof value === 'number' && Number.isFinite(value))
    return { kind: 'number', column: column.position, op, value };
  if (isDecimal(value) && value.m < BigInt(MAX_EXACT) && value.m > -BigInt(MAX_EXACT))
    return { kind: 'number', column: column.position, op, value };
  return null;
}

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);

/** `column % constant` over an integer column (a nonzero integer constant); null for anything else. */
function moduloOf(e: Expr, layout: Layout): { position: number; type: DataType; modulus: number } | null {
  if (e.kind !== 'call' || e.fn.name !== '%' || e.args.length !== 2) return null;
  const [a, m] = e.args as [Expr, Expr];
  const column = columnOf(a, layout);
  if (column === null || !INTEGER_TYPES.has(column.type.id) || m.kind !== 'literal') return null;
  const modulus = m.value;
  if (typeof modulus !== 'number' || !Number.isInteger(modulus) || modulus === 0) return null;
  return { ...column, modulus };
}

/** A comparison of a column, or of an integer column modulo a constant, with a constant. */
function comparisonLeaf(operand: Expr, op: CompareOp, value: unknown, layout: Layout): Leaf | null {
  const modulo = moduloOf(operand, layout);
  if (modulo !== null) {
    if (typeof value !== 'number' || !Number.isInteger(value)) return null;
    return { kind: 'number', column: modulo.position, op, value, modulus: modulo.modulus };
  }
  const column = columnOf(operand, layout);
  return column === null ? null : leafOf(column, op, value);
}

/** A comparison of two columns stored as comparable numbers; null for anything else. */
function columnsLeaf(a: Expr, op: CompareOp, b: Expr, layout: Layout): Leaf | null {
  const left = columnOf(a, layout);
  const right = columnOf(b, layout);
  if (left === null || right === null) return null;
  const integers = INTEGER_TYPES.has(left.type.id) && INTEGER_TYPES.has(right.type.id);
  if (!integers && (left.type.id !== right.type.id || !NUMBER_TYPES.has(left.type.id))) return null;
  return { kind: 'columns', column: left.position, other: right.position, op };
}

function nodeOf(e: Expr, layout: Layout): Node | null {
  switch (e.kind) {
    case 'is_null': {
      const column = columnOf(e.arg, layout);
      return column === null ? null : { kind: 'null', column: column.position, negated: e.negated };
    }
    case 'and':
    case 'or': {
      const args = e.args.map((a) => nodeOf(a, layout));
      return args.every((a) => a !== null) ? { kind: e.kind, args: args as Node[] } : null;
    }
    case 'in_list': {
      const column = columnOf(e.arg, layout);
      if (e.negated || column === null || !e.list.every((x) => x.kind === 'literal' && x.value !== null))
        return null;
      const values = e.list.map((x) => (x as { value: unknown }).value);
      if (column.type.id === 'text' || column.type.id === 'varchar') {
        if (!values.every((v) => typeof v === 'string')) return null;
        const set = new Set(values as string[]);
        return { kind: 'text', column: column.position, test: (s) => set.has(s) };
      }
      const leaves = values.map((v) => leafOf(column, '=', v));
      return leaves.every((l) => l !== null) ? { kind: 'or', args: leaves as Leaf[] } : null;
    }
    case 'not': {
      // NOT (x LIKE p): the negated test per dictionary entry; a NULL x is still not kept.
      const like = e.arg.kind === 'call' ? LIKE_FUNCTIONS[e.arg.fn.name] : undefined;
      if (like === undefined || e.arg.kind !== 'call') return null;
      return likeLeaf(e.arg.args, { ...like, negated: !like.negated }, layout);
    }
    case 'call': {
      const like = LIKE_FUNCTIONS[e.fn.name];
      if (like !== undefined) return likeLeaf(e.args, like, layout);
      const op = e.fn.name as CompareOp;
      if (!(op in FLIP) || e.args.length !== 2) return null;
      const [a, b] = e.args as [Expr, Expr];
      if (b.kind === 'literal' && b.value !== null) return comparisonLeaf(a, op, b.value, layout);
      if (a.kind !== 'literal' && b.kind !== 'literal') return columnsLeaf(a, op, b, layout);
      if (a.kind === 'literal' && a.value !== null) return comparisonLeaf(b, FLIP[op], a.value, layout);
      return null;
    }
    default:
      return null;
  }
}

/** LIKE and its variants by function name: case-insensitive, negated. */
const LIKE_FUNCTIONS: Record<string, { insensitive: boolean; negated: boolean }> = {
  like: { insensitive: false, negated: false },
  '!~~': { insensitive: false, negated: true },
  ilike: { insensitive: true, negated: false },
  '!~~*': { insensitive: true, negated: true },
};

/** A text column LIKE a constant pattern (default escape): each dictionary entry matched once. */
function likeLeaf(
  args: readonly Expr[],
  like: { insensitive: boolean; negated: boolean },
  layout: Layout,
): Leaf | null {
  if (args.length !== 2) return null;
  const [value, pattern] = args as [Expr, Expr];
  const column = columnOf(value, layout);
  if (column === null || (column.type.id !== 'text' && column.type.id !== 'varchar')) return null;
  if (pattern.kind !== 'literal' || typeof pattern.value !== 'string') return null;
  const matches = likeTester(pattern.value, like.insensitive);
  if (matches === null) return null;
  return { kind: 'text', column: column.position, test: like.negated ? (s) => !matches(s) : matches };
}

type Loop = (...args: unknown[]) => number;

/** Generated loops by source text, shared by every plan with the same shape of predicate. */
const loops = new Map<string, Loop>();

/**
 * A loop keeping the rows where `test` is 1: over rows [0, n) (`first`), or over the selection
 * rows[0, n), compacted in place; with a branch per row when it keeps `few` (see KeptShare.few).
 */
function loopFor(reads: string, test: string, params: readonly string[], first: boolean, few: boolean): Loop {
  const keep = few ? `if ((${test} & 1) !== 0) rows[c++] = i;` : `rows[c] = i;\n  c += ${test} & 1;`;
  const body = first
    ? `for (let i = 0; i < n; i++) {\n  ${reads}${keep}\n}`
    : `for (let j = 0; j < n; j++) {\n  const i = rows[j];\n  ${reads}${keep}\n}`;
  const key = `${params.join(',')}|${body}`;
  let loop = loops.get(key);
  if (loop === undefined) {
    loop = new Function('n', 'rows', ...params, `let c = 0;\n${body}\nreturn c;`) as Loop;
    if (loops.size > 1000) loops.clear();
    loops.set(key, loop);
  }
  return loop;
}

/**
 * One pass of a fused filter: the conjuncts over one set of columns. A pass's test has no branch
 * to mispredict: each comparison is 0 or 1 and AND / OR are the bitwise operators (comparisons
 * whose outcome varies row by row cost several times more with && and ||). A leaf over a vector
 * with NULLs also ANDs its validity bit.
 */
class FilterPass {
  private readonly leaves: Leaf[] = [];
  private readonly params: string[];
  /**
   * Loops by the set of leaves whose vectors have NULLs (bit k: leaf k) and whether the pass keeps
   * few rows (bit 31): first pass and later.
   */
  private readonly loops = new Map<number, [Loop, Loop]>();
  private readonly matches: WeakMap<readonly string[], DictionaryMatches>[];
  /** Rows tested and kept so far: passes run in the order of their measured selectivity. */
  readonly share = new KeptShare();

  constructor(private readonly root: Node) {
    const collect = (node: Node): void => {
      if ('args' in node) node.args.forEach(collect);
      else this.leaves.push(node);
    };
    collect(root);
    this.params = this.leaves.flatMap((l, k) =>
      l.kind === 'columns'
        ? [`d${k}`, `v${k}`, `k${k}`, `w${k}`]
        : [`d${k}`, `v${k}`, l.kind === 'text' ? `m${k}` : `k${k}`],
    );
    this.matches = this.leaves.map(() => new WeakMap());
  }

  /**
   * Keeps the rows where the pass holds: of all n rows when `first`, else of rows[0, n). Returns
   * how many rows are kept (at the front of `rows`), or null when a column's layout does not fit.
   */
  run(batch: Batch, rows: Int32Array, n: number, first: boolean): number | null {
    const args: unknown[] = [n, rows];
    let nullMask = 0;
    for (let k = 0; k < this.leaves.length; k++) {
      const leaf = this.leaves[k]!;
      const v = batch.columns[leaf.column]!;
      if (v.kind === 'const') return null;
      if (leaf.kind === 'columns') {
        const bound = columnPairArgs(v, batch.columns[leaf.other]!, batch.length);
        if (bound === null) return null;
        if (bound.nullable) {
          if (k >= 31) return null;
          nullMask |= 1 << k;
        }
        args.push(...bound.args);
        continue;
      }
      if (v.validity !== null) {
        // Past 31 leaves a mask bit cannot say which: those batches use the vector kernels.
        if (k >= 31) return null;
        nullMask |= 1 << k;
      }
      const bound =
        leaf.kind === 'text'
          ? textArgs(v, leaf.test, this.matches[k]!, rows, n, first)
          : leaf.kind === 'null'
            ? [null, v.validity, null]
            : numberArgs(v, leaf.value, leaf.modulus !== undefined);
      if (bound === null) return null;
      args.push(...bound);
    }
    const count = this.loopsFor(nullMask, this.share.few)[first ? 0 : 1](...args);
    this.share.add(n, count);
    return count;
  }

  /**
   * The leaf whose value of row i a number leaf compares (x{k}): the first leaf on its column, so a
   * column tested twice (a range, BETWEEN) is read once per row. -1 for the other leaves.
   */
  private reader(k: number): number {
    const leaf = this.leaves[k]!;
    if (leaf.kind !== 'number' || leaf.modulus !== undefined) return -1;
    return this.leaves.findIndex(
      (l) => l.kind === 'number' && l.modulus === undefined && l.column === leaf.column,
    );
  }

  private loopsFor(nullMask: number, few: boolean): [Loop, Loop] {
    const key = few ? nullMask | (1 << 31) : nullMask;
    let pair = this.loops.get(key);
    if (pair === undefined) {
      const test = `(${this.source(this.root, nullMask)})`;
      const reads = this.leaves
        .map((_, k) => (this.reader(k) === k ? `const x${k} = d${k}[i];\n  ` : ''))
        .join('');
      pair = [loopFor(reads, test, this.params, true, few), loopFor(reads, test, this.params, false, few)];
      this.loops.set(key, pair);
    }
    return pair;
  }

  private source(node: Node, nullMask: number): string {
    if ('args' in node)
      return `(${node.args.map((a) => this.source(a, nullMask)).join(node.kind === 'and' ? ' & ' : ' | ')})`;
    const k = this.leaves.indexOf(node);
    const nullable = (nullMask & (1 << k)) !== 0;
    const valid = validBit(`v${k}`);
    if (node.kind === 'null') {
      if (!nullable) return node.negated ? '1' : '0';
      return node.negated ? valid : `(${valid} ^ 1)`;
    }
    if (node.kind === 'columns') {
      const test = `(d${k}[i] ${JS_OP[node.op]} k${k}[i])`;
      return nullable ? `(${test} & ${valid} & ${validBit(`w${k}`)})` : test;
    }
    const operand =
      node.kind === 'number'
        ? node.modulus !== undefined
          ? `(d${k}[i] % ${node.modulus})`
          : `x${this.reader(k)}`
        : `d${k}[i]`;
    const test = node.kind === 'text' ? `m${k}[${operand}]` : `(${operand} ${JS_OP[node.op]} k${k})`;
    return nullable ? `(${test} & ${valid})` : test;
  }
}

/** Row i's validity bit (0 or 1) in the generated loops, from the bitmap named `bitmap`. */
function validBit(bitmap: string): string {
  return `((${bitmap}[i >>> 3] >> (i & 7)) & 1)`;
}

/** The columns a node reads, as a key. */
function columnsKey(node: Node): string {
  const columns = new Set<number>();
  const visit = (x: Node): void => {
    if ('args' in x) x.args.forEach(visit);
    else {
      columns.add(x.column);
      if (x.kind === 'columns') columns.add(x.other);
    }
  };
  visit(node);
  return [...columns].sort((a, b) => a - b).join(',');
}

/**
 * The fused form of the conjuncts that allow it, and the others (to be evaluated after, on the
 * rows it keeps); null when none does. Conjuncts over the same columns share a pass; the passes
 * run one after another on the rows still kept, the one keeping the fewest rows first.
 */
export function fuseConjuncts(
  conjuncts: readonly Expr[],
  layout: Layout,
): { filter: FusedFilter; rest: number[] } | null {
  const byColumns = new Map<string, Node[]>();
  const rest: number[] = [];
  conjuncts.forEach((c, i) => {
    const node = nodeOf(c, layout);
    if (node === null) rest.push(i);
    else {
      const key = columnsKey(node);
      byColumns.set(key, [...(byColumns.get(key) ?? []), node]);
    }
  });
  if (byColumns.size === 0) return null;
  const passes = [...byColumns.values()].map((args) => new FilterPass({ kind: 'and', args }));
  const filter: FusedFilter = (batch, selection = null) => {
    const rows = new Int32Array(batch.length);
    let count = batch.length;
    if (selection !== null) {
      rows.set(selection.rows.subarray(0, selection.count));
      count = selection.count;
    }
    for (let p = 0; p < passes.length && count > 0; p++) {
      const kept = passes[p]!.run(batch, rows, count, p === 0 && selection === null);
      if (kept === null) return null;
      count = kept;
    }
    passes.sort((a, b) => a.share.rate - b.share.rate);
    return { rows, count };
  };
  return { filter, rest };
}

/** A text test's results per dictionary entry: 1 or 0, UNTESTED until a row needs the entry. */
interface DictionaryMatches {
  readonly match: Uint8Array;
  untested: number;
}

const UNTESTED = 2;

/**
 * A text column's arguments, its dictionary entries tested for the rows this pass reads (all n
 * rows when `first`, else rows[0, n)): a batch tests only the entries it uses, so a scan of part of
 * a chunk whose dictionary is as large as the chunk does not test all of it.
 */
function textArgs(
  v: Vector,
  test: (s: string) => boolean,
  cache: WeakMap<readonly string[], DictionaryMatches>,
  rows: Int32Array,
  n: number,
  first: boolean,
): unknown[] | null {
  if (v.kind !== 'string') return null;
  const dict = v.dict;
  let matches = cache.get(dict);
  if (matches === undefined) {
    matches = { match: new Uint8Array(dict.length).fill(UNTESTED), untested: dict.length };
    cache.set(dict, matches);
  }
  const { match } = matches;
  const codes = v.codes;
  if (matches.untested > 0) {
    for (let j = 0; j < n; j++) {
      const code = codes[first ? j : rows[j]!]!;
      if (match[code] === UNTESTED) {
        match[code] = test(dict[code]!) ? 1 : 0;
        matches.untested--;
      }
    }
  }
  return [codes, v.validity, match];
}

/** A validity bitmap of all-valid rows, grown as needed (read only). */
let allValid = new Uint8Array(2048).fill(255);

function allValidFor(rows: number): Uint8Array {
  if (allValid.length * 8 < rows) allValid = new Uint8Array(Math.ceil(rows / 8)).fill(255);
  return allValid;
}

/**
 * Two columns' stored numbers and validities (an all-valid bitmap standing in for none), when they
 * compare directly: integer layouts, or numerics at one scale. `rows` is the batch's length.
 */
function columnPairArgs(v: Vector, w: Vector, rows: number): { args: unknown[]; nullable: boolean } | null {
  const flat = (x: Vector) => x.kind === 'i16' || x.kind === 'i32' || x.kind === 'f64';
  const comparable =
    (flat(v) && flat(w)) || (v.kind === 'numeric' && w.kind === 'numeric' && v.scale === w.scale);
  if (!comparable) return null;
  const data = (x: Vector) => (x as { data: ArrayLike<number> }).data;
  const nullable = v.validity !== null || w.validity !== null;
  const valid = (x: Vector) => (x as { validity: Uint8Array | null }).validity ?? allValidFor(rows);
  return { args: [data(v), valid(v), data(w), valid(w)], nullable };
}

/** The stored numbers and the constant in their units (numerics: mantissas at the vector's scale). */
function numberArgs(v: Vector, value: number | Decimal, modulo = false): unknown[] | null {
  // An integer column modulo a constant is stored as whole numbers (int8 as float64).
  if (modulo && v.kind !== 'i16' && v.kind !== 'i32' && v.kind !== 'f64') return null;
  switch (v.kind) {
    case 'i16':
    case 'i32':
    case 'f64':
      return [v.data, v.validity, typeof value === 'number' ? value : Number(value.m) / 10 ** value.s];
    case 'numeric': {
      const d = typeof value === 'number' ? { m: value, s: 0 } : { m: Number(value.m), s: value.s };
      if (!Number.isInteger(d.m)) return null;
      const constant = d.s <= v.scale ? d.m * 10 ** (v.scale - d.s) : d.m / 10 ** (d.s - v.scale);
      if (Math.abs(constant) >= MAX_EXACT) return null;
      return [v.data, v.validity, constant];
    }
    default:
      return null;
  }
}
