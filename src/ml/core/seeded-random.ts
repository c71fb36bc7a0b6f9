// Seeded randomness: a xoshiro128** generator for sequential draws and a stateless hash of
// (seed, stream, row) for per-row draws that do not depend on partitioning or batch order.

const TWO_POW_32 = 4294967296;

/** MurmurHash3's 32-bit finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function combine(h: number, word: number): number {
  return fmix32((h ^ Math.imul(word | 0, 0xcc9e2d51)) + 0x9e3779b9);
}

/** A 32-bit hash of (seed, stream, row); row may be any integer below 2^53. */
export function rowHash(seed: number, stream: number, row: number): number {
  const hi = Math.floor(row / TWO_POW_32);
  return combine(combine(combine(combine(0x2545f491, seed), stream), row >>> 0), hi);
}

/** A uniform draw in [0, 1) for (seed, stream, row). */
export function rowUniform(seed: number, stream: number, row: number): number {
  return rowHash(seed, stream, row) / TWO_POW_32;
}

/** A Poisson(lambda) draw for (seed, stream, row), by inverting the CDF (lambda is small: a bagging rate). */
export function rowPoisson(seed: number, stream: number, row: number, lambda: number): number {
  const u = rowUniform(seed, stream, row);
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u >= cdf && k < 64) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** xoshiro128**: fast, small state, good statistical quality; seeded through splitmix32. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    let s = combine(seed, stream);
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      return fmix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
  }

  /** 32 random bits. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `k` distinct indices from [0, n), in increasing order (Floyd's algorithm). */
  sample(n: number, k: number): Int32Array {
    const chosen = new Set<number>();
    for (let j = n - k; j < n; j++) {
      const t = this.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return Int32Array.from([...chosen].sort((x, y) => x - y));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
