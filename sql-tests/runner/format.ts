// Formats result values as sqllogictest expects them: I as integers, R with three decimals, T as text.

/** printf("%.3f") with C's round-half-even on exact ties. */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const scaled = x * 1000;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && Number.isFinite(scaled) && Math.abs(scaled) < 2 ** 52) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    const r = (even / 1000).toFixed(3);
    return r === '-0.000' ? '-0.000' : r;
  }
  const r = x.toFixed(3);
  return r;
}

/** C's atoi: the leading integer of the text (0 when there is none). */
function atoi(text: string): string {
  const m = /^\s*([+-]?\d+)/.exec(text);
  if (m === null) return '0';
  return String(BigInt(m[1]!));
}

/** One value in sqllogictest's output format; `text` is PostgreSQL's text output (null for NULL). */
export function formatSltValue(text: string | null, typeLetter: string, isBool: boolean): string {
  if (text === null) return 'NULL';
  if (text === '') return '(empty)';
  switch (typeLetter) {
    case 'I':
      if (isBool) return text === 't' ? '1' : '0';
      return atoi(text);
    case 'R':
      if (isBool) return text === 't' ? '1.000' : '0.000';
      return formatReal(Number(text));
    default: {
      let out = '';
      for (const ch of text) {
        const c = ch.codePointAt(0)!;
        out += c < 0x20 || c === 0x7f ? '@' : ch;
      }
      return out;
    }
  }
}
