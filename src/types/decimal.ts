// Arbitrary-precision decimals (PostgreSQL's numeric) as a bigint mantissa and a decimal scale.

import { LarchError, SqlState } from '../engine/errors.js';

/** value = m / 10^s; s is the display scale (digits after the point), never negative. */
export interface Decimal {
  readonly m: bigint;
  readonly s: number;
}

const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;

const POW10: bigint[] = [];
export function pow10n(n: number): bigint {
  if (n < 64) {
    let p = POW10[n];
    if (p === undefined) {
      p = 10n ** BigInt(n);
      POW10[n] = p;
    }
    return p;
  }
  return 10n ** BigInt(n);
}

export function decimal(m: bigint, s: number): Decimal {
  return { m, s };
}

const DECIMAL_PATTERN = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** Parses numeric input text as PostgreSQL does (`1.50`, `-3e2`, ` 7 `); null when malformed. */
export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return null;
  const [, sign, intPart = '', fracPart = '', exp] = match;
  if (intPart === '' && fracPart === '') return null;
  let digits = intPart + fracPart;
  let scale = fracPart.length;
  if (exp !== undefined) {
    const e = Number(exp);
    if (Math.abs(e) > 1000) return null;
    scale -= e;
  }
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let m = BigInt(digits === '' ? '0' : digits);
  if (sign === '-') m = -m;
  return { m, s: scale };
}

export function decimalToString(d: Decimal): string {
  const neg = d.m < 0n;
  const abs = (neg ? -d.m : d.m).toString();
  if (d.s === 0) return (neg ? '-' : '') + abs;
  const padded = abs.padStart(d.s + 1, '0');
  const cut = padded.length - d.s;
  return (neg ? '-' : '') + padded.slice(0, cut) + '.' + padded.slice(cut);
}

/** Exact conversion from a JS number: the shortest decimal that round-trips, as float8 to numeric does. */
export function decimalFromNumber(x: number): Decimal {
  if (!Number.isFinite(x)) {
    throw new LarchError(SqlState.featureNotSupported, `cannot convert ${x} to numeric`);
  }
  const parsed = parseDecimal(String(x));
  if (parsed === null) throw new LarchError(SqlState.internalError, `cannot convert ${x} to numeric`);
  return parsed;
}

/**
 * A float's value as float8_numeric / float4_numeric compute it: printed with %.*g at DBL_DIG (15)
 * or FLT_DIG (6) significant digits, so 0.1::real becomes 0.1 and 0.1 + 0.2 becomes 0.3.
 */
export function decimalFromFloat(x: number, significantDigits: number): Decimal {
  const [mantissa, exponent] = x.toExponential(significantDigits - 1).split('e') as [string, string];
  // %g drops trailing zeros of the fraction.
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  const parsed = parseDecimal(`${trimmed}e${exponent}`);
  if (parsed === null) throw new LarchError(SqlState.internalError, `cannot convert ${x} to numeric`);
  return parsed;
}

export function decimalToNumber(d: Decimal): number {
  if (d.s === 0) return Number(d.m);
  return Number(decimalToString(d));
}

export function rescaleUp(d: Decimal, s: number): bigint {
  return s === d.s ? d.m : d.m * pow10n(s - d.s);
}

/** Divides by 10^k rounding half away from zero. */
export function roundShift(m: bigint, k: number): bigint {
  if (k <= 0) return m * pow10n(-k);
  const p = pow10n(k);
  const q = m / p;
  const r = m - q * p;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= p) return m < 0n ? q - 1n : q + 1n;
  return q;
}

/** Rounds (half away from zero) or pads to exactly `s` digits after the point. */
export function decimalRound(d: Decimal, s: number): Decimal {
  if (s >= d.s) return { m: rescaleUp(d, s), s };
  return { m: roundShift(d.m, d.s - s), s };
}

