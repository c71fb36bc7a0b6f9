// Reading text through a date/time template for to_date and to_timestamp: PostgreSQL 15's
// DCH_from_char, which fills raw fields (year, month, hour, ISO week …) from the input.

import { LarchError, SqlState } from '../../engine/errors.js';
import {
  type DateMode,
  FM,
  type FormatNode,
  isSeparatorChar,
  isSpace,
  type Keyword,
  TH_LOWER,
  TH_UPPER,
} from './format-pattern.js';
import { DAYS, MONTHS, ROMAN_MONTHS } from './to-char.js';

/** The fields a template read, zero meaning "not given" as in PostgreSQL's TmFromChar. */
export interface FromCharFields {
  mode: DateMode;
  hh: number;
  pm: number;
  mi: number;
  ss: number;
  ssss: number;
  d: number;
  dd: number;
  ddd: number;
  mm: number;
  ms: number;
  year: number;
  bc: number;
  ww: number;
  w: number;
  cc: number;
  j: number;
  us: number;
  yysz: number;
  clock12: boolean;
  tzsign: number;
  tzh: number;
  tzm: number;
  ff: number;
}

type IntField = Exclude<keyof FromCharFields, 'mode' | 'clock12'>;

function formatError(message: string, options: { detail?: string; hint?: string } = {}): LarchError {
  return new LarchError(SqlState.invalidDatetimeFormat, message, options);
}

const NOT_FIXED_WIDTH_HINT = 'If your source string is not fixed-width, try using the "FM" modifier.';

/** C's strtol from `pos`: optional blanks and sign, then digits; `end` is `pos` when nothing parsed. */
function strtol(s: string, pos: number): { value: number; end: number } {
  let i = pos;
  while (i < s.length && isSpace(s[i]!)) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') {
    if (s[i] === '-') sign = -1;
    i++;
  }
  const start = i;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
  if (i === start) return { value: 0, end: pos };
  return { value: sign * Number(s.slice(start, i)), end: i };
}

const LOWER_MONTHS = MONTHS.map((m) => m.toLowerCase());
const LOWER_DAYS = DAYS.map((d) => d.toLowerCase());
const WORDS: Record<string, readonly string[]> = {
  months: LOWER_MONTHS,
  monthsShort: LOWER_MONTHS.map((m) => m.slice(0, 3)),
  days: LOWER_DAYS,
  daysShort: LOWER_DAYS.map((d) => d.slice(0, 3)),
  ampm: ['am', 'pm', 'am', 'pm'],
  ampmLong: ['a.m.', 'p.m.', 'a.m.', 'p.m.'],
  adbc: ['ad', 'bc', 'ad', 'bc'],
  adbcLong: ['a.d.', 'b.c.', 'a.d.', 'b.c.'],
  roman: ROMAN_MONTHS.map((r) => r.toLowerCase()),
};

class TemplateReader {
  private pos = 0;
  private extraSkip = 0;
  private fx = false;
  readonly out: FromCharFields = {
    mode: 'none',
    hh: 0,
    pm: 0,
    mi: 0,
    ss: 0,
    ssss: 0,
    d: 0,
    dd: 0,
    ddd: 0,
    mm: 0,
    ms: 0,
    year: 0,
    bc: 0,
    ww: 0,
    w: 0,
    cc: 0,
    j: 0,
    us: 0,
    yysz: 0,
    clock12: false,
    tzsign: 0,
    tzh: 0,
    tzm: 0,
    ff: 0,
  };

  constructor(
    private readonly input: string,
    private readonly nodes: readonly FormatNode[],
  ) {}

  private set(field: IntField, value: number, key: Keyword): void {
    const current = this.out[field];
    if (current !== 0 && current !== value) {
      throw formatError(`conflicting values for "${key.name}" field in formatting string`, {
        detail: 'This value contradicts a previous setting for the same field type.',
      });
    }
    this.out[field] = value;
  }

  /** Whether the field at `index` ends at a non-digit (PostgreSQL's is_next_separator). */
  private nextIsSeparator(index: number): boolean {
    const n = this.nodes[index]!;
    if (n.type === 'action' && n.suffix & (TH_UPPER | TH_LOWER)) return true;
    const next = this.nodes[index + 1];
    if (next === undefined) return true;
    if (next.type === 'action') return !next.key.isDigit;
    return !(next.text.length === 1 && next.text >= '0' && next.text <= '9');
  }

