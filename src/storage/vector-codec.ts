// Vectors to and from plain byte buffers, for segment files and (later) worker threads: a small JSON
// description plus the vector's arrays as bytes. Typed arrays are copied whole or viewed in place,
// never walked row by row; strings travel as one UTF-8 text per dictionary, boxed values as JSON.
//
// Buffers per kind, in order (validity first, when the vector has NULLs):
//   bool, i16, i32, f32, f64, numeric  data
//   string     codes (int32), entry lengths in UTF-16 units (uint32), then one text buffer per piece
//   interval   months (int32), days (int32), micros (float64)
//   boxed      the values as a UTF-8 JSON array (see scalar-json.ts)
//   const      none; the value is in the description
// Arrays are in the machine's byte order (little-endian on every platform Node supports well).

import { bitmapBytes, type Bitmap } from '../columnar/bitmap.js';
import type { Scalar, Vector } from '../columnar/vector.js';
import { LarchError, SqlState, unreachable } from '../engine/errors.js';
import { type DataType, Types } from '../types/data-type.js';
import { type JsonValue, scalarFromJson, scalarToJson } from './scalar-json.js';

interface MetaBase {
  readonly type: DataType;
  readonly length: number;
  /** Whether a validity bitmap is the first buffer. */
  readonly nulls: boolean;
}

export type VectorMeta =
  | (MetaBase & { readonly kind: 'bool' | 'i16' | 'i32' | 'f32' | 'f64' | 'interval' | 'boxed' })
  | (MetaBase & { readonly kind: 'numeric'; readonly scale: number })
  | (MetaBase & {
      readonly kind: 'string';
      /** Dictionary entries in each text piece. */
      readonly pieces: readonly number[];
      /** Text is UTF-16 code units when the dictionary holds unpaired surrogates (UTF-8 cannot). */
      readonly utf16: boolean;
    })
  | (MetaBase & { readonly kind: 'const'; readonly value: JsonValue });

/** What a buffer's bytes hold, so storage can pick an encoding (narrower integers) for it. */
export type ElementType = 'bytes' | 'i16' | 'i32' | 'u32' | 'f32' | 'f64';

export interface EncodedVector {
  readonly meta: VectorMeta;
  /** Views of the vector's memory where possible: copy before changing them. */
  readonly buffers: readonly Uint8Array[];
  /** The element type of each buffer. */
  readonly elements: readonly ElementType[];
}

/** Longest text piece, in UTF-16 units; keeps each decoded string far below V8's limit. */
const PIECE_UNITS = 1 << 24;

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

type Part = readonly [Uint8Array, ElementType];

/** The validity bitmap (when there are NULLs) followed by the kind's own buffers. */
function encoded(meta: VectorMeta, validity: Bitmap | null, parts: readonly Part[]): EncodedVector {
  const all: Part[] =
    validity === null ? [...parts] : [[validity.subarray(0, bitmapBytes(meta.length)), 'bytes'], ...parts];
  return { meta, buffers: all.map((p) => p[0]), elements: all.map((p) => p[1]) };
}

export function encodeVector(v: Vector): EncodedVector {
  if (v.kind === 'const') {
    const value = scalarToJson(v.type, v.value);
    return encoded({ kind: 'const', type: v.type, length: v.length, nulls: false, value }, null, []);
  }
  const base = { type: v.type, length: v.length, nulls: v.validity !== null };
  switch (v.kind) {
    case 'bool':
      return encoded({ ...base, kind: v.kind }, v.validity, [[v.data, 'bytes']]);
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
      return encoded({ ...base, kind: v.kind }, v.validity, [[bytesOf(v.data), v.kind]]);
    case 'numeric':
      return encoded({ ...base, kind: 'numeric', scale: v.scale }, v.validity, [[bytesOf(v.data), 'f64']]);
    case 'string':
      return encodeStrings(v.dict, v.codes, base, v.validity);
    case 'interval':
      return encoded({ ...base, kind: 'interval' }, v.validity, [
        [bytesOf(v.months), 'i32'],
        [bytesOf(v.days), 'i32'],
        [bytesOf(v.micros), 'f64'],
      ]);
    case 'boxed': {
      const json = new Array<JsonValue>(v.length);
      for (let i = 0; i < v.length; i++) {
        const valid = v.validity === null || (v.validity[i >>> 3]! & (1 << (i & 7))) !== 0;
        json[i] = valid ? scalarToJson(v.type, v.values[i] as Scalar) : null;
      }
      return encoded({ ...base, kind: 'boxed' }, v.validity, [
        [Buffer.from(JSON.stringify(json), 'utf8'), 'bytes'],
      ]);
    }
    default:
      return unreachable(v);
  }
}

