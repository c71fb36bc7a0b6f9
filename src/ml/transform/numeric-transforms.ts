// Stateless numeric transforms: ML.BUCKETIZE (Spark's Bucketizer), ML.FEATURE_CROSS and
// ML.POLYNOMIAL_EXPAND (all monomials of degree 1 … d, as Spark's PolynomialExpansion).

import { mlError } from '../core/ml-error.js';
import { type InvalidPolicy, type MlColumn, onInvalid } from './ml-column.js';

/** Largest output width of ML.POLYNOMIAL_EXPAND. */
const MAX_POLYNOMIAL_TERMS = 10_000;

/** Bucket index of each value: the number of split points ≤ x (so x < s₀ is bucket 0). */
export function bucketize(x: Float64Array, splits: readonly number[], policy: InvalidPolicy): MlColumn {
  for (let s = 0; s < splits.length; s++)
    if (!Number.isFinite(splits[s]!) || (s > 0 && !(splits[s]! > splits[s - 1]!)))
      throw mlError(
        `ML.BUCKETIZE: split points must be finite and strictly increasing, got [${splits.join(', ')}]`,
      );
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) {
      onInvalid(policy, i, 'ML.BUCKETIZE got NULL or NaN');
      // 'keep' puts invalid values in an extra last bucket, as Spark does.
      out[i] = splits.length + 1;
      continue;
    }
    out[i] = upperBound(splits, v);
  }
  return { kind: 'number', values: out };
}

/** Number of entries of sorted `a` that are ≤ v. */
export function upperBound(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Crossed categories 'a_b' (NULL when either is NULL). */
export function featureCross(columns: readonly (readonly (string | null)[])[]): MlColumn {
  if (columns.length < 2) throw mlError('ML.FEATURE_CROSS needs at least two columns');
  const n = columns[0]!.length;
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const parts = columns.map((c) => c[i] ?? null);
    values[i] = parts.includes(null) ? null : parts.join('_');
  }
  return { kind: 'string', values };
}

/** Every monomial of the inputs with total degree 1 … degree, in graded order; names like 'a_b'. */
export function polynomialExpand(
  columns: readonly Float64Array[],
  names: readonly string[],
  degree: number,
): MlColumn {
  if (!Number.isInteger(degree) || degree < 1)
    throw mlError(`ML.POLYNOMIAL_EXPAND: degree must be a positive integer, got ${degree}`);
  const terms: number[][] = [];
  const extend = (prefix: number[], from: number, left: number): void => {
    if (left === 0) {
      terms.push(prefix);
      return;
    }
    for (let j = from; j < columns.length; j++) extend([...prefix, j], j, left - 1);
  };
  for (let d = 1; d <= degree; d++) {
    extend([], 0, d);
    if (terms.length > MAX_POLYNOMIAL_TERMS)
      throw mlError(
        `ML.POLYNOMIAL_EXPAND of ${columns.length} columns to degree ${degree} has more than ${MAX_POLYNOMIAL_TERMS} terms`,
      );
  }
  const n = columns[0]?.length ?? 0;
  const out = terms.map((term) => {
    const v = new Float64Array(n).fill(1);
    for (const j of term) {
      const c = columns[j]!;
      for (let i = 0; i < n; i++) v[i]! *= c[i]!;
    }
    return v;
  });
  return { kind: 'vector', columns: out, names: terms.map((t) => t.map((j) => names[j]!).join('_')) };
}
