// Date/time format templates (to_char, to_date, to_timestamp) parsed as PostgreSQL's parse_format
// does: keywords matched case-sensitively in table order, FM/TM prefixes, TH/th/SP suffixes,
// double-quoted literals with backslash escapes.

export type DateMode = 'none' | 'gregorian' | 'isoweek';

export interface Keyword {
  readonly name: string;
  /** Identifies the field; case variants that print differently have their own ids. */
  readonly id: string;
  readonly isDigit: boolean;
  readonly mode: DateMode;
}

export const FM = 1;
export const TM = 2;
export const TH_UPPER = 4;
export const TH_LOWER = 8;
export const SP = 16;

export type FormatNode =
  | { readonly type: 'action'; readonly key: Keyword; readonly suffix: number }
  | { readonly type: 'char' | 'space' | 'separator'; readonly text: string };

// name, id, digit (1/0), mode (n/g/i), in PostgreSQL's table order.
const KEYWORDS_TEXT = `
A.D. A_D 0 n|A.M. A_M 0 n|AD AD 0 n|AM AM 0 n|B.C. B_C 0 n|BC BC 0 n|CC CC 1 n|DAY DAY 0 n|DDD DDD 1 g|
DD DD 1 g|DY DY 0 n|Day Day 0 n|Dy Dy 0 n|D D 1 g|FF1 FF1 1 n|FF2 FF2 1 n|FF3 FF3 1 n|FF4 FF4 1 n|
FF5 FF5 1 n|FF6 FF6 1 n|FX FX 0 n|HH24 HH24 1 n|HH12 HH12 1 n|HH HH 1 n|IDDD IDDD 1 i|ID ID 1 i|IW IW 1 i|
IYYY IYYY 1 i|IYY IYY 1 i|IY IY 1 i|I I 1 i|J J 1 n|MI MI 1 n|MM MM 1 g|MONTH MONTH 0 g|MON MON 0 g|
MS MS 1 n|Month Month 0 g|Mon Mon 0 g|OF OF 0 n|P.M. P_M 0 n|PM PM 0 n|Q Q 1 n|RM RM 0 g|SSSSS SSSS 1 n|
SSSS SSSS 1 n|SS SS 1 n|TZH TZH 0 n|TZM TZM 1 n|TZ TZ 0 n|US US 1 n|WW WW 1 g|W W 1 g|Y,YYY Y_YYY 1 g|
YYYY YYYY 1 g|YYY YYY 1 g|YY YY 1 g|Y Y 1 g|a.d. a_d 0 n|a.m. a_m 0 n|ad ad 0 n|am am 0 n|b.c. b_c 0 n|
bc bc 0 n|cc CC 1 n|day day 0 n|ddd DDD 1 g|dd DD 1 g|dy dy 0 n|d D 1 g|ff1 FF1 1 n|ff2 FF2 1 n|
ff3 FF3 1 n|ff4 FF4 1 n|ff5 FF5 1 n|ff6 FF6 1 n|fx FX 0 n|hh24 HH24 1 n|hh12 HH12 1 n|hh HH 1 n|
iddd IDDD 1 i|id ID 1 i|iw IW 1 i|iyyy IYYY 1 i|iyy IYY 1 i|iy IY 1 i|i I 1 i|j J 1 n|mi MI 1 n|mm MM 1 g|
month month 0 g|mon mon 0 g|ms MS 1 n|of OF 0 n|p.m. p_m 0 n|pm pm 0 n|q Q 1 n|rm rm 0 g|sssss SSSS 1 n|
ssss SSSS 1 n|ss SS 1 n|tzh TZH 0 n|tzm TZM 1 n|tz tz 0 n|us US 1 n|ww WW 1 g|w W 1 g|y,yyy Y_YYY 1 g|
yyyy YYYY 1 g|yyy YYY 1 g|yy YY 1 g|y Y 1 g`;

const MODES: Record<string, DateMode> = { n: 'none', g: 'gregorian', i: 'isoweek' };

export const KEYWORDS: readonly Keyword[] = KEYWORDS_TEXT.split('|').map((entry) => {
  const [name, id, digit, mode] = entry.trim().split(' ') as [string, string, string, string];
  return { name, id, isDigit: digit === '1', mode: MODES[mode]! };
});

const PREFIXES: readonly [string, number][] = [
  ['FM', FM],
  ['fm', FM],
  ['TM', TM],
  ['tm', TM],
];
const POSTFIXES: readonly [string, number][] = [
  ['TH', TH_UPPER],
  ['th', TH_LOWER],
  ['SP', SP],
];

function keywordAt(format: string, pos: number): Keyword | undefined {
  const first = format[pos];
  for (const k of KEYWORDS) {
    if (k.name[0] === first && format.startsWith(k.name, pos)) return k;
  }
  return undefined;
}

/**
 * The characters of a double-quoted literal starting at `pos` in a to_char/to_number format
 * (backslash escapes the next character; an unterminated quote runs to the end), and where it ends.
 */
export function quotedText(format: string, pos: number): { chars: string[]; end: number } {
  const chars: string[] = [];
  pos++;
  while (pos < format.length) {
    if (format[pos] === '"') return { chars, end: pos + 1 };
    if (format[pos] === '\\' && pos + 1 < format.length) pos++;
    const ch = String.fromCodePoint(format.codePointAt(pos)!);
    chars.push(ch);
    pos += ch.length;
  }
  return { chars, end: pos };
}

/** ASCII printable, not a letter, digit or space (PostgreSQL's is_separator_char). */
export function isSeparatorChar(c: string): boolean {
  return c > ' ' && c < '\x7f' && !/[A-Za-z0-9]/.test(c);
}

export function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

const cache = new Map<string, FormatNode[]>();

export function parseDateFormat(format: string): FormatNode[] {
  let nodes = cache.get(format);
  if (nodes !== undefined) return nodes;
  nodes = [];
  let pos = 0;
  while (pos < format.length) {
    let suffix = 0;
    const prefix = PREFIXES.find(([p]) => format.startsWith(p, pos));
    if (prefix !== undefined) {
      suffix |= prefix[1];
      pos += 2;
    }
    const key = pos < format.length ? keywordAt(format, pos) : undefined;
    if (key !== undefined) {
      pos += key.name.length;
      const post = pos < format.length ? POSTFIXES.find(([p]) => format.startsWith(p, pos)) : undefined;
      if (post !== undefined) {
        suffix |= post[1];
        pos += 2;
      }
      nodes.push({ type: 'action', key, suffix });
      continue;
    }
    if (pos >= format.length) break;
    if (format[pos] === '"') {
      const quoted = quotedText(format, pos);
      for (const text of quoted.chars) nodes.push({ type: 'char', text });
      pos = quoted.end;
      continue;
    }
    // Outside quotes a backslash only escapes a double quote.
    if (format[pos] === '\\' && format[pos + 1] === '"') pos++;
    const ch = String.fromCodePoint(format.codePointAt(pos)!);
    const type = isSeparatorChar(ch) ? 'separator' : isSpace(ch) ? 'space' : 'char';
    nodes.push({ type, text: ch });
    pos += ch.length;
  }
  if (cache.size > 256) cache.clear();
  cache.set(format, nodes);
  return nodes;
}
