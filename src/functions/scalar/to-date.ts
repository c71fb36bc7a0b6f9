// to_date(text, template) and to_timestamp(text, template) — plus to_timestamp(epoch seconds) —
// turning the fields a template read into a date or timestamp as PostgreSQL's do_to_timestamp does.

import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  MICROS_PER_DAY,
  MICROS_PER_SECOND,
  type TimeZone,
} from '../../types/datetime.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import {
  cdiv,
  DATE_END_DAYS,
  daysFromJulian,
  isoWeekToJulian,
  localToUtc,
  memoZone,
  MIN_DAYS,
  TIMESTAMP_END_DAYS,
} from './calendar.js';
import { readTemplate } from './date-parse.js';
import { toTimestampFromEpoch } from './datetime-construct.js';
import { parseDateFormat } from './format-pattern.js';

const { text, date, timestamptz } = Types;

interface Broken {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fsec: number;
  /** Seconds east of UTC when the input gave TZH/TZM. */
  offset: number | null;
}

function fieldOverflow(input: string): LarchError {
  return new LarchError(SqlState.datetimeFieldOverflow, `date/time field value out of range: "${input}"`);
}

function setFromJulian(tm: Broken, j: number): void {
  const c = civilFromDays(daysFromJulian(j));
  tm.year = c.year;
  tm.month = c.month;
  tm.day = c.day;
}

const YEAR = 1;
const MONTH = 2;
const DAY = 4;
const DATE = YEAR | MONTH | DAY;

/** Reads `input` through `format` into date and time fields (PostgreSQL's do_to_timestamp). */
function toBroken(input: string, format: string): Broken {
  const tm: Broken = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, fsec: 0, offset: null };
  if (format === '') return tm;
  const f = readTemplate(input, parseDateFormat(format));
  let fmask = 0;
  if (f.ssss) {
    tm.hour = cdiv(f.ssss, 3600);
    tm.minute = cdiv(f.ssss % 3600, 60);
    tm.second = f.ssss % 60;
  }
  if (f.ss) tm.second = f.ss;
  if (f.mi) tm.minute = f.mi;
  if (f.hh) tm.hour = f.hh;
  if (f.clock12) {
    if (tm.hour < 1 || tm.hour > 12) {
      throw new LarchError(
        SqlState.invalidDatetimeFormat,
        `hour "${tm.hour}" is invalid for the 12-hour clock`,
        {
          hint: 'Use the 24-hour clock, or give an hour between 1 and 12.',
        },
      );
    }
    if (f.pm && tm.hour < 12) tm.hour += 12;
    else if (!f.pm && tm.hour === 12) tm.hour = 0;
  }
  if (f.year) {
    if (f.cc && f.yysz <= 2) {
      const cc = f.bc ? -f.cc : f.cc;
      const yy = f.year % 100;
      if (yy) tm.year = cc >= 0 ? yy + (cc - 1) * 100 : (cc + 1) * 100 - yy + 1;
      else tm.year = cc * 100 + (cc >= 0 ? 0 : 1);
    } else {
      tm.year = f.bc ? -f.year : f.year;
      if (tm.year < 0) tm.year++;
    }
    fmask |= YEAR;
  } else if (f.cc) {
    const cc = f.bc ? -f.cc : f.cc;
    tm.year = cc >= 0 ? (cc - 1) * 100 + 1 : cc * 100 + 1;
    fmask |= YEAR;
  }
  if (f.j) {
    setFromJulian(tm, f.j);
    fmask |= DATE;
  }
  if (f.ww) {
    if (f.mode === 'isoweek') {
      let j = isoWeekToJulian(tm.year, f.ww);
      // ISO weeks start on Monday; d counts from Sunday = 1.
      if (f.d) j += f.d > 1 ? f.d - 2 : 6;
      setFromJulian(tm, j);
      fmask |= DATE;
    } else {
      f.ddd = (f.ww - 1) * 7 + 1;
    }
  }
  if (f.w) f.dd = (f.w - 1) * 7 + 1;
  if (f.dd) {
    tm.day = f.dd;
    fmask |= DAY;
  }
  if (f.mm) {
    tm.month = f.mm;
    fmask |= MONTH;
  }
  if (f.ddd && (tm.month <= 1 || tm.day <= 1)) {
    if (!tm.year && !f.bc) {
      throw new LarchError(
        SqlState.invalidDatetimeFormat,
        'cannot calculate day of year without year information',
      );
    }
    if (f.mode === 'isoweek') {
      setFromJulian(tm, isoWeekToJulian(tm.year, 1) - 1 + f.ddd);
      fmask |= DATE;
    } else {
      const cumulative = [0];
      for (let m = 1; m <= 12; m++) cumulative.push(cumulative[m - 1]! + daysInMonth(tm.year, m));
      let month = 1;
      while (month <= 12 && f.ddd > cumulative[month]!) month++;
      if (tm.month <= 1) tm.month = month;
      if (tm.day <= 1) tm.day = f.ddd - cumulative[month - 1]!;
      fmask |= MONTH | DAY;
    }
  }
  tm.fsec = f.ms * 1000 + f.us;
  if (fmask & MONTH && (tm.month < 1 || tm.month > 12)) throw fieldOverflow(input);
  if (fmask & DAY && (tm.day < 1 || tm.day > 31)) throw fieldOverflow(input);
  if ((fmask & DATE) === DATE && tm.day > daysInMonth(tm.year, tm.month)) throw fieldOverflow(input);
  if (
    tm.hour < 0 ||
    tm.hour >= 24 ||
    tm.minute < 0 ||
    tm.minute >= 60 ||
    tm.second < 0 ||
    tm.second >= 60 ||
    tm.fsec < 0 ||
    tm.fsec >= MICROS_PER_SECOND
  ) {
    throw fieldOverflow(input);
  }
  if (f.tzsign) {
    if (f.tzh < 0 || f.tzh > 15 || f.tzm < 0 || f.tzm >= 60) {
      throw new LarchError('22009', `time zone displacement out of range: "${input}"`);
    }
    const east = (f.tzh * 60 + f.tzm) * 60;
    tm.offset = f.tzsign > 0 ? east : -east;
  }
  return tm;
}

