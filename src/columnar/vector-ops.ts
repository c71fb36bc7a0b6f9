// Reading, building, gathering, slicing and concatenating vectors of every kind.

import { dictionaryCode } from './string-dictionary.js';
import type { Batch } from './batch.js';
import { invariant } from '../engine/errors.js';
import { storageOf, type DataType } from '../types/data-type.js';
import { decimalApplyTypmod, type Decimal } from '../types/decimal.js';
import type { Interval } from '../types/interval.js';
import {
  bitmapBytes,
  getBit,
  newBitmap,
  setBit,
  simplifyBitmap,
  sliceBitmap,
  type Bitmap,
} from './bitmap.js';
import type { ConstVector, NumberArray, Scalar, StringVector, Vector } from './vector.js';

export const MAX_SAFE_MANTISSA = Number.MAX_SAFE_INTEGER;

export function isValid(v: Vector, i: number): boolean {
  if (v.kind === 'const') return v.value !== null;
  return v.validity === null || getBit(v.validity, i);
}

/** The value at row i (the slow, per-row path: use kernels over the arrays in hot loops). */
export function getScalar(v: Vector, i: number): Scalar {
  if (v.kind === 'const') return v.value;
  if (v.validity !== null && !getBit(v.validity, i)) return null;
  switch (v.kind) {
    case 'bool':
      return v.data[i] === 1;
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
      return v.data[i]!;
    case 'numeric':
      return { m: BigInt(v.data[i]!), s: v.scale } satisfies Decimal;
    case 'string':
      return v.dict[v.codes[i]!]!;
    case 'interval':
      return { months: v.months[i]!, days: v.days[i]!, micros: v.micros[i]! } satisfies Interval;
    case 'boxed':
      return v.values[i] as Scalar;
  }
}

export function constVector(type: DataType, value: Scalar, length: number): ConstVector {
  return { kind: 'const', type, length, validity: null, value };
}

export function nullVector(type: DataType, length: number): ConstVector {
  return constVector(type, null, length);
}

export function newNumberArray(
  storage: 'bool' | 'i16' | 'i32' | 'f32' | 'f64' | 'numeric',
  n: number,
): NumberArray {
  switch (storage) {
    case 'bool':
      return new Uint8Array(n);
    case 'i16':
      return new Int16Array(n);
    case 'i32':
      return new Int32Array(n);
    case 'f32':
      return new Float32Array(n);
    case 'f64':
    case 'numeric':
      return new Float64Array(n);
  }
}

/** Builds a vector from JS values (null for NULL); numerics become flat when they fit one scale. */
export function vectorFromScalars(type: DataType, values: readonly Scalar[]): Vector {
  const n = values.length;
  let validity: Bitmap | null = null;
  const markNull = (i: number) => {
    if (validity === null) validity = newBitmap(n, true);
    validity[i >>> 3]! &= ~(1 << (i & 7));
  };
  const storage = storageOf(type);
  switch (storage) {
    case 'bool': {
      const data = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const x = values[i];
        if (x === null || x === undefined) markNull(i);
        else data[i] = x ? 1 : 0;
      }
      return { kind: 'bool', type, length: n, validity, data };
    }
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64': {
      const data = newNumberArray(storage, n);
      for (let i = 0; i < n; i++) {
        const x = values[i];
        if (x === null || x === undefined) markNull(i);
        else data[i] = x as number;
      }
      return { kind: storage, type, length: n, validity, data } as Vector;
    }
    case 'numeric': {
      let scale = -1;
      let flat = true;
      for (let i = 0; i < n && flat; i++) {
        const d = values[i] as Decimal | null;
        if (d === null || d === undefined) continue;
        if (scale === -1) scale = d.s;
        if (d.s !== scale || d.m > BigInt(MAX_SAFE_MANTISSA) || d.m < -BigInt(MAX_SAFE_MANTISSA))
          flat = false;
      }
      if (!flat) {
        const boxed = values.map((x, i) => {
          if (x === null || x === undefined) markNull(i);
          return x ?? null;
        });
        return { kind: 'boxed', type, length: n, validity, values: boxed };
      }
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const d = values[i] as Decimal | null;
        if (d === null || d === undefined) markNull(i);
        else data[i] = Number(d.m);
      }
      const fixed = type.id === 'numeric' && type.scale !== null ? type.scale : Math.max(scale, 0);
      return { kind: 'numeric', type, length: n, validity, data, scale: fixed };
    }
    case 'string': {
      const codes = new Int32Array(n);
      const dict: string[] = [];
      const index = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const x = values[i];
        if (x === null || x === undefined) {
          markNull(i);
          continue;
        }
        codes[i] = dictionaryCode(x as string, dict, index);
      }
      return { kind: 'string', type, length: n, validity, dict, codes };
    }
    case 'interval': {
      const months = new Int32Array(n);
      const days = new Int32Array(n);
      const micros = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = values[i] as Interval | null;
        if (x === null || x === undefined) {
          markNull(i);
          continue;
        }
        months[i] = x.months;
        days[i] = x.days;
        micros[i] = x.micros;
      }
      return { kind: 'interval', type, length: n, validity, months, days, micros };
    }
    case 'boxed': {
      const boxed = values.map((x, i) => {
        if (x === null || x === undefined) markNull(i);
        return x ?? null;
      });
      return { kind: 'boxed', type, length: n, validity, values: boxed };
    }
  }
}

