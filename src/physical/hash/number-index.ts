// An open-addressing hash map from float64 keys to int32 values, for group and join keys.

const EMPTY = -1;
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

/** A 32-bit hash of a float64 key (integers hash without leaving int32 arithmetic). */
export function hashNumber(key: number): number {
  if ((key | 0) === key) return Math.imul(key ^ (key >>> 16), 0x45d9f3b) ^ 0x5bd1e995;
  f64[0] = key;
  return Math.imul(i32[0]! ^ Math.imul(i32[1]!, 0x9e3779b1), 0x45d9f3b);
}

export class NumberIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.keys = new Float64Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  /** The value for `key`, or -1. Keys must not be NaN (callers map NaN to a sentinel). */
  get(key: number): number {
    const keys = this.keys;
    const values = this.values;
    let slot = hashNumber(key) & this.mask;
    for (;;) {
      const v = values[slot]!;
      if (v === EMPTY) return EMPTY;
      if (keys[slot] === key) return v;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Returns the existing value for `key`, or stores `value` and returns it. */
  getOrInsert(key: number, value: number): number {
    if (this.size * 2 >= this.values.length) this.grow();
    const keys = this.keys;
    const values = this.values;
    let slot = hashNumber(key) & this.mask;
    for (;;) {
      const v = values[slot]!;
      if (v === EMPTY) {
        keys[slot] = key;
        values[slot] = value;
        this.size++;
        return value;
      }
      if (keys[slot] === key) return v;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Calls `f` with every key. */
  forEachKey(f: (key: number) => void): void {
    for (let i = 0; i < this.values.length; i++) if (this.values[i] !== EMPTY) f(this.keys[i]!);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const cap = oldValues.length * 2;
    this.keys = new Float64Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldValues.length; i++) {
      if (oldValues[i] !== EMPTY) this.getOrInsert(oldKeys[i]!, oldValues[i]!);
    }
  }
}
