// A model's TRANSFORM clause as a program: plain SQL sub-expressions (leaves, computed by the engine) fed
// through ML.* functions (computed here over ML columns). Fitted functions (ML.STANDARD_SCALER …) are
// fitted once on the training split and their state is saved in the program, so prediction replays the
// exact same transformation. Without TRANSFORM the program passes numbers through and one-hot encodes text.

import type { ResTarget } from '@pgsql/types';
import {
  bucketize,
  createFitter,
  FITTED_TRANSFORMS,
  featureCross,
  type FittedTransform,
  fittedTransformFromJson,
  hashingTf,
  type InvalidPolicy,
  type MlColumn,
  ngrams,
  polynomialExpand,
  removeStopWords,
  tokenize,
  type TransformFitter,
} from '../../ml/index.js';
import { bodyOf, stringList, tagOf } from '../../sql/ast.js';
import type { PgNode } from '../../sql/parser.js';
import { LarchError, SqlState } from '../errors.js';
import type { ColumnKind } from './vector-columns.js';

export type ConstantArg = number | string | boolean | readonly number[] | readonly string[];

export type ProgramNode =
  | { readonly op: 'leaf'; readonly leaf: number }
  | {
      readonly op: 'call';
      /** Lowercase name without the ML. prefix. */
      readonly fn: string;
      readonly args: readonly ProgramNode[];
      readonly constants: readonly ConstantArg[];
      /** Index into the program's fitted states, for fitted functions. */
      readonly fitted: number | null;
    };

export interface ProgramItem {
  readonly alias: string;
  readonly node: ProgramNode;
}

/** JSON-safe; stored in the model file. */
export interface TransformProgram {
  /** libpg-query ASTs of the leaf expressions, locations removed. */
  readonly leaves: readonly PgNode[];
  /** Display name of each leaf: the column name for column references. */
  readonly leafNames: readonly string[];
  readonly items: readonly ProgramItem[];
  /** Fitted states, by index (null until fitted). */
  readonly fitted: readonly (({ kind: string } & Record<string, unknown>) | null)[];
}

const STATELESS = new Set([
  'tokenize',
  'stop_words_remove',
  'ngrams',
  'hashing_tf',
  'bucketize',
  'feature_cross',
  'polynomial_expand',
]);
const FITTED = new Set<string>(FITTED_TRANSFORMS);

/** A deep copy of an AST without location fields (positions in the CREATE MODEL text mean nothing later). */
function withoutLocations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLocations);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([k]) => k !== 'location')
      .map(([k, v]) => [k, withoutLocations(v)]),
  );
}

function columnRef(name: string): PgNode {
  return { ColumnRef: { fields: [{ String: { sval: name } }] } } as PgNode;
}

/** The value of a constant argument: numbers, strings, booleans, ARRAY[...] and -x. */
function constantOf(node: PgNode, fn: string): ConstantArg {
  const tag = tagOf(node);
  const body = bodyOf<Record<string, unknown>>(node);
  if (tag === 'A_Const') {
    if (body.isnull) throw badArgument(fn, 'NULL');
    const ival = body.ival as { ival?: number } | undefined;
    if (ival !== undefined) return ival.ival ?? 0;
    const fval = body.fval as { fval?: string } | undefined;
    if (fval !== undefined) return Number(fval.fval);
    const sval = body.sval as { sval?: string } | undefined;
    if (sval !== undefined) return sval.sval ?? '';
    const boolval = body.boolval as { boolval?: boolean } | undefined;
    if (boolval !== undefined) return boolval.boolval ?? false;
  }
  if (tag === 'TypeCast') return constantOf(body.arg as PgNode, fn);
  if (tag === 'A_Expr' && stringList(body.name as PgNode[]).join('') === '-' && body.lexpr === undefined) {
    const v = constantOf(body.rexpr as PgNode, fn);
    if (typeof v === 'number') return -v;
  }
  if (tag === 'A_ArrayExpr') {
    const values = ((body.elements as PgNode[] | undefined) ?? []).map((e) => constantOf(e, fn));
    if (values.every((v) => typeof v === 'number')) return values as number[];
    return values.map(String);
  }
  throw badArgument(fn, 'an expression');
}

function badArgument(fn: string, what: string): LarchError {
  return new LarchError(
    SqlState.invalidParameterValue,
    `ML.${fn.toUpperCase()}: arguments after the first must be constants, got ${what}`,
  );
}

class ProgramBuilder {
  readonly leaves: PgNode[] = [];
  readonly leafNames: string[] = [];
  fittedCount = 0;

  leaf(ast: PgNode): ProgramNode {
    const name =
      tagOf(ast) === 'ColumnRef' ? stringList(bodyOf<{ fields: PgNode[] }>(ast).fields).at(-1)! : '';
    const stored = withoutLocations(ast) as PgNode;
    const key = JSON.stringify(stored);
    const existing = this.leaves.findIndex((l) => JSON.stringify(l) === key);
    if (existing >= 0) return { op: 'leaf', leaf: existing };
    this.leaves.push(stored);
    this.leafNames.push(name || `expr${this.leaves.length}`);
    return { op: 'leaf', leaf: this.leaves.length - 1 };
  }