/** Writes only the dictionary entries the codes use (slices and filters share their parent's). */
function encodeStrings(
  dict: readonly string[],
  codes: Int32Array,
  base: MetaBase,
  validity: Bitmap | null,
): EncodedVector {
  const n = codes.length;
  const used = new Uint8Array(dict.length);
  let usedCount = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    // Codes of NULL rows may point anywhere, even past the dictionary.
    if (c >= 0 && c < dict.length && used[c] === 0) {
      used[c] = 1;
      usedCount++;
    }
  }
  let entries = dict;
  let outCodes = codes;
  if (usedCount < dict.length) {
    const remap = new Int32Array(dict.length);
    const kept: string[] = [];
    for (let c = 0; c < dict.length; c++) {
      if (used[c] === 0) continue;
      remap[c] = kept.length;
      kept.push(dict[c]!);
    }
    outCodes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      outCodes[i] = c >= 0 && c < dict.length ? remap[c]! : 0;
    }
    entries = kept;
  }
  const lengths = new Uint32Array(entries.length);
  const pieces: number[] = [];
  const texts: string[] = [];
  let start = 0;
  let units = 0;
  for (let e = 0; e < entries.length; e++) {
    const len = entries[e]!.length;
    if (units + len > PIECE_UNITS && e > start) {
      texts.push(entries.slice(start, e).join(''));
      pieces.push(e - start);
      start = e;
      units = 0;
    }
    lengths[e] = len;
    units += len;
  }
  if (start < entries.length) {
    texts.push(entries.slice(start).join(''));
    pieces.push(entries.length - start);
  }
  const utf16 = texts.some((t) => !(t as unknown as { isWellFormed(): boolean }).isWellFormed());
  const textBuffers = texts.map((t) => Buffer.from(t, utf16 ? 'utf16le' : 'utf8'));
  return encoded({ ...base, kind: 'string', pieces, utf16 }, validity, [
    [bytesOf(outCodes), 'i32'],
    [bytesOf(lengths), 'u32'],
    ...textBuffers.map((b): Part => [b, 'bytes']),
  ]);
}

interface ArrayType<T> {
  new (n: number): T;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

export const ELEMENT_BYTES: Readonly<Record<ElementType, number>> = {
  bytes: 1,
  i16: 2,
  i32: 4,
  u32: 4,
  f32: 4,
  f64: 8,
};

/** A typed array over whole elements of the bytes: in place when aligned, else a copy. */
export function viewAs<T extends ArrayBufferView>(ctor: ArrayType<T>, bytes: Uint8Array): T {
  const n = Math.floor(bytes.byteLength / ctor.BYTES_PER_ELEMENT);
  if (bytes.byteOffset % ctor.BYTES_PER_ELEMENT === 0)
    return new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, n);
  const copy = new ctor(n);
  new Uint8Array(copy.buffer, 0, copy.byteLength).set(bytes.subarray(0, copy.byteLength));
  return copy;
}

/** A typed array of exactly n elements over the bytes. */
function typed<T extends ArrayBufferView>(ctor: ArrayType<T>, bytes: Uint8Array, n: number): T {
  if (bytes.byteLength !== n * ctor.BYTES_PER_ELEMENT) throw corrupt('array size does not match its length');
  return viewAs(ctor, bytes);
}

function corrupt(what: string): LarchError {
  return new LarchError(SqlState.dataCorrupted, `stored vector is corrupt: ${what}`);
}

/** Simple types come back as the shared frozen objects the rest of the engine uses. */
export function canonicalType(t: DataType): DataType {
  const shared = (Types as Record<string, DataType>)[t.id];
  return shared !== undefined && Object.keys(t).length === 1 ? shared : t;
}

export function decodeVector(meta: VectorMeta, buffers: readonly Uint8Array[]): Vector {
  const type = canonicalType(meta.type);
  const length = meta.length;
  if (meta.kind === 'const')
    return { kind: 'const', type, length, validity: null, value: scalarFromJson(type, meta.value) };
  let next = 0;
  const take = (): Uint8Array => {
    const b = buffers[next++];
    if (b === undefined) throw corrupt('missing buffer');
    return b;
  };
  let validity: Bitmap | null = null;
  if (meta.nulls) {
    validity = take();
    if (validity.length !== bitmapBytes(length)) throw corrupt('validity size');
  }
  const base = { type, length, validity };
  switch (meta.kind) {
    case 'bool':
      return { ...base, kind: 'bool', data: typed(Uint8Array, take(), length) };
    case 'i16':
      return { ...base, kind: 'i16', data: typed(Int16Array, take(), length) };
    case 'i32':
      return { ...base, kind: 'i32', data: typed(Int32Array, take(), length) };
    case 'f32':
      return { ...base, kind: 'f32', data: typed(Float32Array, take(), length) };
    case 'f64':
      return { ...base, kind: 'f64', data: typed(Float64Array, take(), length) };
    case 'numeric':
      return { ...base, kind: 'numeric', scale: meta.scale, data: typed(Float64Array, take(), length) };
    case 'string': {
      const codes = typed(Int32Array, take(), length);
      const total = meta.pieces.reduce((s, p) => s + p, 0);
      const lengths = typed(Uint32Array, take(), total);
      const dict = new Array<string>(total);
      let e = 0;
      for (const count of meta.pieces) {
        const bytes = take();
        const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
          meta.utf16 ? 'utf16le' : 'utf8',
        );
        let pos = 0;
        for (let k = 0; k < count; k++, e++) {
          const len = lengths[e]!;
          dict[e] = text.slice(pos, pos + len);
          pos += len;
        }
        if (pos !== text.length) throw corrupt('string lengths do not match the text');
      }
      return { ...base, kind: 'string', dict, codes };
    }
    case 'interval':
      return {
        ...base,
        kind: 'interval',
        months: typed(Int32Array, take(), length),
        days: typed(Int32Array, take(), length),
        micros: typed(Float64Array, take(), length),
      };
    case 'boxed': {
      const bytes = take();
      const json = JSON.parse(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
      ) as JsonValue[];
      if (!Array.isArray(json) || json.length !== length) throw corrupt('boxed values');
      return { ...base, kind: 'boxed', values: json.map((x) => scalarFromJson(type, x)) };
    }
    default:
      return unreachable(meta);
  }
}