  /** Reads an integer of `len` characters (or any length in fill mode / before a separator). */
  private readInt(field: IntField | null, len: number, index: number): number {
    const node = this.nodes[index] as Extract<FormatNode, { type: 'action' }>;
    const s = this.input;
    const init = this.pos;
    while (this.pos < s.length && isSpace(s[this.pos]!)) this.pos++;
    const copy = s.slice(this.pos, this.pos + len);
    const remaining = s.length - this.pos;
    let value: number;
    if (node.suffix & FM || this.nextIsSeparator(index)) {
      const r = strtol(s, init);
      value = r.value;
      this.pos = r.end;
    } else {
      if (remaining < len) {
        throw formatError(`source string too short for "${node.key.name}" formatting field`, {
          detail: `Field requires ${len} characters, but only ${remaining} remain.`,
          hint: NOT_FIXED_WIDTH_HINT,
        });
      }
      const r = strtol(copy, 0);
      const used = r.end;
      if (used > 0 && used < len) {
        throw formatError(`invalid value "${copy}" for "${node.key.name}"`, {
          detail: `Field requires ${len} characters, but only ${used} could be parsed.`,
          hint: NOT_FIXED_WIDTH_HINT,
        });
      }
      value = r.value;
      this.pos += used;
    }
    if (this.pos === init) {
      throw formatError(`invalid value "${copy}" for "${node.key.name}"`, {
        detail: 'Value must be an integer.',
      });
    }
    if (value < -2147483648 || value > 2147483647) {
      throw new LarchError(
        SqlState.datetimeFieldOverflow,
        `value for "${node.key.name}" in source string is out of range`,
        { detail: 'Value must be in the range -2147483648 to 2147483647.' },
      );
    }
    if (field !== null) this.set(field, value, node.key);
    return this.pos - init;
  }

  /** Case-insensitive match of one of `words` at the current position; returns its index. */
  private readWord(words: readonly string[], key: Keyword): number {
    const rest = this.input.slice(this.pos).toLowerCase();
    for (let i = 0; i < words.length; i++) {
      if (rest.startsWith(words[i]!)) {
        this.pos += words[i]!.length;
        return i;
      }
    }
    const shown = this.input.slice(this.pos).split(/[ \t\n\r\v\f]/)[0]!;
    throw formatError(`invalid value "${shown}" for "${key.name}"`, {
      detail: 'The given value did not match any of the allowed values for this field.',
    });
  }

  private skipTh(suffix: number): void {
    if (suffix & (TH_UPPER | TH_LOWER)) this.pos = Math.min(this.pos + 2, this.input.length);
  }

  private setMode(mode: DateMode): void {
    if (mode === 'none') return;
    if (this.out.mode === 'none') this.out.mode = mode;
    else if (this.out.mode !== mode) {
      throw formatError('invalid combination of date conventions', {
        hint: 'Do not mix Gregorian and ISO week date conventions in a formatting template.',
      });
    }
  }

  read(): FromCharFields {
    const s = this.input;
    for (let index = 0; index < this.nodes.length && this.pos < s.length; index++) {
      const n = this.nodes[index]!;
      if (!this.fx && (n.type !== 'action' || n.key.id !== 'FX') && (n.type === 'action' || index === 0)) {
        while (this.pos < s.length && isSpace(s[this.pos]!)) {
          this.pos++;
          this.extraSkip++;
        }
      }
      if (n.type === 'space' || n.type === 'separator') {
        if (!this.fx) {
          this.extraSkip--;
          const c = s[this.pos] ?? '';
          if (isSpace(c) || isSeparatorChar(c)) {
            this.pos++;
            this.extraSkip++;
          }
        } else {
          this.pos += String.fromCodePoint(s.codePointAt(this.pos)!).length;
        }
        continue;
      }
      if (n.type !== 'action') {
        if (!this.fx && this.extraSkip > 0) this.extraSkip--;
        else this.pos += String.fromCodePoint(s.codePointAt(this.pos)!).length;
        continue;
      }
      this.setMode(n.key.mode);
      this.field(n.key, n.suffix, index);
      if (!this.fx) {
        this.extraSkip = 0;
        while (this.pos < s.length && isSpace(s[this.pos]!)) {
          this.pos++;
          this.extraSkip++;
        }
      }
    }
    return this.out;
  }

