// Small dense linear algebra over row-major Float64Arrays: Cholesky solves, symmetric eigendecomposition
// (cyclic Jacobi) and non-negative least squares; sizes are feature counts or ALS ranks, not row counts.

/** Solves A x = b for symmetric positive definite A (n×n, row-major); null when A is not positive definite. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/**
 * Solves A x = b for symmetric positive semi-definite A. A singular A (collinear features) gets a ridge
 * that grows from 1e-12 × trace until the factorization succeeds: the minimum-norm-like solution.
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const exact = choleskySolve(a, b, n);
  if (exact) return exact;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += Math.abs(a[i * n + i]!);
  const shifted = Float64Array.from(a);
  for (let ridge = Math.max(trace, 1) * 1e-12; ; ridge *= 10) {
    for (let i = 0; i < n; i++) shifted[i * n + i] = a[i * n + i]! + ridge;
    const x = choleskySolve(shifted, b, n);
    if (x) return x;
  }
}

/** Eigenvalues (descending) and unit eigenvectors (vectors[k] for values[k]) of a symmetric matrix. */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array[] } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const MAX_SWEEPS = 100;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]! * a[i * n + j]!;
        total += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-30 * Math.max(total, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = order.map((k) => {
    const vec = new Float64Array(n);
    for (let i = 0; i < n; i++) vec[i] = v[i * n + k]!;
    return vec;
  });
  return { values, vectors };
}

/** One Jacobi rotation zeroing a[p][q] (Golub & Van Loan 8.5.2), accumulated into v. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q]!;
  if (apq === 0) return;
  const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p]!;
    const akq = a[k * n + q]!;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k]!;
    const aqk = a[q * n + k]!;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!;
    const vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/** Minimizes ½xᵀAx − bᵀx subject to x ≥ 0 (A positive definite) by cyclic coordinate descent. */
export function nonNegativeSolve(
  a: Float64Array,
  b: Float64Array,
  n: number,
  x = new Float64Array(n),
): Float64Array {
  const MAX_SWEEPS = 500;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let change = 0;
    let scale = 0;
    for (let j = 0; j < n; j++) {
      let r = b[j]!;
      for (let k = 0; k < n; k++) if (k !== j) r -= a[j * n + k]! * x[k]!;
      const next = Math.max(0, r / a[j * n + j]!);
      change = Math.max(change, Math.abs(next - x[j]!));
      scale = Math.max(scale, Math.abs(next));
      x[j] = next;
    }
    if (change <= 1e-10 * Math.max(scale, 1)) break;
  }
  return x;
}