/** Expands a constant into a plain vector of its type. */
export function materialize(v: Vector): Exclude<Vector, ConstVector> {
  if (v.kind !== 'const') return v;
  const values = new Array<Scalar>(v.length).fill(v.value);
  return vectorFromScalars(v.type, values) as Exclude<Vector, ConstVector>;
}

export function toScalars(v: Vector): Scalar[] {
  const out = new Array<Scalar>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = getScalar(v, i);
  return out;
}

function gatherValidity(
  validity: Bitmap | null,
  indices: ArrayLike<number>,
  n: number,
  hasMissing: boolean,
): Bitmap | null {
  if (validity === null && !hasMissing) return null;
  const out = new Uint8Array(bitmapBytes(n));
  for (let i = 0; i < n; i++) {
    const j = indices[i]!;
    if (j >= 0 && (validity === null || (validity[j >>> 3]! & (1 << (j & 7))) !== 0))
      out[i >>> 3]! |= 1 << (i & 7);
  }
  return simplifyBitmap(out, n);
}

/**
 * The vector with a dictionary of only the entries its rows use, when its dictionary is much
 * larger than that (a few rows of a large table's strings), so that sending it to another thread
 * does not copy the whole dictionary; other vectors as they are.
 */
export function compactDictionary(v: Vector): Vector {
  return compactDictionaries([{ length: v.length, columns: [v] }])[0]!.columns[0]!;
}

/**
 * The batches with each large dictionary (much larger than the rows using it) cut down to the
 * entries their rows use, as compactDictionary does for one vector: one new dictionary per old
 * one, shared by the batches that shared it.
 */
export function compactDictionaries(batches: readonly Batch[]): readonly Batch[] {
  const rowsByDict = new Map<readonly string[], number>();
  for (const b of batches)
    for (const v of b.columns)
      if (v.kind === 'string') rowsByDict.set(v.dict, (rowsByDict.get(v.dict) ?? 0) + v.length);
  /** Per dictionary cut down: the new one, and each old code's new code (-1: not used yet). */
  const compacted = new Map<readonly string[], { dict: string[]; remap: Int32Array }>();
  for (const [dict, rows] of rowsByDict)
    if (dict.length > 2 * rows + 64)
      compacted.set(dict, { dict: [], remap: new Int32Array(dict.length).fill(-1) });
  if (compacted.size === 0) return batches;
  return batches.map((b) => ({
    length: b.length,
    columns: b.columns.map((v) => {
      const into = v.kind === 'string' ? compacted.get(v.dict) : undefined;
      if (v.kind !== 'string' || into === undefined) return v;
      const { dict, remap } = into;
      const codes = new Int32Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const c = v.codes[i]!;
        let code = remap[c]!;
        if (code < 0) code = remap[c] = dict.push(v.dict[c]!) - 1;
        codes[i] = code;
      }
      return { ...v, codes, dict };
    }),
  }));
}

