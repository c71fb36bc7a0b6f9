// Building blocks for scalar kernels: validity handling, typed-array loops generated once per
// operation and argument layout, and dictionary-aware string evaluation.

import { andBitmaps, newBitmap, setBit, simplifyBitmap } from '../columnar/bitmap.js';
import { dictionaryCode } from '../columnar/string-dictionary.js';
import type { Scalar, Vector } from '../columnar/vector.js';
import { constVector, getScalar, newNumberArray, vectorFromScalars } from '../columnar/vector-ops.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { type DataType, storageOf } from '../types/data-type.js';
import type { EvalContext, ScalarKernel } from './function.js';

export function isNullConst(v: Vector): boolean {
  return v.kind === 'const' && v.value === null;
}

/** AND of the arguments' validity (null = all valid). */
export function argsValidity(args: readonly Vector[], n: number): Uint8Array | null {
  let validity: Uint8Array | null = null;
  for (const a of args) {
    if (a.kind === 'const') continue;
    validity = andBitmaps(validity, a.validity, n);
  }
  return validity;
}

type FlatStorage = 'bool' | 'i16' | 'i32' | 'f32' | 'f64';

export interface LoopOptions {
  /**
   * Range check applied to each result before it is stored: integer overflow, or a float result
   * that became infinite (or beyond real's range) from finite inputs (error code 2).
   */
  readonly check?: 'int2' | 'int4' | 'int8' | 'float4' | 'float8';
}

type CompiledLoop = (
  out: ArrayLike<number> & { [i: number]: number },
  n: number,
  validity: Uint8Array | null,
  fail: (i: number, validity: Uint8Array | null, code: number) => number,
  ...args: unknown[]
) => void;

const loopCache = new Map<string, CompiledLoop>();

const CHECKS = {
  int2: [-32768, 32767, 'smallint'],
  int4: [-2147483648, 2147483647, 'integer'],
  int8: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'bigint'],
} as const;

/**
 * Compiles `for (i) out[i] = template` where `$k` stands for argument k (an array element, or the
 * constant itself when that argument is constant). `fail(code)` inside a template raises error `code`
 * for a valid row and yields 0 for a NULL one.
 */
function compileLoop(template: string, shapes: string, options: LoopOptions): CompiledLoop {
  const key = `${template}|${shapes}|${options.check ?? ''}`;
  let loop = loopCache.get(key);
  if (loop !== undefined) return loop;
  const params = [...shapes].map((_, k) => `a${k}`);
  const body = template
    .replace(/\$(\d)/g, (_, k: string) => (shapes[Number(k)] === 'c' ? `a${k}` : `a${k}[i]`))
    .replace(/fail\((\d+)\)/g, 'fail(i, validity, $1)');
  let store = `out[i] = ${body};`;
  if (options.check === 'float4' || options.check === 'float8') {
    // r - r is 0 exactly when r is finite; the inputs must have been finite for it to be an overflow.
    const finiteInputs =
      params
        .map(
          (_, k) =>
            `(${shapes[k] === 'c' ? `a${k}` : `a${k}[i]`} - ${shapes[k] === 'c' ? `a${k}` : `a${k}[i]`} === 0)`,
        )
        .join(' && ') || 'true';
    const inRange =
      options.check === 'float4' ? '(r - r === 0 && Math.abs(r) <= 3.4028234663852886e38)' : '(r - r === 0)';
    store = `const r = ${body}; out[i] = (${inRange} || r !== r || !(${finiteInputs})) ? r : fail(i, validity, 2);`;
  } else if (options.check !== undefined) {
    const [lo, hi] = CHECKS[options.check];
    store = `const r = ${body}; out[i] = (r >= ${lo} && r <= ${hi}) ? r : fail(i, validity, 0);`;
  }

  loop = new Function(
    'out',
    'n',
    'validity',
    'fail',
    ...params,
    `for (let i = 0; i < n; i++) { ${store} }`,
  ) as CompiledLoop;
  loopCache.set(key, loop);
  return loop;
}

export type FailureFactory = (code: number) => LarchError;

function makeFail(errors: FailureFactory) {
  return (i: number, validity: Uint8Array | null, code: number): number => {
    if (validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0) throw errors(code);
    return 0;
  };
}

