// ML.HASHING_TF: term counts hashed into num_features buckets exactly as Spark's HashingTF (MurmurHash3
// x86_32 of the UTF-8 bytes, seed 42, non-negative modulo), so hashed features match Spark's.

import { mlError } from '../core/ml-error.js';
import type { MlColumn } from './ml-column.js';

const SPARK_SEED = 42;
const encoder = new TextEncoder();

export function hashingTf(tokens: readonly (readonly string[] | null)[], numFeatures: number): MlColumn {
  if (!Number.isInteger(numFeatures) || numFeatures < 1 || numFeatures > 2 ** 30)
    throw mlError(`ML.HASHING_TF: num_features must be an integer in [1, 2^30], got ${numFeatures}`);
  const offsets = new Int32Array(tokens.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const counts = new Map<number, number>();
  tokens.forEach((row, i) => {
    counts.clear();
    for (const t of row ?? []) {
      const h = murmur3(encoder.encode(t), SPARK_SEED) % numFeatures;
      const index = h < 0 ? h + numFeatures : h;
      counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    for (const index of [...counts.keys()].sort((a, b) => a - b)) {
      indices.push(index);
      values.push(counts.get(index)!);
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