/**
 * Takes rows `indices[0..n)` of a vector; an index of -1 yields NULL (outer joins). `hasMissing`
 * tells whether any index is -1.
 */
export function gather(
  v: Vector,
  indices: Int32Array | Uint32Array,
  n = indices.length,
  hasMissing = false,
): Vector {
  if (v.kind === 'const') {
    if (!hasMissing || v.value === null) return { ...v, length: n };
    return gather(materialize(v), indices, n, hasMissing);
  }
  const validity = gatherValidity(v.validity, indices, n, hasMissing);
  switch (v.kind) {
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric': {
      const src = v.data;
      const data = newNumberArray(v.kind, n);
      if (hasMissing) {
        for (let i = 0; i < n; i++) {
          const j = indices[i]!;
          data[i] = j >= 0 ? src[j]! : 0;
        }
      } else {
        for (let i = 0; i < n; i++) data[i] = src[indices[i]!]!;
      }
      return { ...v, length: n, validity, data } as Vector;
    }
    case 'string': {
      const codes = new Int32Array(n);
      const src = v.codes;
      for (let i = 0; i < n; i++) {
        const j = indices[i]!;
        codes[i] = j >= 0 ? src[j]! : 0;
      }
      return { ...v, length: n, validity, codes, dict: v.dict.length === 0 && hasMissing ? [''] : v.dict };
    }
    case 'interval': {
      const months = new Int32Array(n);
      const days = new Int32Array(n);
      const micros = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const j = indices[i]!;
        if (j < 0) continue;
        months[i] = v.months[j]!;
        days[i] = v.days[j]!;
        micros[i] = v.micros[j]!;
      }
      return { ...v, length: n, validity, months, days, micros };
    }
    case 'boxed': {
      const values = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const j = indices[i]!;
        values[i] = j >= 0 ? v.values[j] : null;
      }
      return { ...v, length: n, validity, values };
    }
  }
}

export function sliceVector(v: Vector, start: number, end: number): Vector {
  const n = end - start;
  if (start === 0 && end === v.length) return v;
  if (v.kind === 'const') return { ...v, length: n };
  const validity = simplifyBitmap(sliceBitmap(v.validity, start, end), n);
  switch (v.kind) {
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric':
      return { ...v, length: n, validity, data: v.data.subarray(start, end) } as Vector;
    case 'string':
      return { ...v, length: n, validity, codes: v.codes.subarray(start, end) };
    case 'interval':
      return {
        ...v,
        length: n,
        validity,
        months: v.months.subarray(start, end),
        days: v.days.subarray(start, end),
        micros: v.micros.subarray(start, end),
      };
    case 'boxed':
      return { ...v, length: n, validity, values: v.values.slice(start, end) };
  }
}

function concatValidity(vs: readonly Vector[], n: number): Bitmap | null {
  if (vs.every((v) => v.validity === null && (v.kind !== 'const' || v.value !== null))) return null;
  const out = new Uint8Array(bitmapBytes(n));
  let offset = 0;
  for (const v of vs) {
    for (let i = 0; i < v.length; i++) if (isValid(v, i)) setBit(out, offset + i);
    offset += v.length;
  }
  return simplifyBitmap(out, n);
}