/** Like round but toward zero; negative `s` zeroes digits left of the point as PostgreSQL's trunc does. */
export function decimalTrunc(d: Decimal, s: number): Decimal {
  if (s >= d.s) return { m: rescaleUp(d, s), s };
  const k = d.s - s;
  if (s >= 0) return { m: d.m / pow10n(k), s };
  return { m: (d.m / pow10n(k)) * pow10n(-s), s: 0 };
}

export function decimalRoundNegative(d: Decimal, s: number): Decimal {
  // round(x, -n): round to 10^n and keep scale 0.
  const k = d.s - s;
  return { m: roundShift(d.m, k) * pow10n(-s), s: 0 };
}

export function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const s = Math.max(a.s, b.s);
  return { m: rescaleUp(a, s) + rescaleUp(b, s), s };
}

export function decimalSub(a: Decimal, b: Decimal): Decimal {
  const s = Math.max(a.s, b.s);
  return { m: rescaleUp(a, s) - rescaleUp(b, s), s };
}

export function decimalMul(a: Decimal, b: Decimal): Decimal {
  return { m: a.m * b.m, s: a.s + b.s };
}

export function decimalNeg(a: Decimal): Decimal {
  return { m: -a.m, s: a.s };
}

export function decimalAbs(a: Decimal): Decimal {
  return a.m < 0n ? { m: -a.m, s: a.s } : a;
}

export function decimalCompare(a: Decimal, b: Decimal): number {
  if (a.s === b.s) return a.m < b.m ? -1 : a.m > b.m ? 1 : 0;
  const s = Math.max(a.s, b.s);
  const x = rescaleUp(a, s);
  const y = rescaleUp(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function decimalSign(a: Decimal): number {
  return a.m < 0n ? -1 : a.m > 0n ? 1 : 0;
}

/** Weight (in base-10000 digits) and first base-10000 digit, as PostgreSQL's NumericVar holds them. */
function nbaseWeight(d: Decimal): { weight: number; first: number } {
  if (d.m === 0n) return { weight: 0, first: 0 };
  const digits = (d.m < 0n ? -d.m : d.m).toString();
  // Position of the most significant decimal digit relative to the point: 10^e.
  const e = digits.length - 1 - d.s;
  const weight = Math.floor(e / 4);
  // The base-10000 digit at `weight` covers decimal exponents 4*weight .. 4*weight+3.
  const lowExp = weight * 4;
  const shift = e - lowExp; // 0..3 extra decimal digits in the leading group
  // A short mantissa (0.001 is "1") still fills its group: pad with the zeros below it.
  const first = Number(digits.slice(0, shift + 1).padEnd(shift + 1, '0'));
  return { weight, first };
}

/** The result scale PostgreSQL chooses for numeric division (numeric.c select_div_scale). */
export function divisionScale(a: Decimal, b: Decimal): number {
  const wa = nbaseWeight(a);
  const wb = nbaseWeight(b);
  let qweight = wa.weight - wb.weight;
  if (wa.first <= wb.first) qweight--;
  let rscale = MIN_SIG_DIGITS - qweight * 4;
  rscale = Math.max(rscale, a.s, b.s, 0);
  return Math.min(rscale, MAX_DISPLAY_SCALE);
}

function divisionByZero(): LarchError {
  return new LarchError(SqlState.divisionByZero, 'division by zero');
}

/** a / b rounded half away from zero at `scale` digits. */
export function decimalDivScaled(a: Decimal, b: Decimal, scale: number): Decimal {
  if (b.m === 0n) throw divisionByZero();
  // a.m/10^a.s / (b.m/10^b.s) * 10^scale = a.m * 10^(scale + b.s - a.s) / b.m
  const k = scale + b.s - a.s;
  let num = a.m;
  let den = b.m;
  if (k >= 0) num *= pow10n(k);
  else den *= pow10n(-k);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den;
  const r = num - q * den;
  const twice = (r < 0n ? -r : r) * 2n;
  const m = twice >= den ? (num < 0n ? q - 1n : q + 1n) : q;
  return { m, s: scale };
}

export function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.m === 0n) throw divisionByZero();
  return decimalDivScaled(a, b, divisionScale(a, b));
}

