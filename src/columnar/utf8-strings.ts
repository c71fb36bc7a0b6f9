// UTF-8 bytes to dictionary-encoded JS strings. A column chunk is decoded with one call (latin1
// when it is all ASCII) and cut into values with substring, which is much cheaper than decoding
// each value; values repeat often enough in real columns that deduplicating them pays off when
// a sample shows few distinct values.

import { dictionaryCode } from './string-dictionary.js';

/** Rows sampled to decide whether to deduplicate a chunk's strings. */
const SAMPLE_ROWS = 2048;

function isAscii(bytes: Uint8Array, from: number, to: number): boolean {
  let bits = 0;
  for (let i = from; i < to; i++) bits |= bytes[i]!;
  return bits < 0x80;
}

/**
 * Decodes bytes[from, to) into one string and rewrites `positions` (ascending absolute byte
 * offsets inside that range) into indexes of the string. Returns null for invalid UTF-8 (the
 * caller decodes value by value then, so that bad bytes become U+FFFD in their own value only).
 */
export function decodeWithPositions(
  bytes: Uint8Array,
  from: number,
  to: number,
  positions: Int32Array,
  count: number,
): string | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
  if (isAscii(bytes, from, to)) {
    for (let k = 0; k < count; k++) positions[k] = positions[k]! - from;
    return buf.toString('latin1');
  }
  const text = buf.toString('utf8');
  let units = 0;
  let byte = from;
  for (let k = 0; k < count; k++) {
    const target = positions[k]!;
    for (; byte < target; byte++) {
      const b = bytes[byte]!;
      if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
    }
    positions[k] = units;
  }
  for (; byte < to; byte++) {
    const b = bytes[byte]!;
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units === text.length ? text : null;
}

/** Dictionary-encodes `n` strings, deduplicating them when a sample shows they repeat. */
export function encodeStrings(n: number, get: (i: number) => string): { dict: string[]; codes: Int32Array } {
  const codes = new Int32Array(n);
  const sample = Math.min(n, SAMPLE_ROWS);
  const index = new Map<string, number>();
  const dict: string[] = [];
  for (let i = 0; i < sample; i++) codes[i] = dictionaryCode(get(i), dict, index);
  if (index.size * 4 <= sample) {
    for (let i = sample; i < n; i++) codes[i] = dictionaryCode(get(i), dict, index);
    return { dict, codes };
  }
  // Mostly distinct: one dictionary entry per row.
  const all: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    all[i] = i < sample ? dict[codes[i]!]! : get(i);
    codes[i] = i;
  }
  return { dict: all, codes };
}

const decoder = new TextDecoder();

/** Arrow-style Utf8 (offsets[0..n] into bytes) as dictionary-encoded strings. */
export function decodeUtf8Strings(
  offsets: Int32Array,
  bytes: Uint8Array,
  n: number,
): { dict: string[]; codes: Int32Array } {
  if (n === 0) return { dict: [], codes: new Int32Array(0) };
  const positions = offsets.slice(0, n + 1);
  const text = decodeWithPositions(bytes, offsets[0]!, offsets[n]!, positions, n + 1);
  if (text === null)
    return encodeStrings(n, (i) => decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!)));
  return encodeStrings(n, (i) => text.substring(positions[i]!, positions[i + 1]!));
}