function toDate(input: string, format: string): number {
  const tm = toBroken(input, format);
  const days = daysFromCivil(tm.year, tm.month, tm.day);
  if (days < MIN_DAYS || days >= DATE_END_DAYS) {
    throw new LarchError(SqlState.datetimeFieldOverflow, `date out of range: "${input}"`);
  }
  return days;
}

function toTimestamp(input: string, format: string, zone: TimeZone): number {
  const tm = toBroken(input, format);
  const days = daysFromCivil(tm.year, tm.month, tm.day);
  const local =
    days * MICROS_PER_DAY + ((tm.hour * 60 + tm.minute) * 60 + tm.second) * MICROS_PER_SECOND + tm.fsec;
  const utc = tm.offset === null ? localToUtc(zone, local) : local - tm.offset * MICROS_PER_SECOND;
  if (days < MIN_DAYS || utc < MIN_DAYS * MICROS_PER_DAY || utc >= TIMESTAMP_END_DAYS * MICROS_PER_DAY) {
    throw new LarchError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
  }
  return utc;
}

export const toDateFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'to_date',
  description: 'Reads a date from text using a template (YYYY-MM-DD, DD Mon YYYY …).',
  example: "SELECT to_date('05 Dec 2000', 'DD Mon YYYY')",
  overloads: [
    {
      args: [text, text],
      returns: date,
      kernel: () => valueKernel(date, (v) => toDate(v[0] as string, v[1] as string)),
    },
  ],
};

export const toTimestampFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'to_timestamp',
  stable: true,
  description:
    'A timestamp with time zone read from text with a template, or from seconds since 1970-01-01 UTC.',
  example: "SELECT to_timestamp('2024-05-17 14:05', 'YYYY-MM-DD HH24:MI')",
  overloads: [
    {
      args: [text, text],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v, ctx) =>
          toTimestamp(v[0] as string, v[1] as string, memoZone(ctx.timeZone)),
        ),
    },
    toTimestampFromEpoch,
  ],
};