/** Truncating integer division, as PostgreSQL's div(). */
export function decimalIntDiv(a: Decimal, b: Decimal): Decimal {
  if (b.m === 0n) throw divisionByZero();
  const s = Math.max(a.s, b.s);
  return { m: rescaleUp(a, s) / rescaleUp(b, s), s: 0 };
}

/** Remainder with the sign of the dividend, as PostgreSQL's numeric mod. */
export function decimalMod(a: Decimal, b: Decimal): Decimal {
  if (b.m === 0n) throw divisionByZero();
  const s = Math.max(a.s, b.s);
  return { m: rescaleUp(a, s) % rescaleUp(b, s), s };
}

export function decimalFloor(a: Decimal): Decimal {
  if (a.s === 0) return a;
  const p = pow10n(a.s);
  let q = a.m / p;
  if (a.m < 0n && q * p !== a.m) q -= 1n;
  return { m: q, s: 0 };
}

export function decimalCeil(a: Decimal): Decimal {
  if (a.s === 0) return a;
  const p = pow10n(a.s);
  let q = a.m / p;
  if (a.m > 0n && q * p !== a.m) q += 1n;
  return { m: q, s: 0 };
}

/** Square root with PostgreSQL's result scale (numeric.c numeric_sqrt). */
export function decimalSqrt(a: Decimal): Decimal {
  if (a.m < 0n) {
    throw new LarchError(SqlState.invalidArgumentForPower, 'cannot take square root of a negative number');
  }
  const { weight } = nbaseWeight(a);
  const sweight = Math.floor(((weight + 1) * 4) / 2) - 1;
  let rscale = MIN_SIG_DIGITS - sweight;
  rscale = Math.min(Math.max(rscale, a.s, 0), MAX_DISPLAY_SCALE);
  // sqrt(m / 10^s) at scale r: sqrt(m * 10^(2r - s)) rounded.
  const k = 2 * (rscale + 1) - a.s;
  const scaled = k >= 0 ? a.m * pow10n(k) : a.m / pow10n(-k);
  const root = integerSqrt(scaled); // scale rscale + 1, truncated
  return { m: roundShift(root, 1), s: rscale };
}

/** Coerces to numeric(precision, scale): rounds to the scale and checks the precision (22003). */
export function decimalApplyTypmod(d: Decimal, precision: number, scale: number): Decimal {
  const rounded = decimalRound(d, scale);
  // At exactly `scale` digits the mantissa must fit in `precision` digits; this also covers a scale
  // larger than the precision (numeric(3,5) holds values below 0.01).
  const abs = rounded.m < 0n ? -rounded.m : rounded.m;
  if (abs >= pow10n(precision)) {
    throw new LarchError(SqlState.numericValueOutOfRange, 'numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${
        precision - scale === 0 ? '1' : `10^${precision - scale}`
      }.`,
    });
  }
  return rounded;
}

/** Strips trailing fractional zeros; used for hashing and grouping equal values of different scales. */
export function decimalNormalize(d: Decimal): Decimal {
  let { m, s } = d;
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s--;
  }
  return { m, s };
}

export function decimalKey(d: Decimal): string {
  const n = decimalNormalize(d);
  return `${n.m}e${n.s}`;
}

/** Square root rounded half away from zero at `scale` digits. */
export function decimalSqrtScaled(a: Decimal, scale: number): Decimal {
  if (a.m < 0n) {
    throw new LarchError(SqlState.invalidArgumentForPower, 'cannot take square root of a negative number');
  }
  const k = 2 * (scale + 1) - a.s;
  const scaled = k >= 0 ? a.m * pow10n(k) : a.m / pow10n(-k);
  return { m: roundShift(integerSqrt(scaled), 1), s: scale };
}

function integerSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) {
      while (x * x > n) x -= 1n;
      while ((x + 1n) * (x + 1n) <= n) x += 1n;
      return x;
    }
    x = y;
  }
}