  node(ast: PgNode): ProgramNode {
    if (tagOf(ast) !== 'FuncCall') return this.leaf(ast);
    const call = bodyOf<{ funcname: PgNode[]; args?: PgNode[] }>(ast);
    const name = stringList(call.funcname).map((s) => s.toLowerCase());
    if (name.length !== 2 || name[0] !== 'ml') return this.leaf(ast);
    const fn = name[1]!;
    if (!STATELESS.has(fn) && !FITTED.has(fn))
      throw new LarchError(SqlState.undefinedFunction, `ML.${fn.toUpperCase()} is not a TRANSFORM function`);
    const args = call.args ?? [];
    if (args.length === 0)
      throw new LarchError(SqlState.undefinedFunction, `ML.${fn.toUpperCase()} needs an argument`);
    const columns = fn === 'feature_cross' || fn === 'polynomial_expand' ? columnArgs(fn, args) : 1;
    return {
      op: 'call',
      fn,
      args: args.slice(0, columns).map((a) => this.node(a)),
      constants: args.slice(columns).map((a) => constantOf(a, fn)),
      fitted: FITTED.has(fn) ? this.fittedCount++ : null,
    };
  }
}

/** ML.FEATURE_CROSS takes columns only; ML.POLYNOMIAL_EXPAND columns then a constant degree. */
function columnArgs(fn: string, args: readonly PgNode[]): number {
  if (fn === 'feature_cross') return args.length;
  const last = args.at(-1)!;
  return tagOf(last) === 'A_Const' && args.length > 1 ? args.length - 1 : args.length;
}

/** The name a TRANSFORM item gets: its alias, or the column it references. */
function itemAlias(t: ResTarget): string {
  if (t.name !== undefined) return t.name;
  const val = t.val!;
  if (tagOf(val) === 'ColumnRef') return stringList(bodyOf<{ fields: PgNode[] }>(val).fields).at(-1)!;
  throw new LarchError(SqlState.syntaxError, 'every TRANSFORM expression needs an alias (expr AS name)');
}

/**
 * The program of a TRANSFORM clause (`targets`), or the implicit one: each column of the query passed
 * through, text one-hot encoded. `passThrough` names columns that are never encoded (label, split column).
 */
export function compileProgram(
  targets: readonly ResTarget[] | null,
  queryColumns: readonly { readonly name: string; readonly kind: ColumnKind | null }[],
  passThrough: ReadonlySet<string>,
): TransformProgram {
  const b = new ProgramBuilder();
  const items: ProgramItem[] = [];
  const addColumn = (c: { name: string; kind: ColumnKind | null }) => {
    const leaf = b.leaf(columnRef(c.name));
    const node: ProgramNode =
      c.kind === 'string' && !passThrough.has(c.name)
        ? { op: 'call', fn: 'one_hot', args: [leaf], constants: [], fitted: b.fittedCount++ }
        : leaf;
    items.push({ alias: c.name, node });
  };
  if (targets === null) queryColumns.forEach(addColumn);
  else
    for (const t of targets) {
      const val = t.val!;
      if (tagOf(val) === 'ColumnRef' && stringList(bodyOf<{ fields: PgNode[] }>(val).fields).at(-1) === '*') {
        for (const c of queryColumns) items.push({ alias: c.name, node: b.leaf(columnRef(c.name)) });
        continue;
      }
      items.push({ alias: itemAlias(t), node: b.node(val) });
    }
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.alias))
      throw new LarchError(SqlState.duplicateColumn, `TRANSFORM output "${item.alias}" is given twice`);
    seen.add(item.alias);
  }
  return {
    leaves: b.leaves,
    leafNames: b.leafNames,
    items,
    fitted: new Array<null>(b.fittedCount).fill(null),
  };
}

/** A program's fitted states, ready to apply (decoded once per model). */
export class ProgramRunner {
  private readonly fitted: (FittedTransform | null)[];

  constructor(readonly program: TransformProgram) {
    this.fitted = program.fitted.map((f) => (f === null ? null : fittedTransformFromJson(f)));
  }

  /** Whether every fitted function has its state. */
  get complete(): boolean {
    return this.fitted.every((f) => f !== null);
  }

  /** The program with the fitted states found so far (what is saved). */
  saved(): TransformProgram {
    return { ...this.program, fitted: this.fitted.map((f) => (f === null ? null : f.toJSON())) };
  }

