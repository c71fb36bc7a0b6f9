// to_char(value, format): timestamps and intervals through date/time templates (YYYY-MM-DD HH24:MI,
// Month, Day, TZ …), numbers through numeric templates (see to-char-number.ts).

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import type { TimeZone } from '../../types/datetime.js';
import type { Decimal } from '../../types/decimal.js';
import type { Interval } from '../../types/interval.js';
import type { ScalarDefinition, ScalarOverload } from '../function.js';
import { valueKernel } from '../kernels.js';
import {
  cdiv,
  cmod,
  dateToJulian,
  intervalTm,
  isoWeek,
  isoYear,
  isoYearDay,
  memoZone,
  tmFromMicros,
  type Tm,
} from './calendar.js';
import { FM, type FormatNode, parseDateFormat, TH_LOWER, TH_UPPER, TM } from './format-pattern.js';
import { numberToChar } from './to-char-number.js';
import { zoneAbbreviation } from './zone-abbrev.js';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Roman numeral months, December first, as PostgreSQL's rm_months_upper. */
export const ROMAN_MONTHS = ['XII', 'XI', 'X', 'IX', 'VIII', 'VII', 'VI', 'V', 'IV', 'III', 'II', 'I'];

/** What the template is applied to: calendar fields, and the zone for timestamptz. */
export interface ToCharInput {
  readonly tm: Tm;
  readonly interval: boolean;
  /** Zone abbreviation (TZ), null for values without a zone. */
  readonly zoneName: string | null;
  /** Seconds east of UTC (TZH, TZM, OF); 0 without a zone. */
  readonly offset: number;
}

/** C's "%0*d": zero padding to `width` characters, the sign counting as one. */
export function zeroPad(n: number, width: number): string {
  const digits = String(Math.abs(n));
  if (n < 0) return '-' + digits.padStart(width - 1, '0');
  return digits.padStart(width, '0');
}

/** The ordinal suffix PostgreSQL's get_th picks for the printed number. */
export function ordinalSuffix(num: string, upper: boolean): string {
  const last = num[num.length - 1] ?? '';
  if (!/[0-9]/.test(last)) {
    throw new LarchError(SqlState.invalidTextRepresentation, `"${num}" is not a number`);
  }
  let d = last;
  if (num.length > 1 && num[num.length - 2] === '1') d = '0';
  const s = d === '1' ? 'st' : d === '2' ? 'nd' : d === '3' ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}

function invalidForInterval(): LarchError {
  return new LarchError(
    SqlState.invalidDatetimeFormat,
    'invalid format specification for an interval value',
    {
      hint: 'Intervals are not tied to specific calendar dates.',
    },
  );
}

/** Year as printed: BC years count 1, 2, … for dates; intervals print their raw years. */
function adjustYear(year: number, interval: boolean): number {
  return interval || year > 0 ? year : -(year - 1);
}

/** A month or day name in the keyword's case, padded to 9 characters unless FM or TM. */
function name(value: string, id: string, suffix: number): string {
  const text =
    id === id.toUpperCase() ? value.toUpperCase() : id === id.toLowerCase() ? value.toLowerCase() : value;
  return suffix & (FM | TM) ? text : text.padEnd(9, ' ');
}

function abbrev(value: string, id: string): string {
  const short = value.slice(0, 3);
  return id === id.toUpperCase()
    ? short.toUpperCase()
    : id === id.toLowerCase()
      ? short.toLowerCase()
      : short;
}

