// Converting a column of CSV fields into a vector: integers, decimals, floats, dates and
// timestamps are parsed straight from the bytes in the common spellings; anything else goes
// through PostgreSQL's input functions, so the accepted syntax and the errors are theirs.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { decodeWithPositions, encodeStrings } from '../../columnar/utf8-strings.js';
import { type DataType, storageOf } from '../../types/data-type.js';
import { daysFromCivil, daysInMonth, type TimeZone } from '../../types/datetime.js';
import { parseValue } from '../../types/text-parse.js';
import type { CsvFields } from './csv-fields.js';
import type { DateParser } from './date-format.js';

export interface ConvertOptions {
  readonly timeZone: TimeZone;
  readonly dateFormat: DateParser | null;
  readonly timestampFormat: DateParser | null;
}

/** Called for a value that does not convert: throws, or marks the row rejected (ignore_errors). */
export type BadValue = (row: number, error: unknown) => void;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const INT_LIMITS: Record<string, number> = { int2: 32767, int4: 2147483647, int8: Number.MAX_SAFE_INTEGER };

/** A plain integer (no spaces, at most 15 digits), or NaN to take the slow path. */
function intBytes(b: Uint8Array, s: number, e: number): number {
  let p = s;
  let neg = false;
  if (b[p] === 45 || b[p] === 43) neg = b[p++] === 45;
  if (p === e || e - p > 15) return NaN;
  let v = 0;
  for (; p < e; p++) {
    const d = b[p]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** A plain decimal `-123.45` as mantissa and scale (at most 15 digits), or false. */
function decimalBytes(b: Uint8Array, s: number, e: number, out: { m: number; scale: number }): boolean {
  let p = s;
  let neg = false;
  if (b[p] === 45 || b[p] === 43) neg = b[p++] === 45;
  let m = 0;
  let digits = 0;
  let scale = -1;
  for (; p < e; p++) {
    const c = b[p]!;
    if (c === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return false;
    m = m * 10 + d;
    digits++;
    if (scale >= 0) scale++;
  }
  if (digits === 0 || digits > 15) return false;
  out.m = neg ? -m : m;
  out.scale = scale < 0 ? 0 : scale;
  return true;
}

/** Floats whose decimal form converts exactly with one multiplication or division. */
function floatBytes(b: Uint8Array, s: number, e: number): number {
  const d = { m: 0, scale: 0 };
  let end = e;
  let exp = 0;
  for (let p = s; p < e; p++) {
    if (b[p] === 101 || b[p] === 69) {
      const x = intBytes(b, p + 1, e);
      if (Number.isNaN(x)) return NaN;
      exp = x;
      end = p;
      break;
    }
  }
  if (!decimalBytes(b, s, end, d)) return NaN;
  const k = exp - d.scale;
  if (k >= 0 && k <= 22) return d.m * POW10[k]!;
  if (k < 0 && k >= -22) return d.m / POW10[-k]!;
  return NaN;
}

function twoDigits(b: Uint8Array, p: number): number {
  const x = b[p]! - 48;
  const y = b[p + 1]! - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/** `YYYY-MM-DD` as days since 1970-01-01, or NaN. */
function dateBytes(b: Uint8Array, s: number): number {
  if (b[s + 4] !== 45 || b[s + 7] !== 45) return NaN;
  const y1 = twoDigits(b, s);
  const y2 = twoDigits(b, s + 2);
  const m = twoDigits(b, s + 5);
  const d = twoDigits(b, s + 8);
  if (y1 < 0 || y2 < 0 || m < 1 || m > 12 || d < 1) return NaN;
  const y = y1 * 100 + y2;
  if (d > daysInMonth(y, m) || y === 0) return NaN;
  return daysFromCivil(y, m, d);
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` (or with T) as microseconds, or NaN. */
function timestampBytes(b: Uint8Array, s: number, e: number): number {
  if (e - s < 19 || (b[s + 10] !== 32 && b[s + 10] !== 84) || b[s + 13] !== 58 || b[s + 16] !== 58)
    return NaN;
  const days = dateBytes(b, s);
  const h = twoDigits(b, s + 11);
  const mi = twoDigits(b, s + 14);
  const sec = twoDigits(b, s + 17);
  if (Number.isNaN(days) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  let micros = 0;
  if (e > s + 19) {
    if (b[s + 19] !== 46 || e - s > 26 || e - s === 20) return NaN;
    let scale = 100_000;
    for (let p = s + 20; p < e; p++) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) return NaN;
      micros += d * scale;
      scale /= 10;
    }
  }
  return days * 86_400_000_000 + ((h * 60 + mi) * 60 + sec) * 1_000_000 + micros;
}

class NullMask {
  bitmap: Uint8Array | null = null;
  constructor(private readonly n: number) {}
  set(i: number): void {
    if (this.bitmap === null) this.bitmap = new Uint8Array((this.n + 7) >>> 3).fill(0xff);
    this.bitmap[i >>> 3]! &= ~(1 << (i & 7));
  }
}

/** Converts the fields `idx[0..n)` into a vector of `type`; bad values go to `bad`. */
export function convertColumn(
  type: DataType,
  fields: CsvFields,
  idx: Int32Array,
  n: number,
  options: ConvertOptions,
  bad: BadValue,
): Vector {
  const storage = storageOf(type);
  const b = fields.buf;
  const starts = fields.records.fieldStart;
  const ends = fields.records.fieldEnd;
  const nulls = new NullMask(n);
  const slow = (i: number): Scalar => {
    try {
      const text = fields.text(idx[i]!);
      if (type.id === 'date' && options.dateFormat !== null) return options.dateFormat(text);
      if ((type.id === 'timestamp' || type.id === 'timestamptz') && options.timestampFormat !== null)
        return options.timestampFormat(text);
      return parseValue(type, text, { timeZone: options.timeZone });
    } catch (e) {
      bad(i, e);
      nulls.set(i);
      return null;
    }
  };
  switch (type.id) {
    case 'int2':
    case 'int4':
    case 'int8': {
      const data =
        storage === 'i16' ? new Int16Array(n) : storage === 'i32' ? new Int32Array(n) : new Float64Array(n);
      const limit = INT_LIMITS[type.id]!;
      for (let i = 0; i < n; i++) {
        const f = idx[i]!;
        if (fields.isNull(f)) {
          nulls.set(i);
          continue;
        }
        const v = fields.isPlain(f) ? intBytes(b, starts[f]!, ends[f]!) : NaN;
        data[i] =
          v >= -limit - (type.id === 'int8' ? 0 : 1) && v <= limit ? v : ((slow(i) as number | null) ?? 0);
      }
      return { kind: storage as 'i32', type, length: n, validity: nulls.bitmap, data: data as Int32Array };
    }
    case 'float4':
    case 'float8': {
      const data = type.id === 'float4' ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const f = idx[i]!;
        if (fields.isNull(f)) {
          nulls.set(i);
          continue;
        }
        const v = fields.isPlain(f) ? floatBytes(b, starts[f]!, ends[f]!) : NaN;
        data[i] = Number.isNaN(v) ? ((slow(i) as number | null) ?? 0) : v;
      }
      return {
        kind: type.id === 'float4' ? 'f32' : 'f64',
        type,
        length: n,
        validity: nulls.bitmap,
        data,
      } as Vector;
    }
    case 'numeric':
      return numericColumn(type, fields, idx, n, nulls, slow);
    case 'date': {
      const data = new Int32Array(n);
      const fast = options.dateFormat === null;
      for (let i = 0; i < n; i++) {
        const f = idx[i]!;
        if (fields.isNull(f)) {
          nulls.set(i);
          continue;
        }
        const v = fast && fields.isPlain(f) && ends[f]! - starts[f]! === 10 ? dateBytes(b, starts[f]!) : NaN;
        data[i] = Number.isNaN(v) ? ((slow(i) as number | null) ?? 0) : v;
      }
      return { kind: 'i32', type, length: n, validity: nulls.bitmap, data };
    }
    case 'timestamp': {
      const data = new Float64Array(n);
      const fast = options.timestampFormat === null;
      for (let i = 0; i < n; i++) {
        const f = idx[i]!;
        if (fields.isNull(f)) {
          nulls.set(i);
          continue;
        }
        const v = fast && fields.isPlain(f) ? timestampBytes(b, starts[f]!, ends[f]!) : NaN;
        data[i] = Number.isNaN(v) ? ((slow(i) as number | null) ?? 0) : v;
      }
      return { kind: 'f64', type, length: n, validity: nulls.bitmap, data };
    }
    case 'text':
    case 'unknown':
    case 'name':
      return stringColumn(type, fields, idx, n, nulls);
    default: {
      const values: Scalar[] = new Array(n);
      for (let i = 0; i < n; i++) values[i] = fields.isNull(idx[i]!) ? null : slow(i);
      return vectorFromScalars(type, values);
    }
  }
}

function numericColumn(
  type: DataType & { id: 'numeric' },
  fields: CsvFields,
  idx: Int32Array,
  n: number,
  nulls: NullMask,
  slow: (i: number) => Scalar,
): Vector {
  const b = fields.buf;
  const { fieldStart: starts, fieldEnd: ends } = fields.records;
  const data = new Float64Array(n);
  const d = { m: 0, scale: 0 };
  // Declared scale: values are rescaled to it. Unconstrained: each value keeps its own scale,
  // so the vector stays flat only while every value has the same one.
  const target = type.scale;
  const limit = type.precision === null ? Infinity : 10 ** type.precision;
  let scale = -1;
  let boxed: Scalar[] | null = null;
  for (let i = 0; i < n; i++) {
    const f = idx[i]!;
    if (fields.isNull(f)) {
      nulls.set(i);
      if (boxed !== null) boxed[i] = null;
      continue;
    }
    const fast = fields.isPlain(f) && decimalBytes(b, starts[f]!, ends[f]!, d);
    if (boxed === null) {
      if (
        fast &&
        target !== null &&
        d.scale <= target &&
        Math.abs(d.m * 10 ** (target - d.scale)) < Math.min(limit, 2 ** 53)
      ) {
        data[i] = d.m * 10 ** (target - d.scale);
        continue;
      }
      if (fast && target === null && (scale === -1 || scale === d.scale)) {
        scale = d.scale;
        data[i] = d.m;
        continue;
      }
      // Mixed scales, rounding or large values: per-value Decimals from here on.
      boxed = new Array(n);
      const s = target ?? scale;
      for (let k = 0; k < i; k++) {
        const isNull = nulls.bitmap !== null && (nulls.bitmap[k >>> 3]! & (1 << (k & 7))) === 0;
        boxed[k] = isNull ? null : { m: BigInt(data[k]!), s };
      }
    }
    boxed[i] = fast && target === null ? { m: BigInt(d.m), s: d.scale } : slow(i);
  }
  if (boxed !== null) return vectorFromScalars(type, boxed);
  return {
    kind: 'numeric',
    type,
    length: n,
    validity: nulls.bitmap,
    data,
    scale: target ?? Math.max(scale, 0),
  };
}

function stringColumn(
  type: DataType,
  fields: CsvFields,
  idx: Int32Array,
  n: number,
  nulls: NullMask,
): Vector {
  const { fieldStart: starts, fieldEnd: ends } = fields.records;
  if (n === 0) return vectorFromScalars(type, []);
  const positions = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    positions[2 * i] = starts[idx[i]!]!;
    positions[2 * i + 1] = ends[idx[i]!]!;
  }
  const from = positions[0]!;
  const to = positions[2 * n - 1]!;
  const text = decodeWithPositions(fields.buf, from, to, positions, 2 * n);
  const { dict, codes } = encodeStrings(n, (i) => {
    const f = idx[i]!;
    if (fields.isNull(f)) {
      nulls.set(i);
      return '';
    }
    if (text === null || !fields.isPlain(f)) return fields.text(f);
    return text.substring(positions[2 * i]!, positions[2 * i + 1]!);
  });
  return { kind: 'string', type, length: n, validity: nulls.bitmap, dict, codes };
}
