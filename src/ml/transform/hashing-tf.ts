// ML.HASHING_TF: term counts hashed into num_features buckets exactly as Spark's HashingTF (MurmurHash3
// x86_32 of the UTF-8 bytes, seed 42, non-negative modulo), so hashed features match Spark's.

import { mlError } from '../core/ml-error.js';
import type { MlColumn } from './ml-column.js';

const SPARK_SEED = 42;
const encoder = new TextEncoder();
/** Distinct tokens remembered per call: vocabularies repeat, hashing each spelling once. */
const MAX_CACHED_TOKENS = 1 << 16;
let scratch = new Uint8Array(256);

/** The UTF-8 bytes of `t` in a reused buffer (valid until the next call). */
function utf8(t: string): Uint8Array {
  if (scratch.length < t.length * 3) scratch = new Uint8Array(t.length * 3);
  let ascii = true;
  for (let i = 0; i < t.length && ascii; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x80) scratch[i] = c;
    else ascii = false;
  }
  if (ascii) return scratch.subarray(0, t.length);
  return scratch.subarray(0, encoder.encodeInto(t, scratch).written);
}

export function hashingTf(tokens: readonly (readonly string[] | null)[], numFeatures: number): MlColumn {
  if (!Number.isInteger(numFeatures) || numFeatures < 1 || numFeatures > 2 ** 30)
    throw mlError(`ML.HASHING_TF: num_features must be an integer in [1, 2^30], got ${numFeatures}`);
  const offsets = new Int32Array(tokens.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const buckets = new Map<string, number>();
  let row = new Int32Array(64);
  tokens.forEach((list, i) => {
    const terms = list ?? [];
    if (row.length < terms.length) row = new Int32Array(terms.length * 2);
    let n = 0;
    for (const t of terms) {
      let index = buckets.get(t);
      if (index === undefined) {
        const h = murmur3(utf8(t), SPARK_SEED) % numFeatures;
        index = h < 0 ? h + numFeatures : h;
        if (buckets.size < MAX_CACHED_TOKENS) buckets.set(t, index);
      }
      row[n++] = index;
    }
    // Sorted bucket numbers; each run of equal numbers is one feature and its count.
    const sorted = row.subarray(0, n).sort();
    for (let k = 0; k < n;) {
      const index = sorted[k]!;
      let count = 0;
      while (k < n && sorted[k] === index) {
        count++;
        k++;
      }
      indices.push(index);
      values.push(count);
    }
    offsets[i + 1] = indices.length;
  });
  return {
    kind: 'sparse',
    block: {
      dim: numFeatures,
      offsets,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
  };
}

/** MurmurHash3 x86_32 as a signed 32-bit integer (Scala's MurmurHash3.bytesHash). */
export function murmur3(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed | 0;
  const blocks = bytes.length >>> 2;
  for (let b = 0; b < blocks; b++) {
    const at = b * 4;
    let k = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = bytes[tail]!;
    if (rest > 1) k ^= bytes[tail + 1]! << 8;
    if (rest > 2) k ^= bytes[tail + 2]! << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
