// dateformat / timestampformat: strptime-style patterns (%d/%m/%Y, %Y-%m-%d %H:%M:%S.%f) as
// DuckDB and most tools write them, compiled once into a parser.

import { LarchError, SqlState } from '../../engine/errors.js';
import { daysFromCivil, daysInMonth } from '../../types/datetime.js';

/** Text to days (dates) or microseconds (timestamps); throws 22007 when the text does not fit. */
export type DateParser = (text: string) => number;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const CODES: Record<string, { re: string; field: string }> = {
  Y: { re: '(\\d{4})', field: 'year' },
  y: { re: '(\\d{2})', field: 'year2' },
  m: { re: '(\\d{1,2})', field: 'month' },
  d: { re: '(\\d{1,2})', field: 'day' },
  H: { re: '(\\d{1,2})', field: 'hour' },
  I: { re: '(\\d{1,2})', field: 'hour12' },
  M: { re: '(\\d{1,2})', field: 'minute' },
  S: { re: '(\\d{1,2})', field: 'second' },
  f: { re: '(\\d{1,6})', field: 'fraction' },
  p: { re: '([AaPp][Mm])', field: 'ampm' },
  b: { re: '([A-Za-z]{3})', field: 'monthName' },
  B: { re: '([A-Za-z]+)', field: 'monthName' },
};

export function compileDateFormat(format: string, timestamp: boolean): DateParser {
  let re = '';
  const fields: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const code = format[++i];
    if (code === '%') {
      re += '%';
      continue;
    }
    const spec = code === undefined ? undefined : CODES[code];
    if (spec === undefined) {
      throw new LarchError(
        SqlState.invalidParameterValue,
        `unsupported format code "%${code ?? ''}" in "${format}"`,
        {
          hint: 'Supported: %Y %y %m %d %H %I %M %S %f %p %b %B.',
        },
      );
    }
    re += spec.re;
    fields.push(spec.field);
  }
  const pattern = new RegExp(`^\\s*${re}\\s*$`);
  return (text) => {
    const m = pattern.exec(text);
    const bad = () =>
      new LarchError(SqlState.invalidDatetimeFormat, `"${text}" does not match the format "${format}"`);
    if (m === null) throw bad();
    const v: Record<string, string> = {};
    fields.forEach((f, k) => (v[f] = m[k + 1]!));
    const year =
      v.year !== undefined
        ? Number(v.year)
        : v.year2 !== undefined
          ? 2000 + Number(v.year2) - (Number(v.year2) >= 70 ? 100 : 0)
          : 1970;
    const month =
      v.monthName !== undefined
        ? MONTHS.indexOf(v.monthName.slice(0, 3).toLowerCase()) + 1
        : Number(v.month ?? 1);
    const day = Number(v.day ?? 1);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw bad();
    const days = daysFromCivil(year, month, day);
    if (!timestamp) return days;
    let hour = Number(v.hour ?? v.hour12 ?? 0);
    if (v.ampm !== undefined) hour = (hour % 12) + (v.ampm.toLowerCase() === 'pm' ? 12 : 0);
    const minute = Number(v.minute ?? 0);
    const second = Number(v.second ?? 0);
    if (hour > 23 || minute > 59 || second > 59) throw bad();
    const fraction = v.fraction === undefined ? 0 : Number(v.fraction.padEnd(6, '0'));
    return days * 86_400_000_000 + ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction;
  };
}
