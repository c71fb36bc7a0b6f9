// Variance, standard deviation, correlation and covariance, computed as PostgreSQL does: exactly
// over numerics for integer and numeric input, with Youngs-Cramer updates over doubles otherwise.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { type DataType, Types } from '../../types/data-type.js';
import { type Decimal, decimalDivScaled, decimalSqrtScaled, divisionScale } from '../../types/decimal.js';
import type { AggregateDefinition, AggregateOverload, AggregateState, StateSnapshot } from '../function.js';
import { growFloat64, rowValid, restoreInto, snapshotOf } from './state-helpers.js';

type Kind = 'var_samp' | 'var_pop' | 'stddev_samp' | 'stddev_pop';

/** Per-group N, Sx, Sxx over doubles (float8_accum). */
class FloatMomentState implements AggregateState {
  private n = new Float64Array(16);
  private sx = new Float64Array(16);
  private sxx = new Float64Array(16);
  constructor(private readonly kind: Kind) {}

  resize(count: number): void {
    this.n = growFloat64(this.n, count);
    this.sx = growFloat64(this.sx, count);
    this.sxx = growFloat64(this.sxx, count);
  }

  update(groups: Int32Array, args: readonly Vector[], count: number): void {
    const v = args[0]!;
    for (let i = 0; i < count; i++) {
      const g = groups[i]!;
      if (g < 0 || !rowValid(v, i)) continue;
      const x = getScalar(v, i) as number;
      const n0 = this.n[g]!;
      const n1 = n0 + 1;
      const sx = this.sx[g]! + x;
      if (n0 > 0) {
        const tmp = x * n1 - sx;
        this.sxx[g]! += (tmp * tmp) / (n1 * n0);
      } else if (!Number.isFinite(x)) this.sxx[g] = NaN;
      this.n[g] = n1;
      this.sx[g] = sx;
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as FloatMomentState;
    for (let g = 0; g < mapping.length; g++) {
      const t = mapping[g]!;
      const n1 = this.n[t]!;
      const n2 = o.n[g]!;
      if (n2 === 0) continue;
      if (n1 === 0) {
        this.n[t] = n2;
        this.sx[t] = o.sx[g]!;
        this.sxx[t] = o.sxx[g]!;
        continue;
      }
      const n = n1 + n2;
      const tmp = this.sx[t]! / n1 - o.sx[g]! / n2;
      this.sxx[t] = this.sxx[t]! + o.sxx[g]! + (n1 * n2 * tmp * tmp) / n;
      this.sx[t]! += o.sx[g]!;
      this.n[t] = n;
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['n', 'sx', 'sxx']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['n', 'sx', 'sxx']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = [];
    for (let g = 0; g < count; g++) {
      const n = this.n[g]!;
      const sample = this.kind === 'var_samp' || this.kind === 'stddev_samp';
      if (n === 0 || (sample && n === 1)) {
        values.push(null);
        continue;
      }
      const variance = this.sxx[g]! / (sample ? n - 1 : n);
      values.push(this.kind.startsWith('stddev') ? Math.sqrt(variance) : variance);
    }
    return vectorFromScalars(Types.float8, values);
  }
}

function toDecimal(x: Scalar): Decimal {
  return typeof x === 'number' ? { m: BigInt(x), s: 0 } : (x as Decimal);
}

/** Per-group N, ΣX, ΣX² kept exactly (numeric_accum), finished with PostgreSQL's scales. */
class ExactMomentState implements AggregateState {
  private n: number[] = [];
  private sx: (bigint | undefined)[] = [];
  private sxx: (bigint | undefined)[] = [];
  private scale = 0;
  constructor(private readonly kind: Kind) {}

  resize(): void {}

  private rescale(s: number): void {
    if (s <= this.scale) return;
    const f = 10n ** BigInt(s - this.scale);
    const f2 = f * f;
    this.sx = this.sx.map((x) => (x === undefined ? x : x * f));
    this.sxx = this.sxx.map((x) => (x === undefined ? x : x * f2));
    this.scale = s;
  }

  private add(g: number, d: Decimal, count = 1): void {
    this.rescale(d.s);
    const m = d.s === this.scale ? d.m : d.m * 10n ** BigInt(this.scale - d.s);
    this.sx[g] = (this.sx[g] ?? 0n) + m;
    this.sxx[g] = (this.sxx[g] ?? 0n) + m * m;
    this.n[g] = (this.n[g] ?? 0) + count;
  }

  update(groups: Int32Array, args: readonly Vector[], count: number): void {
    const v = args[0]!;
    for (let i = 0; i < count; i++) {
      const g = groups[i]!;
      if (g >= 0 && rowValid(v, i)) this.add(g, toDecimal(getScalar(v, i)));
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as ExactMomentState;
    this.rescale(o.scale);
    const f = 10n ** BigInt(this.scale - o.scale);
    for (let g = 0; g < mapping.length; g++) {
      if (o.n[g] === undefined) continue;
      const t = mapping[g]!;
      this.sx[t] = (this.sx[t] ?? 0n) + o.sx[g]! * f;
      this.sxx[t] = (this.sxx[t] ?? 0n) + o.sxx[g]! * f * f;
      this.n[t] = (this.n[t] ?? 0) + o.n[g]!;
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['n', 'sx', 'sxx', 'scale']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['n', 'sx', 'sxx', 'scale']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = [];
    const sample = this.kind === 'var_samp' || this.kind === 'stddev_samp';
    for (let g = 0; g < count; g++) {
      const n = this.n[g] ?? 0;
      if (n === 0 || (sample && n === 1)) {
        values.push(null);
        continue;
      }
      const N = BigInt(n);
      const s = this.scale;
      // N·ΣX² − (ΣX)², at scale 2s.
      const numerator: Decimal = { m: N * this.sxx[g]! - this.sx[g]! * this.sx[g]!, s: 2 * s };
      if (numerator.m <= 0n) {
        values.push({ m: 0n, s: 2 * s });
        continue;
      }
      const denominator: Decimal = { m: sample ? N * (N - 1n) : N * N, s: 0 };
      const rscale = divisionScale(numerator, denominator);
      const variance = decimalDivScaled(numerator, denominator, rscale);
      values.push(this.kind.startsWith('stddev') ? decimalSqrtScaled(variance, rscale) : variance);
    }
    return vectorFromScalars(Types.numeric, values);
  }
}

function moments(name: string, kind: Kind, aliases: string[] = []): AggregateDefinition {
  const exact = [Types.int2, Types.int4, Types.int8, Types.numeric].map((t): AggregateOverload => ({
    args: [t],
    returns: Types.numeric,
    create: () => new ExactMomentState(kind),
  }));
  const float = [Types.float4, Types.float8].map((t): AggregateOverload => ({
    args: [t],
    returns: Types.float8,
    create: () => new FloatMomentState(kind),
  }));
  return {
    kind: 'aggregate',
    name,
    aliases,
    description: `${kind.startsWith('stddev') ? 'Standard deviation' : 'Variance'} (${kind.endsWith('samp') ? 'sample' : 'population'}) of the non-NULL values.`,
    overloads: [...exact, ...float],
  };
}

export const varSamp = moments('var_samp', 'var_samp', ['variance']);
export const varPop = moments('var_pop', 'var_pop');
export const stddevSamp = moments('stddev_samp', 'stddev_samp', ['stddev']);
export const stddevPop = moments('stddev_pop', 'stddev_pop');

type PairKind =
  | 'corr'
  | 'covar_pop'
  | 'covar_samp'
  | 'regr_slope'
  | 'regr_intercept'
  | 'regr_count'
  | 'regr_r2'
  | 'regr_avgx'
  | 'regr_avgy';

/** Per-group N, Sx, Sy, Sxx, Syy, Sxy (float8_regr_accum). Arguments are (y, x). */
class PairState implements AggregateState {
  private s: Float64Array<ArrayBuffer>[] = Array.from({ length: 6 }, () => new Float64Array(16));
  constructor(private readonly kind: PairKind) {}

  resize(count: number): void {
    this.s = this.s.map((a) => growFloat64(a, count));
  }

  update(groups: Int32Array, args: readonly Vector[], count: number): void {
    const [yv, xv] = args as [Vector, Vector];
    const [N, Sx, Sy, Sxx, Syy, Sxy] = this.s as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (let i = 0; i < count; i++) {
      const g = groups[i]!;
      if (g < 0 || !rowValid(yv, i) || !rowValid(xv, i)) continue;
      const y = getScalar(yv, i) as number;
      const x = getScalar(xv, i) as number;
      const n0 = N[g]!;
      const n = n0 + 1;
      const sx = Sx[g]! + x;
      const sy = Sy[g]! + y;
      if (n0 > 0) {
        const tx = x * n - sx;
        const ty = y * n - sy;
        const scale = 1 / (n * n0);
        Sxx[g]! += tx * tx * scale;
        Syy[g]! += ty * ty * scale;
        Sxy[g]! += tx * ty * scale;
      }
      N[g] = n;
      Sx[g] = sx;
      Sy[g] = sy;
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = (other as PairState).s;
    const t = this.s;
    for (let g = 0; g < mapping.length; g++) {
      const d = mapping[g]!;
      const n1 = t[0]![d]!;
      const n2 = o[0]![g]!;
      if (n2 === 0) continue;
      if (n1 === 0) {
        for (let k = 0; k < 6; k++) t[k]![d] = o[k]![g]!;
        continue;
      }
      const n = n1 + n2;
      const dx = t[1]![d]! / n1 - o[1]![g]! / n2;
      const dy = t[2]![d]! / n1 - o[2]![g]! / n2;
      t[3]![d] = t[3]![d]! + o[3]![g]! + (n1 * n2 * dx * dx) / n;
      t[4]![d] = t[4]![d]! + o[4]![g]! + (n1 * n2 * dy * dy) / n;
      t[5]![d] = t[5]![d]! + o[5]![g]! + (n1 * n2 * dx * dy) / n;
      t[1]![d]! += o[1]![g]!;
      t[2]![d]! += o[2]![g]!;
      t[0]![d] = n;
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['s']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['s']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = [];
    const [N, Sx, Sy, Sxx, Syy, Sxy] = this.s as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (let g = 0; g < count; g++) {
      const n = N[g]!;
      let v: number | null;
      switch (this.kind) {
        case 'regr_count':
          v = n;
          break;
        case 'corr':
          v = n < 1 || Sxx[g] === 0 || Syy[g] === 0 ? null : Sxy[g]! / Math.sqrt(Sxx[g]! * Syy[g]!);
          break;
        case 'covar_pop':
          v = n < 1 ? null : Sxy[g]! / n;
          break;
        case 'covar_samp':
          v = n < 2 ? null : Sxy[g]! / (n - 1);
          break;
        case 'regr_slope':
          v = n < 1 || Sxx[g] === 0 ? null : Sxy[g]! / Sxx[g]!;
          break;
        case 'regr_intercept':
          v = n < 1 || Sxx[g] === 0 ? null : (Sy[g]! - (Sx[g]! * Sxy[g]!) / Sxx[g]!) / n;
          break;
        case 'regr_r2':
          v = n < 1 || Sxx[g] === 0 ? null : Syy[g] === 0 ? 1 : (Sxy[g]! * Sxy[g]!) / (Sxx[g]! * Syy[g]!);
          break;
        case 'regr_avgx':
          v = n < 1 ? null : Sx[g]! / n;
          break;
        case 'regr_avgy':
          v = n < 1 ? null : Sy[g]! / n;
          break;
      }
      values.push(v);
    }
    return vectorFromScalars(this.kind === 'regr_count' ? Types.int8 : Types.float8, values);
  }
}

function pair(kind: PairKind, description: string): AggregateDefinition {
  const result: DataType = kind === 'regr_count' ? Types.int8 : Types.float8;
  return {
    kind: 'aggregate',
    name: kind,
    description,
    overloads: [{ args: [Types.float8, Types.float8], returns: result, create: () => new PairState(kind) }],
  };
}

export const corr = pair('corr', 'Correlation coefficient of (y, x) pairs.');
export const covarPop = pair('covar_pop', 'Population covariance of (y, x) pairs.');
export const covarSamp = pair('covar_samp', 'Sample covariance of (y, x) pairs.');
export const regrSlope = pair('regr_slope', 'Slope of the least-squares line through (y, x) pairs.');
export const regrIntercept = pair(
  'regr_intercept',
  'Intercept of the least-squares line through (y, x) pairs.',
);
export const regrCount = pair('regr_count', 'Number of (y, x) pairs where both are non-NULL.');
export const regrR2 = pair('regr_r2', 'Square of the correlation coefficient.');
export const regrAvgx = pair('regr_avgx', 'Average of x over pairs where both are non-NULL.');
export const regrAvgy = pair('regr_avgy', 'Average of y over pairs where both are non-NULL.');
