// Moving column vectors between threads without per-row serialization. Table data goes to workers
// as SharedArrayBuffer views (shared, not copied; made once per vector and remembered); string
// dictionaries travel as UTF-8 bytes plus offsets in shared memory, tagged with an id so a worker
// decodes each dictionary once. Results come back with their buffers transferred (moved).

import type { Batch } from '../columnar/batch.js';
import type { StringVector, Vector } from '../columnar/vector.js';
import type { DataType } from '../types/data-type.js';

/** A vector as it crosses a thread boundary (structured-clonable). */
export type WireVector =
  | { readonly kind: 'flat'; readonly vector: Vector }
  | {
      readonly kind: 'string';
      readonly type: DataType;
      readonly length: number;
      readonly validity: Uint8Array | null;
      readonly codes: Int32Array;
      readonly dictId: number;
      readonly dictBytes: Uint8Array;
      readonly dictOffsets: Int32Array;
    };

export interface WireBatch {
  readonly length: number;
  readonly columns: readonly WireVector[];
}

function toShared<T extends Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const shared = new Ctor(new SharedArrayBuffer(a.byteLength));
  shared.set(a as never);
  return shared;
}

const sharedCache = new WeakMap<Vector, WireVector>();
let nextDictId = 1;
const encoder = new TextEncoder();

function encodeDictionary(dict: readonly string[]): { bytes: Uint8Array; offsets: Int32Array } {
  const offsets = new Int32Array(new SharedArrayBuffer((dict.length + 1) * 4));
  const parts = dict.map((s) => encoder.encode(s));
  let total = 0;
  parts.forEach((p, i) => {
    offsets[i] = total;
    total += p.length;
  });
  offsets[dict.length] = total;
  const bytes = new Uint8Array(new SharedArrayBuffer(total));
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return { bytes, offsets };
}

/**
 * A vector of stored table data for workers: shared memory, computed once per vector (table data
 * is immutable, so the shared copy stays valid).
 */
export function shareVector(v: Vector): WireVector {
  const cached = sharedCache.get(v);
  if (cached !== undefined) return cached;
  let wire: WireVector;
  switch (v.kind) {
    case 'string': {
      const { bytes, offsets } = encodeDictionary(v.dict);
      wire = {
        kind: 'string',
        type: v.type,
        length: v.length,
        validity: v.validity === null ? null : toShared(v.validity),
        codes: toShared(v.codes),
        dictId: nextDictId++,
        dictBytes: bytes,
        dictOffsets: offsets,
      };
      break;
    }
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric':
      wire = {
        kind: 'flat',
        vector: {
          ...v,
          validity: v.validity === null ? null : toShared(v.validity),
          data: toShared(v.data),
        } as Vector,
      };
      break;
    case 'interval':
      wire = {
        kind: 'flat',
        vector: {
          ...v,
          validity: v.validity === null ? null : toShared(v.validity),
          months: toShared(v.months),
          days: toShared(v.days),
          micros: toShared(v.micros),
        },
      };
      break;
    case 'boxed':
    case 'const':
      wire = { kind: 'flat', vector: v };
      break;
  }
  sharedCache.set(v, wire);
  return wire;
}

export function shareBatch(b: Batch): WireBatch {
  return { length: b.length, columns: b.columns.map(shareVector) };
}

/** Decoded dictionaries by id, kept by the receiving thread (bounded by total strings). */
const dictionaries = new Map<number, readonly string[]>();
let cachedStrings = 0;
const MAX_CACHED_STRINGS = 20_000_000;
const decoder = new TextDecoder();

function decodeDictionary(w: Extract<WireVector, { kind: 'string' }>): readonly string[] {
  const hit = dictionaries.get(w.dictId);
  if (hit !== undefined) return hit;
  const n = w.dictOffsets.length - 1;
  const dict = new Array<string>(n);
  // TextDecoder does not take views of shared memory: copy each string's bytes out first.
  const bytes = new Uint8Array(w.dictBytes);
  for (let i = 0; i < n; i++)
    dict[i] = decoder.decode(bytes.subarray(w.dictOffsets[i]!, w.dictOffsets[i + 1]!));
  if (cachedStrings + n > MAX_CACHED_STRINGS) {
    dictionaries.clear();
    cachedStrings = 0;
  }
  dictionaries.set(w.dictId, dict);
  cachedStrings += n;
  return dict;
}

export function receiveVector(w: WireVector): Vector {
  if (w.kind === 'flat') return w.vector;
  const vector: StringVector = {
    kind: 'string',
    type: w.type,
    length: w.length,
    validity: w.validity,
    codes: w.codes,
    dict: decodeDictionary(w),
  };
  return vector;
}

export function receiveBatch(w: WireBatch): Batch {
  return { length: w.length, columns: w.columns.map(receiveVector) };
}

/** Buffers a result batch can hand over (moved, not copied) when posted back. */
export function transferables(b: Batch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | null) => {
    if (
      a !== null &&
      a.buffer instanceof ArrayBuffer &&
      a.byteOffset === 0 &&
      a.byteLength === a.buffer.byteLength
    )
      out.add(a.buffer);
  };
  for (const v of b.columns) {
    switch (v.kind) {
      case 'bool':
      case 'i16':
      case 'i32':
      case 'f32':
      case 'f64':
      case 'numeric':
        add(v.validity);
        add(v.data);
        break;
      case 'string':
        add(v.validity);
        add(v.codes);
        break;
      case 'interval':
        add(v.validity);
        add(v.months);
        add(v.days);
        add(v.micros);
        break;
      default:
        break;
    }
  }
  return [...out];
}
