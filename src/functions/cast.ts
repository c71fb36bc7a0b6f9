// Casts between types, for single values and whole vectors, with PostgreSQL's rounding, range
// checks and error messages.

import { newBitmap, setBit } from '../columnar/bitmap.js';
import type { Scalar, Vector } from '../columnar/vector.js';
import { constVector, gather, getScalar, vectorFromScalars, withType } from '../columnar/vector-ops.js';
import { LarchError, SqlState } from '../engine/errors.js';
import {
  type DataType,
  isIntegerType,
  storageOf,
  typeName,
  typesEqual,
  typeShortName,
} from '../types/data-type.js';
import { DATE_INFINITY, DATE_NEG_INFINITY, MICROS_PER_DAY, splitTimestamp } from '../types/datetime.js';
import {
  type Decimal,
  decimalApplyTypmod,
  decimalFromFloat,
  decimalRound,
  decimalToNumber,
  decimalToString,
} from '../types/decimal.js';
import type { Interval } from '../types/interval.js';
import { formatJson, formatValue } from '../types/text-format.js';
import { outOfRangeFor, parseValue } from '../types/text-parse.js';
import type { EvalContext, ScalarFunction } from './function.js';
import { regIn, regOut } from '../catalog/system/reg-names.js';

const INT_LIMITS: Record<string, [number, number, string]> = {
  int2: [-32768, 32767, 'smallint'],
  int4: [-2147483648, 2147483647, 'integer'],
  int8: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'bigint'],
};

export function integerOutOfRange(type: DataType): LarchError {
  return new LarchError(
    SqlState.numericValueOutOfRange,
    `${INT_LIMITS[type.id]?.[2] ?? typeShortName(type)} out of range`,
  );
}

export function checkInteger(type: DataType, x: number): number {
  const limits = INT_LIMITS[type.id];
  if (limits !== undefined && !(x >= limits[0] && x <= limits[1])) throw integerOutOfRange(type);
  return x;
}

/** float8 to float4 as PostgreSQL's dtof: values that do not fit overflow or underflow (22003). */
export function toFloat4(x: number): number {
  const f = Math.fround(x);
  if (Number.isFinite(x) && !Number.isFinite(f)) {
    throw new LarchError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
  }
  if (f === 0 && x !== 0)
    throw new LarchError(SqlState.numericValueOutOfRange, 'value out of range: underflow');
  return f;
}

/** Rounds half to even, as C's rint() does for float to integer casts. */
export function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function roundDecimalToInteger(d: Decimal): number {
  return Number(decimalRound(d, 0).m);
}

function toDecimal(value: Scalar, from: DataType): Decimal {
  if (from.id === 'numeric') return value as Decimal;
  if (isIntegerType(from)) return { m: BigInt(value as number), s: 0 };
  if (from.id === 'bool') return { m: value ? 1n : 0n, s: 0 };
  const x = value as number;
  if (Number.isNaN(x)) throw new LarchError(SqlState.featureNotSupported, 'cannot convert NaN to numeric');
  if (!Number.isFinite(x))
    throw new LarchError(SqlState.featureNotSupported, 'cannot convert infinity to numeric');
  return decimalFromFloat(x, from.id === 'float4' ? 6 : 15);
}

function toNumber(value: Scalar, from: DataType): number {
  switch (from.id) {
    case 'numeric':
      return decimalToNumber(value as Decimal);
    case 'bool':
      return value ? 1 : 0;
    default:
      return value as number;
  }
}

function cannotCast(from: DataType, to: DataType): LarchError {
  return new LarchError(
    SqlState.cannotCoerce,
    `cannot cast type ${typeShortName(from)} to ${typeShortName(to)}`,
  );
}