function numberArg(v: Vector): unknown {
  switch (v.kind) {
    case 'const':
      return typeof v.value === 'boolean' ? (v.value ? 1 : 0) : v.value;
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric':
      return v.data;
    default:
      throw new LarchError(SqlState.internalError, `internal error: numeric loop over a ${v.kind} vector`);
  }
}

/**
 * An element-wise kernel over number-like vectors (integers, floats, booleans, dates, timestamps).
 * `errors` turns a fail code into the error to raise (for example division by zero).
 */
export function numberLoop(
  template: string,
  resultType: DataType,
  options: LoopOptions & { errors?: FailureFactory } = {},
): ScalarKernel {
  const storage = storageOf(resultType) as FlatStorage;
  const errors = options.errors ?? ((): LarchError => overflow(options.check));
  const fail = makeFail(errors);
  return (args, n) => {
    if (args.some(isNullConst)) return constVector(resultType, null, n);
    const allConst = args.every((a) => a.kind === 'const');
    const len = allConst ? 1 : n;
    const shapes = args.map((a) => (a.kind === 'const' ? 'c' : 'v')).join('');
    const loop = compileLoop(template, shapes, options);
    const validity = allConst ? null : argsValidity(args, n);
    const out = newNumberArray(storage, len);
    loop(out, len, validity, fail, ...args.map(numberArg));
    if (allConst) {
      const value = storage === 'bool' ? out[0] === 1 : out[0]!;
      return constVector(resultType, value, n);
    }
    return { kind: storage, type: resultType, length: n, validity, data: out } as Vector;
  };
}

export function overflow(check: LoopOptions['check']): LarchError {
  const name = check === undefined || check === 'float4' || check === 'float8' ? 'value' : CHECKS[check][2];
  return new LarchError(SqlState.numericValueOutOfRange, `${name} out of range`);
}

/**
 * A kernel from a per-value function, for everything that is not a hot numeric loop. Strict:
 * rows with a NULL argument give NULL. When a single argument is a dictionary-encoded string
 * vector and the rest are constants, `fn` runs once per distinct string.
 */
export function valueKernel(
  resultType: DataType,
  fn: (values: Scalar[], ctx: EvalContext) => Scalar,
  options: { strict?: boolean } = {},
): ScalarKernel {
  const strict = options.strict ?? true;
  const kernel: ScalarKernel = (args, n, ctx) => {
    if (strict && args.some(isNullConst)) return constVector(resultType, null, n);
    if (args.every((a) => a.kind === 'const')) {
      return constVector(
        resultType,
        fn(
          args.map((a) => (a as { value: Scalar }).value),
          ctx,
        ),
        n,
      );
    }
    const lifted = strict ? liftDictionary(kernel, args, n, ctx) : null;
    if (lifted !== null) return lifted;
    // Constant arguments are read once; only the others row by row.
    const row = args.map((a) => (a.kind === 'const' ? a.value : null));
    const varying = args.flatMap((a, k) => (a.kind === 'const' ? [] : [k]));
    if (storageOf(resultType) === 'string')
      return stringsByRow(resultType, fn, args, varying, row, n, ctx, strict);
    const values = new Array<Scalar>(n);
    for (let i = 0; i < n; i++)
      values[i] = readRow(args, varying, row, i, strict) ? fn(row.slice(), ctx) : null;
    return vectorFromScalars(resultType, values);
  };
  return kernel;
}

/**
 * Reads row i of the varying arguments into `row`; false when one is NULL and the kernel is strict
 * (NULL in, NULL out).
 */
function readRow(
  args: readonly Vector[],
  varying: readonly number[],
  row: Scalar[],
  i: number,
  strict: boolean,
): boolean {
  for (let j = 0; j < varying.length; j++) {
    const k = varying[j]!;
    const v = args[k]!;
    // Strings read straight from their dictionary: the common case, and getScalar is slower.
    const x =
      v.kind === 'string'
        ? v.validity === null || (v.validity[i >>> 3]! & (1 << (i & 7))) !== 0
          ? v.dict[v.codes[i]!]!
          : null
        : getScalar(v, i);
    if (x === null && strict) return false;
    row[k] = x;
  }
  return true;
}

