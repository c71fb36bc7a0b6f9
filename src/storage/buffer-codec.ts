// One column buffer as segments store it: integers narrowed to the fewest bytes their range needs
// (frame of reference: value - base in 1, 2 or 4 bytes), then deflated when that saves enough.
// Measured on TPC-H lineitem SF 0.1 (64 MB as vectors; narrowing alone makes it 37 MB): raw deflate
// level 1 stores 16.2 MB and inflates in 184 ms; brotli quality 1 stores 16.1 MB but decodes in
// 239 ms, quality 3 15.5 MB in 204 ms (brotli compresses faster, but data is read more often than
// written). zstd would beat both; Node has it from 22 on only.

import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { LarchError, SqlState } from '../engine/errors.js';
import { crc32 } from './checksum.js';
import { ELEMENT_BYTES, type ElementType, viewAs } from './vector-codec.js';

/** How a buffer was stored; kept in the chunk header next to the buffer's place in the blob. */
export interface BufferLayout {
  /** Bytes on disk. */
  readonly stored: number;
  /** CRC-32 of the stored bytes. */
  readonly crc: number;
  /** Bytes after inflating, when the buffer is deflated. */
  readonly inflated?: number;
  /** Frame of reference when narrowed: each element is base + an unsigned integer of `width` bytes. */
  readonly base?: number;
  readonly width?: 1 | 2 | 4;
}

export interface PackedBuffer {
  readonly bytes: Uint8Array;
  readonly layout: BufferLayout;
}

/** Buffers smaller than this are stored as they are: deflate would barely win and costs a call. */
const MIN_DEFLATE_BYTES = 256;
/** Deflated bytes are kept only when at most this fraction of the input. */
const DEFLATE_KEEP_RATIO = 0.85;
const DEFLATE_LEVEL = 1;

const deflateRaw = promisify(zlib.deflateRaw);

type IntArray = Int16Array | Int32Array | Uint32Array | Float64Array;

function elements(bytes: Uint8Array, element: ElementType): IntArray | null {
  if (bytes.byteLength % ELEMENT_BYTES[element] !== 0) return null;
  switch (element) {
    case 'i16':
      return viewAs(Int16Array, bytes);
    case 'i32':
      return viewAs(Int32Array, bytes);
    case 'u32':
      return viewAs(Uint32Array, bytes);
    case 'f64':
      return viewAs(Float64Array, bytes);
    case 'f32':
    case 'bytes':
      return null;
  }
}

/** The values as unsigned offsets from their minimum, when that is narrower than they are. */
function narrow(values: IntArray): { bytes: Uint8Array; base: number; width: 1 | 2 | 4 } | null {
  const n = values.length;
  if (n === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  const float = values instanceof Float64Array;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    // Only whole numbers narrow, and not -0, which would come back as 0.
    if (float && (x !== Math.floor(x) || (x === 0 && 1 / x < 0))) return null;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const range = max - min;
  const width = range < 0x100 ? 1 : range < 0x10000 ? 2 : range < 0x100000000 ? 4 : 0;
  if (width === 0 || width >= values.BYTES_PER_ELEMENT) return null;
  const out = width === 1 ? new Uint8Array(n) : width === 2 ? new Uint16Array(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i]! - min;
  return { bytes: new Uint8Array(out.buffer), base: min, width };
}

/** Narrows and compresses a buffer for storage (compression runs on libuv's thread pool). */
export async function packBuffer(bytes: Uint8Array, element: ElementType): Promise<PackedBuffer> {
  const values = elements(bytes, element);
  const narrowed = values === null ? null : narrow(values);
  const plain = narrowed?.bytes ?? bytes;
  let stored = plain;
  let inflated: number | undefined;
  if (plain.byteLength >= MIN_DEFLATE_BYTES) {
    const deflated = await deflateRaw(plain, { level: DEFLATE_LEVEL });
    if (deflated.byteLength <= plain.byteLength * DEFLATE_KEEP_RATIO) {
      stored = deflated;
      inflated = plain.byteLength;
    }
  }
  const layout: BufferLayout = {
    stored: stored.byteLength,
    crc: crc32(stored),
    ...(inflated === undefined ? {} : { inflated }),
    ...(narrowed === null ? {} : { base: narrowed.base, width: narrowed.width }),
  };
  return { bytes: stored, layout };
}

function corrupt(file: string, what: string): LarchError {
  return new LarchError(SqlState.dataCorrupted, `invalid data in file "${file}": ${what}`);
}

/** Widens narrowed values back to the buffer's element type: a native copy, then the base added. */
function widen(plain: Uint8Array, layout: BufferLayout, element: ElementType, file: string): Uint8Array {
  const width = layout.width!;
  const base = layout.base!;
  if (plain.byteLength % width !== 0) throw corrupt(file, 'narrowed buffer size');
  const n = plain.byteLength / width;
  const src = width === 1 ? plain : width === 2 ? viewAs(Uint16Array, plain) : viewAs(Uint32Array, plain);
  // One loop per array type keeps each loop monomorphic (fast); integer stores wrap as int32 does.
  switch (element) {
    case 'i16': {
      const out = new Int16Array(n);
      out.set(src);
      for (let i = 0; i < n; i++) out[i]! += base;
      return new Uint8Array(out.buffer);
    }
    case 'i32': {
      const out = new Int32Array(n);
      out.set(src);
      for (let i = 0; i < n; i++) out[i]! += base;
      return new Uint8Array(out.buffer);
    }
    case 'u32': {
      const out = new Uint32Array(n);
      out.set(src);
      for (let i = 0; i < n; i++) out[i]! += base;
      return new Uint8Array(out.buffer);
    }
    case 'f64': {
      const out = new Float64Array(n);
      out.set(src);
      for (let i = 0; i < n; i++) out[i]! += base;
      return new Uint8Array(out.buffer);
    }
    case 'f32':
    case 'bytes':
      throw corrupt(file, `a ${element} buffer cannot be narrowed`);
  }
}

/** The buffer's original bytes from its stored form; `file` names the source in errors. */
export function unpackBuffer(
  stored: Uint8Array,
  layout: BufferLayout,
  element: ElementType,
  file: string,
): Uint8Array {
  if (stored.byteLength !== layout.stored || crc32(stored) !== layout.crc)
    throw corrupt(file, 'checksum mismatch');
  let plain = stored;
  if (layout.inflated !== undefined) {
    plain = zlib.inflateRawSync(stored);
    if (plain.byteLength !== layout.inflated) throw corrupt(file, 'inflated size');
  }
  return layout.width === undefined ? plain : widen(plain, layout, element, file);
}
