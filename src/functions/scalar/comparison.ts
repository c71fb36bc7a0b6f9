// Comparison operators (= <> < <= > >=) and IS [NOT] DISTINCT FROM for every type.

import { getBit } from '../../columnar/bitmap.js';
import type { Vector } from '../../columnar/vector.js';
import { constVector } from '../../columnar/vector-ops.js';
import { type DataType, storageOf, Types } from '../../types/data-type.js';
import { comparatorFor } from '../../types/compare.js';
import type { ScalarDefinition, ScalarKernel, ScalarOverload } from '../function.js';
import { argsValidity, isNullConst, liftDictionary, numberLoop, valueKernel } from '../kernels.js';
import { type CompareOp, compareResult, numericCompare } from './numeric-kernels.js';

const SYMBOLS: Record<CompareOp, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const JS_OPS: Record<CompareOp, string> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Float comparisons where NaN equals NaN and sorts above everything, as in PostgreSQL. */
const FLOAT_TEMPLATES: Record<CompareOp, string> = {
  eq: '($0 === $1 || ($0 !== $0 && $1 !== $1)) ? 1 : 0',
  ne: '($0 === $1 || ($0 !== $0 && $1 !== $1)) ? 0 : 1',
  lt: '($0 < $1 || ($1 !== $1 && $0 === $0)) ? 1 : 0',
  le: '($0 <= $1 || $1 !== $1) ? 1 : 0',
  gt: '($0 > $1 || ($0 !== $0 && $1 === $1)) ? 1 : 0',
  ge: '($0 >= $1 || $0 !== $0) ? 1 : 0',
};

/** Strings compared row by row through both dictionaries. */
function stringCompare(op: CompareOp, type: DataType): ScalarKernel {
  const cmp = comparatorFor(type);
  const perValue = valueKernel(Types.bool, (v) => compareResult(op, cmp(v[0]!, v[1]!)));
  const kernel: ScalarKernel = (args, n, ctx) => {
    if (args.some(isNullConst)) return constVector(Types.bool, null, n);
    const lifted = liftDictionary(kernel, args, n, ctx);
    if (lifted !== null) return lifted;
    const [a, b] = args as [Vector, Vector];
    if (a.kind !== 'string' || b.kind !== 'string') return perValue(args, n, ctx);
    const out = new Uint8Array(n);
    const ad = a.dict;
    const bd = b.dict;
    const ac = a.codes;
    const bc = b.codes;
    if (type.id === 'bpchar') {
      for (let i = 0; i < n; i++) out[i] = compareResult(op, cmp(ad[ac[i]!]!, bd[bc[i]!]!)) ? 1 : 0;
    } else if (op === 'eq' || op === 'ne') {
      const want = op === 'eq' ? 1 : 0;
      for (let i = 0; i < n; i++) out[i] = ad[ac[i]!] === bd[bc[i]!] ? want : 1 - want;
    } else {
      for (let i = 0; i < n; i++) {
        const x = ad[ac[i]!]!;
        const y = bd[bc[i]!]!;
        out[i] = compareResult(op, x < y ? -1 : x > y ? 1 : 0) ? 1 : 0;
      }
    }
    return { kind: 'bool', type: Types.bool, length: n, validity: argsValidity(args, n), data: out };
  };
  return kernel;
}

/** The kernel comparing two values of `type` with `op`. */
export function comparisonKernel(op: CompareOp, type: DataType): ScalarKernel {
  switch (storageOf(type)) {
    case 'bool':
    case 'i16':
    case 'i32':
      return numberLoop(`$0 ${JS_OPS[op]} $1 ? 1 : 0`, Types.bool);
    case 'f32':
    case 'f64':
      if (type.id === 'float4' || type.id === 'float8') return numberLoop(FLOAT_TEMPLATES[op], Types.bool);
      return numberLoop(`$0 ${JS_OPS[op]} $1 ? 1 : 0`, Types.bool);
    case 'numeric':
      return numericCompare(op);
    case 'string':
      return stringCompare(op, type);
    case 'interval':
    case 'boxed': {
      const cmp = comparatorFor(type);
      return valueKernel(Types.bool, (v) => compareResult(op, cmp(v[0]!, v[1]!)));
    }
  }
}