/** Casts one non-null value. */
export function castScalar(
  value: Scalar,
  from: DataType,
  to: DataType,
  ctx: EvalContext,
  explicit = true,
): Scalar {
  if (value === null) return null;
  if (
    from.id === to.id &&
    from.id !== 'numeric' &&
    from.id !== 'varchar' &&
    from.id !== 'bpchar' &&
    from.id !== 'list'
  ) {
    return value;
  }
  switch (to.id) {
    case 'text':
    case 'name':
    case 'varchar':
    case 'bpchar':
    case 'char': {
      let text: string;
      if (from.id === 'bpchar' && to.id !== 'bpchar') text = (value as string).replace(/ +$/, '');
      else if (from.id === 'json') text = typeof value === 'string' ? value : formatJson(value);
      // booltext spells the words out; only the output function prints t / f.
      else if (from.id === 'bool') text = value ? 'true' : 'false';
      else
        text = regOut(from.id, value as number, ctx) ?? formatValue(from, value, { timeZone: ctx.timeZone });
      if (explicit && to.id === 'varchar' && to.length !== null) return text.slice(0, to.length);
      if (explicit && to.id === 'bpchar' && to.length !== null)
        return text.slice(0, to.length).padEnd(to.length, ' ');
      return parseValue(to, text, { timeZone: ctx.timeZone });
    }
    default:
      break;
  }
  const fromStorage = storageOf(from);
  if (fromStorage === 'string') {
    const oid = regIn(to.id, value as string, ctx);
    if (oid !== undefined) return oid;
    return parseValue(to, value as string, { timeZone: ctx.timeZone, now: () => ctx.transactionTime });
  }
  switch (to.id) {
    case 'int2':
    case 'int4':
    case 'int8': {
      if (from.id === 'numeric') return checkInteger(to, roundDecimalToInteger(value as Decimal));
      if (from.id === 'float4' || from.id === 'float8') {
        const x = value as number;
        if (Number.isNaN(x) || !Number.isFinite(x)) throw integerOutOfRange(to);
        return checkInteger(to, rint(x));
      }
      if (from.id === 'bool') return value ? 1 : 0;
      if (isIntegerType(from) || from.id === 'oid' || from.id === 'regclass' || from.id === 'regtype') {
        return checkInteger(to, value as number);
      }
      break;
    }
    case 'float4':
    case 'float8': {
      if (from.id === 'bool') break;
      const x = toNumber(value, from);
      if (from.id === 'numeric' && !Number.isFinite(x)) {
        // numeric_float8 reads the numeric's text as float8 input, with its range error.
        throw outOfRangeFor(to, decimalToString(value as Decimal));
      }
      return to.id === 'float4' ? toFloat4(x) : x;
    }
    case 'numeric': {
      if (from.id === 'bool') break;
      const d = toDecimal(value, from);
      return to.precision === null ? d : decimalApplyTypmod(d, to.precision, to.scale ?? 0);
    }
    case 'bool':
      if (from.id === 'int4' || from.id === 'int8' || from.id === 'int2') return (value as number) !== 0;
      break;
    case 'date':
      if (from.id === 'timestamp' || from.id === 'timestamptz') {
        const v = value as number;
        if (v === Infinity) return DATE_INFINITY;
        if (v === -Infinity) return DATE_NEG_INFINITY;
        const local = from.id === 'timestamp' ? v : v + ctx.timeZone.offsetAt(v) * 1_000_000;
        return Math.floor(local / MICROS_PER_DAY);
      }
      break;
    case 'timestamp':
      if (from.id === 'date') return dateToMicros(value as number);
      if (from.id === 'timestamptz') {
        const v = value as number;
        return Number.isFinite(v) ? v + ctx.timeZone.offsetAt(v) * 1_000_000 : v;
      }
      break;
    case 'timestamptz':
      if (from.id === 'date') return ctx.timeZone.localToUtc(dateToMicros(value as number));
      if (from.id === 'timestamp') {
        const v = value as number;
        return Number.isFinite(v) ? ctx.timeZone.localToUtc(v) : v;
      }
      break;
    case 'time':
      if (from.id === 'timestamp' || from.id === 'timestamptz') {
        const v = value as number;
        // An infinite timestamp has no time of day: PostgreSQL returns NULL.
        if (!Number.isFinite(v)) return null;
        return splitTimestamp(from.id === 'timestamp' ? v : v + ctx.timeZone.offsetAt(v) * 1_000_000).time;
      }
      if (from.id === 'interval') {
        const i = value as Interval;
        return ((i.micros % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY;
      }
      break;
    case 'interval':
      if (from.id === 'time') return { months: 0, days: 0, micros: value as number } satisfies Interval;
      break;
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      if (
        isIntegerType(from) ||
        from.id === 'oid' ||
        from.id === 'regclass' ||
        from.id === 'regtype' ||
        from.id === 'regproc' ||
        from.id === 'regnamespace'
      ) {
        return value as number;
      }
      break;
    case 'list':
      if (from.id === 'list') {
        return (value as readonly Scalar[]).map((item) =>
          castScalar(item, from.element, to.element, ctx, explicit),
        );
      }
      break;
    case 'json':
      return value;
    default:
      break;
  }
  throw cannotCast(from, to);
}

function dateToMicros(days: number): number {
  if (days === DATE_INFINITY) return Infinity;
  if (days === DATE_NEG_INFINITY) return -Infinity;
  return days * MICROS_PER_DAY;
}

/** Casts a vector to `to`; rows that are NULL stay NULL. */
export function castVector(v: Vector, to: DataType, ctx: EvalContext, explicit = true): Vector {
  const from = v.type;
  if (typesEqual(from, to)) return v;
  // To the generic record type (a parameter of struct_extract …): the value keeps its own fields.
  if (to.id === 'struct' && to.fields.length === 0 && from.id === 'struct') return v;
  if (v.kind === 'const') return constVector(to, castScalar(v.value, from, to, ctx, explicit), v.length);
  const fast = castFast(v, to);
  if (fast !== null) return fast;
  if (v.kind === 'string' && v.dict.length < v.length) {
    // Cast each distinct string once, then spread the results over the rows.
    const dictVector: Vector = {
      kind: 'string',
      type: from,
      length: v.dict.length,
      validity: null,
      dict: v.dict,
      codes: identity(v.dict.length),
    };
    const castDict = castVector(dictVector, to, ctx, explicit);
    const result = gather(castDict, v.codes, v.length);
    return v.validity === null ? result : maskValidity(result, v.validity);
  }
  const values = new Array<Scalar>(v.length);
  for (let i = 0; i < v.length; i++) values[i] = castScalar(getScalar(v, i), from, to, ctx, explicit);
  return vectorFromScalars(to, values);
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function maskValidity(v: Vector, validity: Uint8Array): Vector {
  if (v.kind === 'const') {
    if (v.value === null) return v;
    const values = new Array<Scalar>(v.length);
    for (let i = 0; i < v.length; i++)
      values[i] = (validity[i >>> 3]! & (1 << (i & 7))) !== 0 ? v.value : null;
    return vectorFromScalars(v.type, values);
  }
  if (v.validity === null) return { ...v, validity } as Vector;
  const out = newBitmap(v.length, false);
  for (let i = 0; i < v.length; i++) {
    const bit = 1 << (i & 7);
    if ((validity[i >>> 3]! & bit) !== 0 && (v.validity[i >>> 3]! & bit) !== 0) setBit(out, i);
  }
  return { ...v, validity: out } as Vector;
}

/** Typed-array loops for the numeric casts that queries do all the time. */
function castFast(v: Vector, to: DataType): Vector | null {
  const n = v.length;
  const validity = v.validity;
  const valid = (i: number) => validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0;
  const toStorage = storageOf(to);
  switch (v.kind) {
    case 'i16':
    case 'i32':
    case 'f64':
    case 'f32': {
      const src = v.data;
      const srcIsInt = isIntegerType(v.type) || v.type.id === 'oid';
      if (!srcIsInt && v.kind !== 'f32' && v.type.id !== 'float8') return null;
      if (toStorage === 'f64' && (to.id === 'float8' || to.id === 'int8')) {
        const data = new Float64Array(n);
        if (to.id === 'int8' && !srcIsInt) {
          for (let i = 0; i < n; i++) if (valid(i)) data[i] = checkIntegerFloat(to, src[i]!);
        } else data.set(src);
        return { kind: 'f64', type: to, length: n, validity, data };
      }
      if (to.id === 'float4') {
        const data = new Float32Array(n);
        data.set(src);
        if (!srcIsInt && v.kind !== 'f32') {
          for (let i = 0; i < n; i++) if (valid(i) && data[i] !== src[i]) toFloat4(src[i]!);
        }
        return { kind: 'f32', type: to, length: n, validity, data };
      }
      if (to.id === 'int4' || to.id === 'int2') {
        const data = to.id === 'int4' ? new Int32Array(n) : new Int16Array(n);
        for (let i = 0; i < n; i++) {
          if (!valid(i)) continue;
          data[i] = srcIsInt ? checkInteger(to, src[i]!) : checkIntegerFloat(to, src[i]!);
        }
        return to.id === 'int4'
          ? { kind: 'i32', type: to, length: n, validity, data: data as Int32Array }
          : { kind: 'i16', type: to, length: n, validity, data: data as Int16Array };
      }
      if (to.id === 'numeric' && srcIsInt) {
        const scale = to.scale ?? 0;
        const factor = 10 ** scale;
        const limit = to.precision === null ? Number.MAX_SAFE_INTEGER : 10 ** (to.precision - scale);
        const data = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          if (!valid(i)) continue;
          const x = src[i]!;
          if (Math.abs(x) >= limit) return null; // the per-value path raises the overflow error
          data[i] = x * factor;
          if (Math.abs(data[i]!) > Number.MAX_SAFE_INTEGER) return null;
        }
        return { kind: 'numeric', type: to, length: n, validity, data, scale };
      }
      return null;
    }
    case 'numeric': {
      const src = v.data;
      const p = 10 ** v.scale;
      if (to.id === 'float8' || to.id === 'float4') {
        const data = to.id === 'float8' ? new Float64Array(n) : new Float32Array(n);
        for (let i = 0; i < n; i++) data[i] = src[i]! / p;
        return to.id === 'float8'
          ? { kind: 'f64', type: to, length: n, validity, data: data as Float64Array }
          : { kind: 'f32', type: to, length: n, validity, data: data as Float32Array };
      }
      if (to.id === 'numeric') {
        const scale = to.scale ?? v.scale;
        if (to.precision === null && to.scale === null) return { ...v, type: to };
        const data = new Float64Array(n);
        const limit = to.precision === null ? Infinity : 10 ** to.precision;
        if (scale >= v.scale) {
          const f = 10 ** (scale - v.scale);
          for (let i = 0; i < n; i++) {
            const x = src[i]! * f;
            if (Math.abs(x) > Number.MAX_SAFE_INTEGER || (valid(i) && Math.abs(x) >= limit)) return null;
            data[i] = x;
          }
        } else {
          const d = 10 ** (v.scale - scale);
          for (let i = 0; i < n; i++) {
            const x = roundDiv(src[i]!, d);
            if (valid(i) && Math.abs(x) >= limit) return null;
            data[i] = x;
          }
        }
        return { kind: 'numeric', type: to, length: n, validity, data, scale };
      }
      if (to.id === 'int4' || to.id === 'int8' || to.id === 'int2') {
        const data =
          to.id === 'int8' ? new Float64Array(n) : to.id === 'int4' ? new Int32Array(n) : new Int16Array(n);
        for (let i = 0; i < n; i++) if (valid(i)) data[i] = checkInteger(to, roundDiv(src[i]!, p));
        if (to.id === 'int8')
          return { kind: 'f64', type: to, length: n, validity, data: data as Float64Array };
        if (to.id === 'int4') return { kind: 'i32', type: to, length: n, validity, data: data as Int32Array };
        return { kind: 'i16', type: to, length: n, validity, data: data as Int16Array };
      }
      return null;
    }
    case 'string':
      if (
        (to.id === 'text' || to.id === 'varchar') &&
        v.type.id !== 'bpchar' &&
        (to.id === 'text' || to.length === null)
      ) {
        return withType(v, to);
      }
      return null;
    default:
      return null;
  }
}

/**
 * The length check of an implicit or assignment cast to varchar(n) / char(n), PostgreSQL's
 * varchar() / bpchar() length coercion: only trailing spaces may be cut off (else 22001), and
 * char(n) is blank-padded. Explicit casts truncate instead, in the cast itself.
 */
export function lengthCoercion(from: DataType, to: DataType): ScalarFunction {
  return {
    name: to.id === 'bpchar' ? 'bpchar' : 'varchar',
    signature: `${typeShortName(from)} -> ${typeName(to)}`,
    argTypes: [from],
    returnType: to,
    strict: true,
    volatile: false,
    stable: false,
    kernel: (args, _length, ctx) => castVector(args[0]!, to, ctx, false),
  };
}

function checkIntegerFloat(to: DataType, x: number): number {
  if (!Number.isFinite(x)) throw integerOutOfRange(to);
  return checkInteger(to, rint(x));
}

/** m / d rounded half away from zero, for exact integers m and d (d a power of ten). */
export function roundDiv(m: number, d: number): number {
  let q = Math.trunc(m / d);
  let r = m - q * d;
  // m / d may round to the neighbouring integer for large m: correct q so that |r| < d.
  if (m >= 0) {
    if (r < 0) {
      q--;
      r += d;
    } else if (r >= d) {
      q++;
      r -= d;
    }
  } else if (r > 0) {
    q++;
    r -= d;
  } else if (r <= -d) {
    q--;
    r += d;
  }
  if (Math.abs(r) * 2 >= d) return m < 0 ? q - 1 : q + 1;
  return q;
}