  private field(key: Keyword, suffix: number, index: number): void {
    const out = this.out;
    const fixed = (field: IntField | null) => this.readInt(field, key.name.length, index);
    switch (key.id) {
      case 'FX':
        this.fx = true;
        return;
      case 'A_M':
      case 'P_M':
      case 'a_m':
      case 'p_m':
        this.set('pm', this.readWord(WORDS.ampmLong!, key) % 2, key);
        out.clock12 = true;
        return;
      case 'AM':
      case 'PM':
      case 'am':
      case 'pm':
        this.set('pm', this.readWord(WORDS.ampm!, key) % 2, key);
        out.clock12 = true;
        return;
      case 'HH':
      case 'HH12':
        this.readInt('hh', 2, index);
        out.clock12 = true;
        this.skipTh(suffix);
        return;
      case 'HH24':
        this.readInt('hh', 2, index);
        this.skipTh(suffix);
        return;
      case 'MI':
        fixed('mi');
        this.skipTh(suffix);
        return;
      case 'SS':
        fixed('ss');
        this.skipTh(suffix);
        return;
      case 'MS': {
        const len = this.readInt('ms', 3, index);
        out.ms *= len === 1 ? 100 : len === 2 ? 10 : 1;
        this.skipTh(suffix);
        return;
      }
      case 'FF1':
      case 'FF2':
      case 'FF3':
      case 'FF4':
      case 'FF5':
      case 'FF6':
      case 'US': {
        if (key.id !== 'US') out.ff = Number(key.id.slice(2));
        const len = this.readInt('us', key.id === 'US' ? 6 : out.ff, index);
        out.us *= len >= 1 && len <= 5 ? 10 ** (6 - len) : 1;
        this.skipTh(suffix);
        return;
      }
      case 'SSSS':
        fixed('ssss');
        this.skipTh(suffix);
        return;
      case 'TZ':
      case 'tz':
      case 'OF':
        throw new LarchError(
          SqlState.featureNotSupported,
          `formatting field "${key.name}" is only supported in to_char`,
        );
      case 'TZH': {
        const c = this.input[this.pos];
        if (c === '+' || c === '-' || c === ' ') {
          out.tzsign = c === '-' ? -1 : 1;
          this.pos++;
        } else {
          out.tzsign = this.extraSkip > 0 && this.input[this.pos - 1] === '-' ? -1 : 1;
        }
        this.readInt('tzh', 2, index);
        return;
      }
      case 'TZM':
        if (!out.tzsign) out.tzsign = 1;
        this.readInt('tzm', 2, index);
        return;
      case 'A_D':
      case 'B_C':
      case 'a_d':
      case 'b_c':
        this.set('bc', this.readWord(WORDS.adbcLong!, key) % 2, key);
        return;
      case 'AD':
      case 'BC':
      case 'ad':
      case 'bc':
        this.set('bc', this.readWord(WORDS.adbc!, key) % 2, key);
        return;
      case 'MONTH':
      case 'Month':
      case 'month':
        this.set('mm', this.readWord(WORDS.months!, key) + 1, key);
        return;
      case 'MON':
      case 'Mon':
      case 'mon':
        this.set('mm', this.readWord(WORDS.monthsShort!, key) + 1, key);
        return;
      case 'MM':
        fixed('mm');
        this.skipTh(suffix);
        return;
      case 'DAY':
      case 'Day':
      case 'day':
        this.set('d', this.readWord(WORDS.days!, key), key);
        out.d++;
        return;
      case 'DY':
      case 'Dy':
      case 'dy':
        this.set('d', this.readWord(WORDS.daysShort!, key), key);
        out.d++;
        return;
      case 'DDD':
        fixed('ddd');
        this.skipTh(suffix);
        return;
      case 'IDDD':
        this.readInt('ddd', 3, index);
        this.skipTh(suffix);
        return;
      case 'DD':
        fixed('dd');
        this.skipTh(suffix);
        return;
      case 'D':
        fixed('d');
        this.skipTh(suffix);
        return;
      case 'ID':
        this.readInt('d', 1, index);
        // ISO numbering (Monday = 1) shifted to Sunday = 1.
        if (++out.d > 7) out.d = 1;
        this.skipTh(suffix);
        return;
      case 'WW':
      case 'IW':
        fixed('ww');
        this.skipTh(suffix);
        return;
      case 'Q':
        // Read but ignored: which day of the quarter would it mean?
        fixed(null);
        this.skipTh(suffix);
        return;
      case 'CC':
        fixed('cc');
        this.skipTh(suffix);
        return;
      case 'Y_YYY': {
        const m = /^\s*([+-]?\d+),(\d{1,3})/.exec(this.input.slice(this.pos));
        if (m === null) throw formatError('invalid input string for "Y,YYY"');
        this.set('year', Number(m[1]) * 1000 + Number(m[2]), key);
        out.yysz = 4;
        this.pos += m[0].length;
        this.skipTh(suffix);
        return;
      }
      case 'YYYY':
      case 'IYYY':
        fixed('year');
        out.yysz = 4;
        this.skipTh(suffix);
        return;
      case 'YYY':
      case 'IYY':
      case 'YY':
      case 'IY':
      case 'Y':
      case 'I': {
        const len = fixed('year');
        if (len < 4) out.year = partialYear(out.year);
        out.yysz = key.name.length;
        this.skipTh(suffix);
        return;
      }
      case 'RM':
      case 'rm':
        this.set('mm', 12 - this.readWord(WORDS.roman!, key), key);
        return;
      case 'W':
        fixed('w');
        this.skipTh(suffix);
        return;
      case 'J':
        fixed('j');
        this.skipTh(suffix);
        return;
    }
  }
}

/** Two- and three-digit years counted toward 2020: 69 is 2069, 70 is 1970, 519 is 2519. */
function partialYear(year: number): number {
  if (year < 70) return year + 2000;
  if (year < 100) return year + 1900;
  if (year < 520) return year + 2000;
  if (year < 1000) return year + 1000;
  return year;
}

export function readTemplate(input: string, nodes: readonly FormatNode[]): FromCharFields {
  return new TemplateReader(input, nodes).read();
}