const COMPARABLE: DataType[] = [
  Types.bool,
  Types.int2,
  Types.int4,
  Types.int8,
  Types.float4,
  Types.float8,
  Types.numeric,
  Types.text,
  { id: 'bpchar', length: null },
  Types.name,
  Types.char,
  Types.date,
  Types.time,
  Types.timestamp,
  Types.timestamptz,
  Types.interval,
  Types.bytea,
  Types.uuid,
  Types.oid,
  Types.json,
];

function comparisonOverloads(op: CompareOp): ScalarOverload[] {
  return [
    ...COMPARABLE.map((t): ScalarOverload => ({
      args: [t, t],
      returns: Types.bool,
      kernel: (params) => comparisonKernel(op, params[0]!),
    })),
    // real against double precision compares as double, as PostgreSQL's float48 operators do.
    {
      args: [Types.float4, Types.float8],
      returns: Types.bool,
      kernel: () => comparisonKernel(op, Types.float8),
    },
    {
      args: [Types.float8, Types.float4],
      returns: Types.bool,
      kernel: () => comparisonKernel(op, Types.float8),
    },
    {
      args: ['anyarray', 'anyarray'],
      returns: Types.bool,
      kernel: (params) => comparisonKernel(op, params[0]!),
    },
  ];
}

function comparison(op: CompareOp, description: string): ScalarDefinition {
  return {
    kind: 'scalar',
    name: SYMBOLS[op],
    aliases: op === 'ne' ? ['!='] : [],
    description,
    example: `SELECT 1 ${SYMBOLS[op]} 2`,
    overloads: comparisonOverloads(op),
  };
}

export const equal = comparison('eq', 'Equal.');
export const notEqual = comparison('ne', 'Not equal.');
export const lessThan = comparison('lt', 'Less than.');
export const lessOrEqual = comparison('le', 'Less than or equal.');
export const greaterThan = comparison('gt', 'Greater than.');
export const greaterOrEqual = comparison('ge', 'Greater than or equal.');

/** a IS DISTINCT FROM b: like <>, but NULLs compare as equal to each other and never yield NULL. */
function distinctKernel(type: DataType, distinct: boolean): ScalarKernel {
  const ne = comparisonKernel('ne', type);
  return (args, n, ctx) => {
    const [a, b] = args as [Vector, Vector];
    const base = ne(args, n, ctx);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const an = a.kind === 'const' ? a.value === null : a.validity !== null && !getBit(a.validity, i);
      const bn = b.kind === 'const' ? b.value === null : b.validity !== null && !getBit(b.validity, i);
      let d: boolean;
      if (an || bn) d = an !== bn;
      else d = base.kind === 'const' ? base.value === true : (base as { data: Uint8Array }).data[i] === 1;
      out[i] = d === distinct ? 1 : 0;
    }
    return { kind: 'bool', type: Types.bool, length: n, validity: null, data: out };
  };
}

function distinctness(name: string, distinct: boolean): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    description: distinct
      ? 'Not equal, treating NULL as a comparable value.'
      : 'Equal, treating NULL as a comparable value.',
    overloads: [...COMPARABLE, { id: 'list', element: Types.text } as DataType].map((t) => ({
      args: [t.id === 'list' ? 'anyarray' : t, t.id === 'list' ? 'anyarray' : t],
      returns: Types.bool,
      strict: false,
      kernel: (params: readonly DataType[]) => distinctKernel(params[0]!, distinct),
    })),
  };
}

export const isDistinctFrom = distinctness('is distinct from', true);
export const isNotDistinctFrom = distinctness('is not distinct from', false);