function numericField(id: string, input: ToCharInput, fm: boolean): string | null {
  const { tm, interval } = input;
  const width = (w: number, v: number) => (fm ? 0 : v >= 0 ? w : w + 1);
  const year = adjustYear(tm.year, interval);
  const isoYearAdjusted = () => adjustYear(isoYear(tm.year, tm.month, tm.day), interval);
  switch (id) {
    case 'HH':
    case 'HH12': {
      const h = cmod(tm.hour, 12) === 0 ? 12 : cmod(tm.hour, 12);
      return zeroPad(h, fm ? 0 : tm.hour >= 0 ? 2 : 3);
    }
    case 'HH24':
      return zeroPad(tm.hour, width(2, tm.hour));
    case 'MI':
      return zeroPad(tm.minute, width(2, tm.minute));
    case 'SS':
      return zeroPad(tm.second, width(2, tm.second));
    case 'FF1':
      return zeroPad(cdiv(tm.fsec, 100000), 1);
    case 'FF2':
      return zeroPad(cdiv(tm.fsec, 10000), 2);
    case 'FF3':
    case 'MS':
      return zeroPad(cdiv(tm.fsec, 1000), 3);
    case 'FF4':
      return zeroPad(cdiv(tm.fsec, 100), 4);
    case 'FF5':
      return zeroPad(cdiv(tm.fsec, 10), 5);
    case 'FF6':
    case 'US':
      return zeroPad(tm.fsec, 6);
    case 'SSSS':
      return String(tm.hour * 3600 + tm.minute * 60 + tm.second);
    case 'MM':
      return zeroPad(tm.month, width(2, tm.month));
    case 'DDD':
      return zeroPad(tm.yday, fm ? 0 : 3);
    case 'IDDD':
      return zeroPad(isoYearDay(tm.year, tm.month, tm.day), fm ? 0 : 3);
    case 'DD':
      return zeroPad(tm.day, fm ? 0 : 2);
    case 'D':
      if (interval) throw invalidForInterval();
      return String(tm.wday + 1);
    case 'ID':
      if (interval) throw invalidForInterval();
      return String(tm.wday === 0 ? 7 : tm.wday);
    case 'WW':
      return zeroPad(cdiv(tm.yday - 1, 7) + 1, fm ? 0 : 2);
    case 'IW':
      return zeroPad(isoWeek(tm.year, tm.month, tm.day), fm ? 0 : 2);
    case 'Q':
      return tm.month === 0 ? null : String(cdiv(tm.month - 1, 3) + 1);
    case 'CC': {
      const c = interval
        ? cdiv(tm.year, 100)
        : tm.year > 0
          ? cdiv(tm.year - 1, 100) + 1
          : cdiv(tm.year, 100) - 1;
      return c <= 99 && c >= -99 ? zeroPad(c, width(2, c)) : String(c);
    }
    case 'Y_YYY': {
      const i = cdiv(year, 1000);
      return `${i},${zeroPad(year - i * 1000, 3)}`;
    }
    case 'YYYY':
      return zeroPad(year, width(4, year));
    case 'IYYY':
      return zeroPad(isoYearAdjusted(), width(4, year));
    case 'YYY':
      return zeroPad(cmod(year, 1000), width(3, year));
    case 'IYY':
      return zeroPad(cmod(isoYearAdjusted(), 1000), width(3, year));
    case 'YY':
      return zeroPad(cmod(year, 100), width(2, year));
    case 'IY':
      return zeroPad(cmod(isoYearAdjusted(), 100), width(2, year));
    case 'Y':
      return String(cmod(year, 10));
    case 'I':
      return String(cmod(isoYearAdjusted(), 10));
    case 'W':
      return String(cdiv(tm.day - 1, 7) + 1);
    case 'J':
      return String(dateToJulian(tm.year, tm.month, tm.day));
    default:
      return null;
  }
}

function romanMonth(id: string, input: ToCharInput, fm: boolean): string {
  const { tm } = input;
  if (tm.month === 0 && tm.year === 0) return '';
  const index = tm.month === 0 ? (tm.year >= 0 ? 0 : 11) : tm.month < 0 ? -(tm.month + 1) : 12 - tm.month;
  const text = id === 'RM' ? ROMAN_MONTHS[index]! : ROMAN_MONTHS[index]!.toLowerCase();
  return fm ? text : text.padEnd(4, ' ');
}

function zoneField(id: string, input: ToCharInput, fm: boolean): string {
  if (input.interval) throw invalidForInterval();
  const off = input.offset;
  const abs = Math.abs(off);
  const sign = off >= 0 ? '+' : '-';
  switch (id) {
    case 'TZ':
      return input.zoneName ?? '';
    case 'tz':
      return (input.zoneName ?? '').toLowerCase();
    case 'TZH':
      return sign + zeroPad(Math.floor(abs / 3600), 2);
    case 'TZM':
      return zeroPad(Math.floor((abs % 3600) / 60), 2);
    default: {
      const minutes = abs % 3600 !== 0 ? ':' + zeroPad(Math.floor((abs % 3600) / 60), 2) : '';
      return sign + zeroPad(Math.floor(abs / 3600), fm ? 0 : 2) + minutes;
    }
  }
}