/**
 * valueKernel's row-by-row loop for a text result: each result is coded into the result's dictionary
 * as it is made, and `fn` gets the same argument array every row (a string cannot hold on to it).
 */
function stringsByRow(
  resultType: DataType,
  fn: (values: Scalar[], ctx: EvalContext) => Scalar,
  args: readonly Vector[],
  varying: readonly number[],
  row: Scalar[],
  n: number,
  ctx: EvalContext,
  strict: boolean,
): Vector {
  const codes = new Int32Array(n);
  const dict: string[] = [];
  const index = new Map<string, number>();
  let validity: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const result = readRow(args, varying, row, i, strict) ? (fn(row, ctx) as string | null) : null;
    if (result === null) {
      validity ??= newBitmap(n, true);
      validity[i >>> 3]! &= ~(1 << (i & 7));
      continue;
    }
    codes[i] = dictionaryCode(result, dict, index);
  }
  return { kind: 'string', type: resultType, length: n, validity, dict, codes };
}

/**
 * Runs a kernel over the distinct values of the one dictionary-encoded string argument (others
 * constant) and spreads the results by code; null when the arguments do not have that shape.
 */
export function liftDictionary(
  kernel: ScalarKernel,
  args: readonly Vector[],
  n: number,
  ctx: EvalContext,
): Vector | null {
  let index = -1;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a.kind === 'const') continue;
    if (a.kind !== 'string' || index !== -1) return null;
    index = k;
  }
  if (index === -1) return null;
  const s = args[index] as Extract<Vector, { kind: 'string' }>;
  if (s.dict.length * 2 > n) return null;
  const m = s.dict.length;
  const dictArgs = args.map((a, k) => {
    if (k === index) {
      const codes = new Int32Array(m);
      for (let c = 0; c < m; c++) codes[c] = c;
      return { kind: 'string', type: s.type, length: m, validity: null, dict: s.dict, codes } as Vector;
    }
    return { ...a, length: m } as Vector;
  });
  const perEntry = kernel(dictArgs, m, ctx);
  return spreadByCodes(perEntry, s.codes, s.validity, n);
}

/** result[i] = perEntry[codes[i]], NULL where `validity` says the input row was NULL. */
export function spreadByCodes(
  perEntry: Vector,
  codes: Int32Array,
  validity: Uint8Array | null,
  n: number,
): Vector {
  if (perEntry.kind === 'const') {
    if (validity === null || perEntry.value === null) return { ...perEntry, length: n };
    const values = new Array<Scalar>(n);
    for (let i = 0; i < n; i++)
      values[i] = (validity[i >>> 3]! & (1 << (i & 7))) !== 0 ? perEntry.value : null;
    return vectorFromScalars(perEntry.type, values);
  }
  let outValidity: Uint8Array | null = null;
  if (perEntry.validity !== null || validity !== null) {
    outValidity = newBitmap(n, false);
    const ev = perEntry.validity;
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      const inValid = validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0;
      if (inValid && (ev === null || (ev[c >>> 3]! & (1 << (c & 7))) !== 0)) setBit(outValidity, i);
    }
    outValidity = simplifyBitmap(outValidity, n);
  }
  switch (perEntry.kind) {
    case 'string': {
      const out = new Int32Array(n);
      const inner = perEntry.codes;
      for (let i = 0; i < n; i++) out[i] = inner[codes[i]!]!;
      return { ...perEntry, length: n, validity: outValidity, codes: out };
    }
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric': {
      const out = newNumberArray(perEntry.kind, n);
      const src = perEntry.data;
      for (let i = 0; i < n; i++) out[i] = src[codes[i]!]!;
      return { ...perEntry, length: n, validity: outValidity, data: out } as Vector;
    }
    default: {
      const values = new Array<Scalar>(n);
      for (let i = 0; i < n; i++) {
        const valid = outValidity === null || (outValidity[i >>> 3]! & (1 << (i & 7))) !== 0;
        values[i] = valid ? getScalar(perEntry, codes[i]!) : null;
      }
      return vectorFromScalars(perEntry.type, values);
    }
  }
}
