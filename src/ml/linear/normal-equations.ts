// linear_reg from sufficient statistics: one pass of weighted means and co-moments of (features, label),
// then an exact solve of the (ridge) normal equations, or coordinate descent when there is an L1 term
// (glmnet's covariance updates). Cost per row is O(d²); the solve is O(d³) once.

import { solveSymmetric } from '../core/dense-linear-algebra.js';
import type { MomentsState } from '../core/moments-pass.js';
import type { Penalty } from './linear-penalty.js';

export interface NormalSolution {
  readonly coefficients: Float64Array;
  readonly intercept: number;
  /** Objective value at the solution: mean(½·residual²) + penalty. */
  readonly objective: number;
}

/**
 * Solves from moments over [features…, label]. `scale[j]` is the standardization divisor of feature j
 * (1 when not standardizing); `fixedZero[j]` marks constant features whose coefficient stays 0.
 */
export function solveNormalEquations(
  moments: MomentsState,
  scale: Float64Array,
  fixedZero: Uint8Array,
  penalty: Penalty,
  fitIntercept: boolean,
): NormalSolution {
  const d = moments.dimension - 1;
  const cov = moments.covariance();
  const mu = moments.mean;
  const full = d + 1;
  const active: number[] = [];
  for (let j = 0; j < d; j++) if (!fixedZero[j]) active.push(j);
  const m = active.length;
  // Second moments of standardized features about their means (or about 0 without an intercept).
  const second = (j: number, k: number): number => cov[j * full + k]! + (fitIntercept ? 0 : mu[j]! * mu[k]!);
  const a = new Float64Array(m * m);
  const c = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const j = active[p]!;
    c[p] = second(j, d) / scale[j]!;
    for (let q = 0; q < m; q++) a[p * m + q] = second(j, active[q]!) / (scale[j]! * scale[active[q]!]!);
  }
  const theta = penalty.l1 > 0 ? coordinateDescent(a, c, m, penalty) : solveRidge(a, c, m, penalty.l2);
  const coefficients = new Float64Array(d);
  for (let p = 0; p < m; p++) coefficients[active[p]!] = theta[p]! / scale[active[p]!]!;
  let intercept = 0;
  if (fitIntercept) {
    intercept = mu[d]!;
    for (let j = 0; j < d; j++) intercept -= coefficients[j]! * mu[j]!;
  }
  // ½E[(y − ŷ)²] = ½(E[y²] − 2θᵀc + θᵀAθ) with the same centering as A and c.
  let quad = 0;
  let lin = 0;
  let l1 = 0;
  let l2 = 0;
  for (let p = 0; p < m; p++) {
    lin += theta[p]! * c[p]!;
    for (let q = 0; q < m; q++) quad += theta[p]! * a[p * m + q]! * theta[q]!;
    l1 += Math.abs(theta[p]!);
    l2 += theta[p]! * theta[p]!;
  }
  const yy = second(d, d);
  const objective = 0.5 * Math.max(0, yy - 2 * lin + quad) + penalty.l1 * l1 + 0.5 * penalty.l2 * l2;
  return { coefficients, intercept, objective };
}

function solveRidge(a: Float64Array, c: Float64Array, m: number, l2: number): Float64Array {
  if (l2 === 0) return solveSymmetric(a, c, m);
  const shifted = Float64Array.from(a);
  for (let p = 0; p < m; p++) shifted[p * m + p]! += l2;
  return solveSymmetric(shifted, c, m);
}

/** Minimizes ½θᵀAθ − cᵀθ + l1‖θ‖₁ + (l2/2)‖θ‖² by cyclic coordinate descent with soft thresholding. */
function coordinateDescent(a: Float64Array, c: Float64Array, m: number, penalty: Penalty): Float64Array {
  const MAX_SWEEPS = 10_000;
  const theta = new Float64Array(m);
  // grad[p] = (Aθ)_p, kept up to date after each coordinate move.
  const at = new Float64Array(m);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let maxChange = 0;
    let maxTheta = 0;
    for (let p = 0; p < m; p++) {
      const app = a[p * m + p]!;
      if (app === 0) continue;
      const rho = c[p]! - (at[p]! - app * theta[p]!);
      const next = softThreshold(rho, penalty.l1) / (app + penalty.l2);
      const delta = next - theta[p]!;
      if (delta === 0) continue;
      for (let q = 0; q < m; q++) at[q]! += a[q * m + p]! * delta;
      theta[p] = next;
      maxChange = Math.max(maxChange, Math.abs(delta));
      maxTheta = Math.max(maxTheta, Math.abs(next));
    }
    if (maxChange <= 1e-12 * Math.max(maxTheta, 1)) break;
  }
  return theta;
}

function softThreshold(x: number, t: number): number {
  return x > t ? x - t : x < -t ? x + t : 0;
}