function concatStrings(
  vs: readonly StringVector[],
  type: DataType,
  n: number,
  validity: Bitmap | null,
): StringVector {
  const first = vs[0]!;
  const codes = new Int32Array(n);
  if (vs.every((v) => v.dict === first.dict)) {
    let offset = 0;
    for (const v of vs) {
      codes.set(v.codes, offset);
      offset += v.length;
    }
    return { kind: 'string', type, length: n, validity, dict: first.dict, codes };
  }
  const dict: string[] = [];
  const index = new Map<string, number>();
  let offset = 0;
  // Mostly distinct strings (names, comments) gain nothing from merging equal entries: entries are
  // then appended as they are (dictionaries may repeat a string), sparing a hash lookup per row.
  const rowsPerDict = new Map<readonly string[], number>();
  for (const v of vs) rowsPerDict.set(v.dict, (rowsPerDict.get(v.dict) ?? 0) + v.length);
  let entries = 0;
  for (const [d, rows] of rowsPerDict) entries += Math.min(d.length, rows);
  const codeOf =
    entries * 2 >= n
      ? (s: string): number => dict.push(s) - 1
      : (s: string): number => dictionaryCode(s, dict, index);
  // Vectors often share a dictionary (slices of one table): its mapping is made once.
  const remaps = new Map<readonly string[], Int32Array>();
  for (const v of vs) {
    const src = v.codes;
    let remap = remaps.get(v.dict);
    if (remap === undefined) {
      remap = new Int32Array(v.dict.length).fill(-1);
      // A slice may share a much larger dictionary: then map only the codes it uses.
      if (v.dict.length <= 2 * v.length)
        for (let c = 0; c < v.dict.length; c++) remap[c] = codeOf(v.dict[c]!);
      remaps.set(v.dict, remap);
    }
    for (let i = 0; i < v.length; i++) {
      const c = src[i]!;
      let code = remap[c]!;
      if (code < 0) code = remap[c] = codeOf(v.dict[c]!);
      codes[offset + i] = code;
    }
    offset += v.length;
  }
  return { kind: 'string', type, length: n, validity, dict, codes };
}

/** Concatenates vectors of one type into one vector. */
export function concatVectors(type: DataType, input: readonly Vector[]): Vector {
  const vs = input.filter((v) => v.length > 0);
  if (vs.length === 0) return vectorFromScalars(type, []);
  if (vs.length === 1) return vs[0]!;
  const n = vs.reduce((s, v) => s + v.length, 0);
  const first = vs[0]!;
  if (first.kind === 'const' && vs.every((v) => v.kind === 'const' && v.value === first.value)) {
    return { ...first, length: n };
  }
  const flat = vs.map(materialize);
  const kinds = new Set(flat.map((v) => v.kind));
  const numericScales = new Set(flat.map((v) => (v.kind === 'numeric' ? v.scale : -1)));
  if (kinds.size > 1 || numericScales.size > 1) {
    // Mixed layouts (numeric at different scales, or flat and boxed) fall back to per-value building.
    const values: Scalar[] = [];
    for (const v of flat) for (let i = 0; i < v.length; i++) values.push(getScalar(v, i));
    return vectorFromScalars(type, values);
  }
  const validity = concatValidity(flat, n);
  const f = flat[0]!;
  switch (f.kind) {
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric': {
      const data = newNumberArray(f.kind, n);
      let offset = 0;
      for (const v of flat) {
        (data as Float64Array).set((v as typeof f).data as Float64Array, offset);
        offset += v.length;
      }
      return { ...f, type, length: n, validity, data } as Vector;
    }
    case 'string':
      return concatStrings(flat as StringVector[], type, n, validity);
    case 'interval': {
      const months = new Int32Array(n);
      const days = new Int32Array(n);
      const micros = new Float64Array(n);
      let offset = 0;
      for (const v of flat) {
        invariant(v.kind === 'interval', 'interval concat');
        months.set(v.months, offset);
        days.set(v.days, offset);
        micros.set(v.micros, offset);
        offset += v.length;
      }
      return { kind: 'interval', type, length: n, validity, months, days, micros };
    }
    case 'boxed': {
      const values: unknown[] = [];
      for (const v of flat) values.push(...(v as typeof f).values);
      return { kind: 'boxed', type, length: n, validity, values };
    }
  }
}

/** Replaces the vector's type (same physical layout), e.g. varchar(10) → text. */
export function withType(v: Vector, type: DataType): Vector {
  return v.type === type ? v : ({ ...v, type } as Vector);
}

/** Coerces a numeric value to the column's typmod; used when building typed columns from values. */
export function applyNumericTypmod(type: DataType, d: Decimal): Decimal {
  if (type.id !== 'numeric' || type.precision === null) return d;
  return decimalApplyTypmod(d, type.precision, type.scale ?? 0);
}

export function withValidity(v: Vector, validity: Bitmap | null): Vector {
  invariant(v.kind !== 'const', 'withValidity on a constant');
  return { ...v, validity: simplifyBitmap(validity, v.length) } as Vector;
}