function textField(id: string, suffix: number, input: ToCharInput): string | null {
  const { tm, interval } = input;
  const pm = cmod(tm.hour, 24) >= 12;
  const bc = tm.year <= 0;
  const calendarOnly = () => {
    if (interval) throw invalidForInterval();
  };
  switch (id) {
    case 'A_M':
    case 'P_M':
      return pm ? 'P.M.' : 'A.M.';
    case 'AM':
    case 'PM':
      return pm ? 'PM' : 'AM';
    case 'a_m':
    case 'p_m':
      return pm ? 'p.m.' : 'a.m.';
    case 'am':
    case 'pm':
      return pm ? 'pm' : 'am';
    case 'A_D':
    case 'B_C':
      calendarOnly();
      return bc ? 'B.C.' : 'A.D.';
    case 'AD':
    case 'BC':
      calendarOnly();
      return bc ? 'BC' : 'AD';
    case 'a_d':
    case 'b_c':
      calendarOnly();
      return bc ? 'b.c.' : 'a.d.';
    case 'ad':
    case 'bc':
      calendarOnly();
      return bc ? 'bc' : 'ad';
    case 'MONTH':
    case 'Month':
    case 'month':
      calendarOnly();
      return tm.month === 0 ? '' : name(MONTHS[tm.month - 1]!, id, suffix);
    case 'MON':
    case 'Mon':
    case 'mon':
      calendarOnly();
      return tm.month === 0 ? '' : abbrev(MONTHS[tm.month - 1]!, id);
    case 'DAY':
    case 'Day':
    case 'day':
      calendarOnly();
      return name(DAYS[tm.wday]!, id, suffix);
    case 'DY':
    case 'Dy':
    case 'dy':
      calendarOnly();
      return abbrev(DAYS[tm.wday]!, id);
    case 'RM':
    case 'rm':
      return romanMonth(id, input, (suffix & FM) !== 0);
    case 'FX':
      return '';
    case 'TZ':
    case 'tz':
    case 'TZH':
    case 'TZM':
    case 'OF':
      return zoneField(id, input, (suffix & FM) !== 0);
    default:
      return null;
  }
}

/** Applies a parsed date/time template (PostgreSQL's DCH_to_char). */
export function formatDateTime(nodes: readonly FormatNode[], input: ToCharInput): string {
  let out = '';
  for (const n of nodes) {
    if (n.type !== 'action') {
      out += n.text;
      continue;
    }
    const id = n.key.id;
    const text = textField(id, n.suffix, input);
    if (text !== null) {
      out += text;
      continue;
    }
    const num = numericField(id, input, (n.suffix & FM) !== 0);
    if (num === null) continue;
    out += num;
    if (n.suffix & (TH_UPPER | TH_LOWER)) out += ordinalSuffix(num, (n.suffix & TH_UPPER) !== 0);
  }
  return out;
}

function timestampToChar(micros: number, format: string, zone: TimeZone | null): string | null {
  if (format === '' || !Number.isFinite(micros)) return null;
  const offset = zone === null ? 0 : zone.offsetAt(micros);
  const tm = tmFromMicros(micros + offset * 1_000_000);
  const zoneName = zone === null ? null : zoneAbbreviation(zone, micros, offset);
  return formatDateTime(parseDateFormat(format), { tm, interval: false, zoneName, offset });
}

function intervalToChar(i: Interval, format: string): string | null {
  if (format === '') return null;
  const f = intervalTm(i);
  const tm: Tm = {
    ...f,
    wday: 0,
    // Roughly the span in days, as PostgreSQL fills tm_yday for intervals.
    yday: (f.year * 12 + f.month) * 30 + f.day,
  };
  return formatDateTime(parseDateFormat(format), { tm, interval: true, zoneName: null, offset: 0 });
}

const { text, timestamp, timestamptz, interval, int4, int8, float4, float8, numeric } = Types;

function numberOverload(type: DataType): ScalarOverload {
  return {
    args: [type, text],
    returns: text,
    kernel: () => valueKernel(text, (v) => numberToChar(v[0] as number | Decimal, type, v[1] as string)),
  };
}

export const toChar: ScalarDefinition = {
  kind: 'scalar',
  name: 'to_char',
  // The timestamptz overload prints in the session time zone.
  stable: true,
  description: 'Formats a timestamp, interval or number as text using a template.',
  example: "SELECT to_char(timestamp '2024-05-17 14:05', 'FMDay, DD Mon YYYY HH12:MI AM')",
  overloads: [
    {
      args: [timestamp, text],
      returns: text,
      kernel: () => valueKernel(text, (v) => timestampToChar(v[0] as number, v[1] as string, null)),
    },
    {
      args: [timestamptz, text],
      returns: text,
      kernel: () =>
        valueKernel(text, (v, ctx): Scalar =>
          timestampToChar(v[0] as number, v[1] as string, memoZone(ctx.timeZone)),
        ),
    },
    {
      args: [interval, text],
      returns: text,
      kernel: () => valueKernel(text, (v) => intervalToChar(v[0] as Interval, v[1] as string)),
    },
    numberOverload(int4),
    numberOverload(int8),
    numberOverload(float4),
    numberOverload(float8),
    numberOverload(numeric),
  ],
};