  /**
   * Evaluates `node` over leaf columns. Fitted functions without a state are fed to `fitters` (when
   * given) once their input is computable, and the node gives null until they are fitted.
   */
  evaluate(
    node: ProgramNode,
    leaves: readonly MlColumn[],
    policy: InvalidPolicy,
    fitters?: Map<number, TransformFitter>,
    trainRows?: Uint8Array,
  ): MlColumn | null {
    if (node.op === 'leaf') return leaves[node.leaf]!;
    const args: MlColumn[] = [];
    for (const a of node.args) {
      const v = this.evaluate(a, leaves, policy, fitters, trainRows);
      if (v === null) return null;
      args.push(v);
    }
    if (node.fitted !== null) {
      const state = this.fitted[node.fitted];
      if (state !== undefined && state !== null) return state.apply(args[0]!, policy);
      if (fitters === undefined)
        throw new LarchError(SqlState.internalError, `internal error: ML.${node.fn} is not fitted`);
      let fitter = fitters.get(node.fitted);
      if (fitter === undefined) {
        fitter = createFitter(node.fn as never, node.constants as (number | string | boolean)[]);
        fitters.set(node.fitted, fitter);
      }
      fitter.update(trainRows === undefined ? args[0]! : keepRows(args[0]!, trainRows));
      return null;
    }
    return applyStateless(node.fn, args, node.constants, policy, this.names(node));
  }

  /** Finishes the fitters of one fitting round. */
  finishFitters(fitters: Map<number, TransformFitter>): void {
    for (const [index, fitter] of fitters) this.fitted[index] = fitter.finish();
  }

  private names(node: Extract<ProgramNode, { op: 'call' }>): string[] {
    return node.args.map((a) => (a.op === 'leaf' ? this.program.leafNames[a.leaf]! : a.fn));
  }
}

function numbers(c: MlColumn, fn: string): Float64Array {
  if (c.kind !== 'number')
    throw new LarchError(SqlState.datatypeMismatch, `ML.${fn.toUpperCase()} expects numbers, got ${c.kind}`);
  return c.values;
}

function tokens(c: MlColumn, fn: string): readonly (readonly string[] | null)[] {
  if (c.kind !== 'tokens')
    throw new LarchError(
      SqlState.datatypeMismatch,
      `ML.${fn.toUpperCase()} expects a token list, got ${c.kind}`,
    );
  return c.values;
}

function strings(c: MlColumn, fn: string): readonly (string | null)[] {
  if (c.kind === 'string') return c.values;
  if (c.kind === 'number') return Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
  throw new LarchError(
    SqlState.datatypeMismatch,
    `ML.${fn.toUpperCase()} expects text or numbers, got ${c.kind}`,
  );
}

function applyStateless(
  fn: string,
  args: readonly MlColumn[],
  constants: readonly ConstantArg[],
  policy: InvalidPolicy,
  names: readonly string[],
): MlColumn {
  const x = args[0]!;
  switch (fn) {
    case 'tokenize':
      return tokenize(strings(x, fn), constants[0] === undefined ? undefined : String(constants[0]));
    case 'stop_words_remove':
      return removeStopWords(tokens(x, fn), constants[0] === undefined ? undefined : String(constants[0]));
    case 'ngrams':
      return ngrams(tokens(x, fn), Number(constants[0] ?? 2));
    case 'hashing_tf':
      return hashingTf(tokens(x, fn), Number(constants[0] ?? 262144));
    case 'bucketize': {
      const splits = constants[0];
      if (!Array.isArray(splits) || splits.some((s) => typeof s !== 'number'))
        throw new LarchError(
          SqlState.invalidParameterValue,
          'ML.BUCKETIZE takes a list of split points, [a, b, …]',
        );
      return bucketize(numbers(x, fn), splits as number[], policy);
    }
    case 'feature_cross':
      return featureCross(args.map((a) => strings(a, fn)));
    case 'polynomial_expand':
      return polynomialExpand(
        args.map((a) => numbers(a, fn)),
        names,
        Number(constants[0] ?? 2),
      );
    default:
      throw new LarchError(SqlState.undefinedFunction, `ML.${fn.toUpperCase()} is not a TRANSFORM function`);
  }
}

/** Rows of a column where `keep[i]` is 1 (fitting sees the training split only). */
export function keepRows(c: MlColumn, keep: Uint8Array): MlColumn {
  let all = true;
  for (let i = 0; i < keep.length; i++) if (keep[i] === 0) all = false;
  if (all) return c;
  const pick: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) pick.push(i);
  switch (c.kind) {
    case 'number':
      return { kind: 'number', values: Float64Array.from(pick, (i) => c.values[i]!) };
    case 'string':
      return { kind: 'string', values: pick.map((i) => c.values[i]!) };
    case 'tokens':
      return { kind: 'tokens', values: pick.map((i) => c.values[i]!) };
    case 'vector':
      return {
        kind: 'vector',
        names: c.names,
        columns: c.columns.map((col) => Float64Array.from(pick, (i) => col[i]!)),
      };
    case 'sparse': {
      const { offsets, indices, values, dim } = c.block;
      const off = new Int32Array(pick.length + 1);
      pick.forEach((r, k) => (off[k + 1] = off[k]! + offsets[r + 1]! - offsets[r]!));
      const idx = new Int32Array(off[pick.length]!);
      const val = new Float64Array(idx.length);
      pick.forEach((r, k) => {
        idx.set(indices.subarray(offsets[r]!, offsets[r + 1]!), off[k]!);
        val.set(values.subarray(offsets[r]!, offsets[r + 1]!), off[k]!);
      });
      return {
        kind: 'sparse',
        block: { dim, offsets: off, indices: idx, values: val },
        ...(c.names ? { names: c.names } : {}),
      };
    }
  }
}
