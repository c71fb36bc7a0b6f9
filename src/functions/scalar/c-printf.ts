// C printf's %.*f, %.*e and %g for doubles, exact as glibc prints them (the binary value is
// expanded exactly and ties round to even), which PostgreSQL's to_char and messages rely on.

/** x = n / 10^scale exactly, for a finite x (sign kept in n). */
function exact(x: number): { n: bigint; scale: number } {
  if (Number.isInteger(x)) return { n: BigInt(x), scale: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exponent === 0) {
    e = -1074;
  } else {
    mantissa |= 1n << 52n;
    e = exponent - 1075;
  }
  // x = mantissa * 2^e with e < 0 here: mantissa * 5^-e / 10^-e.
  const n = mantissa * 5n ** BigInt(-e);
  return { n: x < 0 ? -n : n, scale: -e };
}

/** n / 10^k rounded half to even. */
function roundShift(n: bigint, k: number): bigint {
  if (k <= 0) return n * 10n ** BigInt(-k);
  const p = 10n ** BigInt(k);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let q = abs / p;
  const twice = (abs % p) * 2n;
  if (twice > p || (twice === p && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return null;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** printf("%.*f", digits, x). */
export function printfFixed(x: number, digits: number): string {
  const s = special(x);
  if (s !== null) return s;
  const { n, scale } = exact(Math.abs(x));
  const q = roundShift(n, scale - digits)
    .toString()
    .padStart(digits + 1, '0');
  const sign = isNegative(x) ? '-' : '';
  if (digits === 0) return sign + q;
  return `${sign}${q.slice(0, q.length - digits)}.${q.slice(q.length - digits)}`;
}

/** Significant digits (exactly `count`) and decimal exponent of |x| rounded half to even. */
function significand(x: number, count: number): { digits: string; exp: number } {
  if (x === 0) return { digits: '0'.repeat(count), exp: 0 };
  const { n, scale } = exact(Math.abs(x));
  const all = n.toString();
  let exp = all.length - 1 - scale;
  let m = roundShift(n, all.length - count).toString();
  if (m.length > count) {
    m = m.slice(0, count);
    exp++;
  }
  return { digits: m, exp };
}

function exponentText(exp: number): string {
  const abs = Math.abs(exp);
  return `e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** printf("%.*e", digits, x). */
export function printfExponent(x: number, digits: number): string {
  const s = special(x);
  if (s !== null) return s;
  const { digits: d, exp } = significand(x, digits + 1);
  const sign = isNegative(x) ? '-' : '';
  const mantissa = digits === 0 ? d : `${d[0]}.${d.slice(1)}`;
  return sign + mantissa + exponentText(exp);
}

/** printf("%g", x) with an optional minimum width padded with zeros ("%02g"). */
export function printfG(x: number, zeroPadWidth = 0, precision = 6): string {
  const s = special(x);
  if (s !== null) return s;
  const p = precision === 0 ? 1 : precision;
  const { exp } = significand(x, p);
  let text: string;
  if (x !== 0 && (exp < -4 || exp >= p)) {
    text = printfExponent(x, p - 1);
    const [mantissa, e] = text.split('e') as [string, string];
    text = (mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa) + 'e' + e;
  } else {
    text = printfFixed(x, Math.max(p - 1 - (x === 0 ? 0 : exp), 0));
    if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  }
  if (text.length < zeroPadWidth) {
    const sign = text.startsWith('-') ? '-' : '';
    text = sign + text.slice(sign.length).padStart(zeroPadWidth - sign.length, '0');
  }
  return text;
}
