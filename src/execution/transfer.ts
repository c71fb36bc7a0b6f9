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
      /** Every byte of dictBytes is ASCII (one byte per character). */
      readonly dictAscii: boolean;
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

/**
 * A vector with its buffers in shared memory (table data is kept so from the start, so that
 * workers read it without a second copy).
 */
export function inSharedMemory(v: Vector): Vector {
  const validity = v.kind === 'const' || v.validity === null ? null : toShared(v.validity);
  switch (v.kind) {
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric':
      return { ...v, validity, data: toShared(v.data) } as Vector;
    case 'string':
      return { ...v, validity, codes: toShared(v.codes) };
    case 'interval':
      return {
        ...v,
        validity,
        months: toShared(v.months),
        days: toShared(v.days),
        micros: toShared(v.micros),
      };
    case 'boxed':
    case 'const':
      return v;
  }
}

const sharedCache = new WeakMap<Vector, WireVector>();
let nextDictId = 1;

export interface SharedDictionary {
  readonly dictId: number;
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly ascii: boolean;
}

/** Encoded dictionaries by identity: a table's chunks often share one dictionary, encoded once. */
const dictionaryCache = new WeakMap<readonly string[], SharedDictionary>();

export function shareDictionary(dict: readonly string[]): SharedDictionary {
  let shared = dictionaryCache.get(dict);
  if (shared === undefined) {
    shared = { dictId: nextDictId++, ...encodeDictionary(dict) };
    dictionaryCache.set(dict, shared);
  }
  return shared;
}

function encodeDictionary(dict: readonly string[]): Omit<SharedDictionary, 'dictId'> {
  const offsets = new Int32Array(new SharedArrayBuffer((dict.length + 1) * 4));
  const joined = dict.join('');
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(joined);
  let total = 0;
  for (let i = 0; i < dict.length; i++) {
    offsets[i] = total;
    total += ascii ? dict[i]!.length : Buffer.byteLength(dict[i]!, 'utf8');
  }
  offsets[dict.length] = total;
  const bytes = new Uint8Array(new SharedArrayBuffer(total));
  const out = Buffer.from(bytes.buffer, 0, total);
  if (ascii) out.write(joined, 0, 'latin1');
  else dict.forEach((s, i) => out.write(s, offsets[i]!, 'utf8'));
  return { bytes, offsets, ascii };
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
    case 'string':
      wire = wireStrings(v, shareDictionary(v.dict));
      break;
    default:
      wire = { kind: 'flat', vector: inSharedMemory(v) };
      break;
  }
  sharedCache.set(v, wire);
  return wire;
}

/** A string vector's codes with its dictionary already encoded (the dictionary itself unused). */
export function wireStrings(v: Omit<StringVector, 'dict'>, dict: SharedDictionary): WireVector {
  return {
    kind: 'string',
    type: v.type,
    length: v.length,
    validity: v.validity === null ? null : toShared(v.validity),
    codes: toShared(v.codes),
    dictId: dict.dictId,
    dictBytes: dict.bytes,
    dictOffsets: dict.offsets,
    dictAscii: dict.ascii,
  };
}

/**
 * Decoded dictionaries by id, kept by the receiving thread while tasks use them: bounded by total
 * strings, and dropped once idle (dropIdleDictionaries).
 */
const dictionaries = new Map<number, { readonly dict: readonly string[]; used: number }>();
let cachedStrings = 0;
const MAX_CACHED_STRINGS = 20_000_000;
/**
 * How long a decoded dictionary stays unused before it is dropped. A worker's heap is otherwise
 * about 13 MB, so the millions of strings of a large dictionary would be marked by each of its
 * major GCs, which the ArrayBuffers of every task set off: 100-180 ms of marking each, on the
 * other core, for every later query, whether it reads that column or not. Running a query again
 * soon (a benchmark, a dashboard's refresh burst) keeps its dictionaries decoded.
 */
const IDLE_DICTIONARY_MS = 1000;

function decodeDictionary(w: Extract<WireVector, { kind: 'string' }>): readonly string[] {
  const now = performance.now();
  const hit = dictionaries.get(w.dictId);
  if (hit !== undefined) {
    hit.used = now;
    return hit.dict;
  }
  dropIdleDictionaries(now);
  const dict = decodeStrings(w.dictBytes, w.dictOffsets, w.dictAscii);
  const n = dict.length;
  if (cachedStrings + n > MAX_CACHED_STRINGS) {
    dictionaries.clear();
    cachedStrings = 0;
  }
  dictionaries.set(w.dictId, { dict, used: now });
  cachedStrings += n;
  return dict;
}

/** Drops the decoded dictionaries no task has used for IDLE_DICTIONARY_MS. */
export function dropIdleDictionaries(now = performance.now()): void {
  for (const [id, entry] of dictionaries) {
    if (now - entry.used <= IDLE_DICTIONARY_MS) continue;
    dictionaries.delete(id);
    cachedStrings -= entry.dict.length;
  }
}

/** The strings of an encoded dictionary: UTF-8 bytes, with string i at [offsets[i], offsets[i + 1]). */
export function decodeStrings(bytesView: Uint8Array, offsets: Int32Array, ascii: boolean): string[] {
  const n = offsets.length - 1;
  const dict = new Array<string>(n);
  const bytes = Buffer.from(bytesView.buffer, bytesView.byteOffset, bytesView.byteLength);
  if (ascii) {
    // One decode, then each value is a substring of it.
    const text = bytes.toString('latin1');
    for (let i = 0; i < n; i++) dict[i] = text.substring(offsets[i]!, offsets[i + 1]!);
  } else {
    for (let i = 0; i < n; i++) dict[i] = bytes.toString('utf8', offsets[i]!, offsets[i + 1]!);
  }
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
