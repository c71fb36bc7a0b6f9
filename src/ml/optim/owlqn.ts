// OWL-QN (Andrew & Gao 2007): L-BFGS extended to f(x) + Σ l1_j·|x_j|; with no L1 weight it is L-BFGS with
// a backtracking Armijo line search. Written as a generator that yields each point to evaluate, so every
// evaluation can be a pass over partitioned data.

import type { IterationInfo } from '../core/model.js';

/** The smooth part of the objective at a point: value and gradient. */
export interface Evaluation {
  readonly loss: number;
  readonly gradient: Float64Array;
}

export interface OwlqnOptions {
  /** L1 weight of each coordinate (0 for intercepts); null for pure L-BFGS. */
  readonly l1: Float64Array | null;
  readonly maxIterations: number;
  /** Stop when the objective's relative decrease in an iteration is at most this. */
  readonly tolerance: number;
  /** Stop when the largest pseudo-gradient entry is at most this. */
  readonly gradientTolerance?: number;
  /** Number of correction pairs kept (L-BFGS memory). */
  readonly memory?: number;
}

/** A point to evaluate, and where the run stands (for progress). */
export interface OwlqnPoint {
  readonly x: Float64Array;
  /** Iterations finished: 0 while evaluating the start point and during the first line search. */
  readonly iteration: number;
  /**
   * The objective after the last finished iteration (at the start point for iteration 0); undefined while
   * evaluating the start point.
   */
  readonly objective: number | undefined;
}

export interface OwlqnResult {
  readonly x: Float64Array;
  /** Full objective (smooth part plus L1) at x. */
  readonly objective: number;
  readonly iterations: IterationInfo[];
  readonly converged: boolean;
}

const ARMIJO = 1e-4;
const MAX_LINE_SEARCH = 40;

/**
 * Minimizes; yields points and expects their Evaluation back.
 * @example
 *   const run = minimize(x0, { l1: null, maxIterations: 100, tolerance: 1e-9 });
 *   for (let step = run.next(); !step.done; ) step = run.next(evaluate(step.value.x));
 */
export function* minimize(
  x0: Float64Array,
  options: OwlqnOptions,
): Generator<OwlqnPoint, OwlqnResult, Evaluation> {
  const n = x0.length;
  const l1 = options.l1;
  const memory = options.memory ?? 10;
  const gtol = options.gradientTolerance ?? 1e-7;
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rhoHist: number[] = [];
  let x = Float64Array.from(x0);
  const first = yield { x, iteration: 0, objective: undefined };
  let f = first.loss + l1Norm(x, l1);
  let g = first.gradient;
  const iterations: IterationInfo[] = [];
  let started = performance.now();
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const xNext = new Float64Array(n);
  for (let iter = 1; iter <= options.maxIterations; iter++) {
    pseudoGradient(x, g, l1, pg);
    if (maxAbs(pg) <= gtol) return { x, objective: f, iterations, converged: true };
    twoLoop(pg, sHist, yHist, rhoHist, d);
    if (l1) for (let j = 0; j < n; j++) if (d[j]! * pg[j]! >= 0) d[j] = 0;
    let slope = 0;
    for (let j = 0; j < n; j++) slope += d[j]! * pg[j]!;
    if (!(slope < 0)) {
      // The quasi-Newton direction is not a descent direction: restart from steepest descent.
      sHist.length = yHist.length = rhoHist.length = 0;
      for (let j = 0; j < n; j++) d[j] = -pg[j]!;
      slope = -dot(pg, pg);
    }
    let step = sHist.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let accepted: Evaluation | null = null;
    let fNext = f;
    for (let trial = 0; trial < MAX_LINE_SEARCH; trial++) {
      for (let j = 0; j < n; j++) {
        let v = x[j]! + step * d[j]!;
        // Stay in the orthant of x (or of −pg where x is 0): crossing zero is where L1 is not smooth.
        if (l1 && l1[j]! > 0) {
          const orthant = x[j] !== 0 ? Math.sign(x[j]!) : -Math.sign(pg[j]!);
          if (Math.sign(v) !== orthant) v = 0;
        }
        xNext[j] = v;
      }
      const candidate: Evaluation = yield { x: xNext, iteration: iter - 1, objective: f };
      fNext = candidate.loss + l1Norm(xNext, l1);
      let decrease = 0;
      for (let j = 0; j < n; j++) decrease += pg[j]! * (xNext[j]! - x[j]!);
      if (Number.isFinite(fNext) && fNext <= f + ARMIJO * decrease) {
        accepted = candidate;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) return { x, objective: f, iterations, converged: false };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = xNext[j]! - x[j]!;
      y[j] = accepted.gradient[j]! - g[j]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (sHist.length === memory) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
      sHist.push(s);
      yHist.push(y);
      rhoHist.push(1 / sy);
    }
    const previous = f;
    x = Float64Array.from(xNext);
    f = fNext;
    g = accepted.gradient;
    const now = performance.now();
    iterations.push({ iteration: iter, loss: f, durationMs: now - started });
    started = now;
    if (Math.abs(previous - f) <= options.tolerance * Math.max(Math.abs(previous), Math.abs(f), 1e-12))
      return { x, objective: f, iterations, converged: true };
  }
  return { x, objective: f, iterations, converged: false };
}

/** The steepest-descent direction's negative for f + Σ l1|x| (the gradient when l1 is null). */
function pseudoGradient(x: Float64Array, g: Float64Array, l1: Float64Array | null, out: Float64Array): void {
  for (let j = 0; j < x.length; j++) {
    const lambda = l1 ? l1[j]! : 0;
    if (lambda === 0) out[j] = g[j]!;
    else if (x[j]! > 0) out[j] = g[j]! + lambda;
    else if (x[j]! < 0) out[j] = g[j]! - lambda;
    else if (g[j]! + lambda < 0) out[j] = g[j]! + lambda;
    else if (g[j]! - lambda > 0) out[j] = g[j]! - lambda;
    else out[j] = 0;
  }
}

/** d = −H·v with the L-BFGS inverse Hessian approximation (Nocedal & Wright, algorithm 7.4). */
function twoLoop(
  v: Float64Array,
  s: Float64Array[],
  y: Float64Array[],
  rho: number[],
  d: Float64Array,
): void {
  const m = s.length;
  const alpha = new Float64Array(m);
  d.set(v);
  for (let k = m - 1; k >= 0; k--) {
    alpha[k] = rho[k]! * dot(s[k]!, d);
    axpy(-alpha[k]!, y[k]!, d);
  }
  if (m > 0) {
    const gamma = dot(s[m - 1]!, y[m - 1]!) / dot(y[m - 1]!, y[m - 1]!);
    for (let j = 0; j < d.length; j++) d[j]! *= gamma;
  }
  for (let k = 0; k < m; k++) {
    const beta = rho[k]! * dot(y[k]!, d);
    axpy(alpha[k]! - beta, s[k]!, d);
  }
  for (let j = 0; j < d.length; j++) d[j] = -d[j]!;
}

function l1Norm(x: Float64Array, l1: Float64Array | null): number {
  if (!l1) return 0;
  let s = 0;
  for (let j = 0; j < x.length; j++) s += l1[j]! * Math.abs(x[j]!);
  return s;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j]! += a * x[j]!;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let j = 0; j < v.length; j++) m = Math.max(m, Math.abs(v[j]!));
  return m;
}
