// Intervals as PostgreSQL keeps them: months, days and microseconds, each with its own sign.

import { LarchError, SqlState } from '../engine/errors.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from './datetime.js';

export interface Interval {
  readonly months: number;
  readonly days: number;
  readonly micros: number;
}

export const ZERO_INTERVAL: Interval = { months: 0, days: 0, micros: 0 };

export function interval(months: number, days: number, micros: number): Interval {
  return { months, days, micros };
}

/** Total microseconds with 30-day months, the ordering PostgreSQL uses for comparisons. */
export function intervalSortKey(i: Interval): number {
  return i.months * 30 * MICROS_PER_DAY + i.days * MICROS_PER_DAY + i.micros;
}

export function intervalCompare(a: Interval, b: Interval): number {
  const x = intervalSortKey(a);
  const y = intervalSortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function intervalAdd(a: Interval, b: Interval): Interval {
  return { months: a.months + b.months, days: a.days + b.days, micros: a.micros + b.micros };
}

export function intervalNeg(a: Interval): Interval {
  return { months: -a.months, days: -a.days, micros: -a.micros };
}

export function intervalSub(a: Interval, b: Interval): Interval {
  return intervalAdd(a, intervalNeg(b));
}

/** Multiplies as PostgreSQL's interval_mul: fractional months and days cascade down. */
export function intervalMul(a: Interval, factor: number): Interval {
  const monthsF = a.months * factor;
  const months = Math.trunc(monthsF);
  let daysF = a.days * factor + (monthsF - months) * 30;
  const days = Math.trunc(daysF);
  daysF -= days;
  const micros = Math.round(a.micros * factor + daysF * MICROS_PER_DAY);
  return { months, days, micros };
}

export function intervalDiv(a: Interval, divisor: number): Interval {
  if (divisor === 0) throw new LarchError(SqlState.divisionByZero, 'division by zero');
  return intervalMul(a, 1 / divisor);
}

export function justifyHours(a: Interval): Interval {
  let days = a.days + Math.trunc(a.micros / MICROS_PER_DAY);
  let micros = a.micros % MICROS_PER_DAY;
  if (days > 0 && micros < 0) {
    micros += MICROS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0) {
    micros -= MICROS_PER_DAY;
    days++;
  }
  return { months: a.months, days, micros };
}

export function justifyDays(a: Interval): Interval {
  let months = a.months + Math.trunc(a.days / 30);
  let days = a.days % 30;
  if (months > 0 && days < 0) {
    days += 30;
    months--;
  } else if (months < 0 && days > 0) {
    days -= 30;
    months++;
  }
  return { months, days, micros: a.micros };
}

export function justifyInterval(a: Interval): Interval {
  return justifyDays(justifyHours(a));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** PostgreSQL's IntervalStyle = postgres output, e.g. `1 year 2 mons -3 days +04:05:06.5`. */
export function formatInterval(a: Interval): string {
  const parts: string[] = [];
  let isZero = true;
  let isBefore = false;
  const years = Math.trunc(a.months / 12);
  const months = a.months % 12;
  const addPart = (value: number, unit: string) => {
    if (value === 0) return;
    parts.push(`${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`);
    isBefore = value < 0;
    isZero = false;
  };
  addPart(years, 'year');
  addPart(months, 'mon');
  addPart(a.days, 'day');
  if (isZero || a.micros !== 0) {
    const minus = a.micros < 0;
    const abs = Math.abs(a.micros);
    const hours = Math.floor(abs / MICROS_PER_HOUR);
    const minutes = Math.floor((abs % MICROS_PER_HOUR) / MICROS_PER_MINUTE);
    const micros = abs % MICROS_PER_MINUTE;
    const seconds = Math.floor(micros / MICROS_PER_SECOND);
    const frac = micros - seconds * MICROS_PER_SECOND;
    let text = `${minus ? '-' : isBefore ? '+' : ''}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
    if (frac > 0) text += '.' + String(Math.round(frac)).padStart(6, '0').replace(/0+$/, '');
    parts.push(text);
  }
  return parts.join(' ');
}

const UNIT_ALIASES: Record<string, string> = {
  microsecond: 'microsecond',
  microseconds: 'microsecond',
  us: 'microsecond',
  usec: 'microsecond',
  usecs: 'microsecond',
  millisecond: 'millisecond',
  milliseconds: 'millisecond',
  ms: 'millisecond',
  msec: 'millisecond',
  msecs: 'millisecond',
  second: 'second',
  seconds: 'second',
  s: 'second',
  sec: 'second',
  secs: 'second',
  minute: 'minute',
  minutes: 'minute',
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  hour: 'hour',
  hours: 'hour',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  day: 'day',
  days: 'day',
  d: 'day',
  week: 'week',
  weeks: 'week',
  w: 'week',
  month: 'month',
  months: 'month',
  mon: 'month',
  mons: 'month',
  year: 'year',
  years: 'year',
  y: 'year',
  yr: 'year',
  yrs: 'year',
  decade: 'decade',
  decades: 'decade',
  century: 'century',
  centuries: 'century',
  millennium: 'millennium',
  millennia: 'millennium',
  millenniums: 'millennium',
};

export function normalizeUnit(unit: string): string | undefined {
  return UNIT_ALIASES[unit.toLowerCase()];
}

function badInterval(text: string): LarchError {
  return new LarchError(SqlState.invalidDatetimeFormat, `invalid input syntax for type interval: "${text}"`);
}

/** Adds `value` of `unit` into an accumulator, cascading fractions the way PostgreSQL does. */
function addUnit(acc: { months: number; days: number; micros: number }, value: number, unit: string): void {
  switch (unit) {
    case 'microsecond':
      acc.micros += value;
      return;
    case 'millisecond':
      acc.micros += value * 1000;
      return;
    case 'second':
      acc.micros += value * MICROS_PER_SECOND;
      return;
    case 'minute':
      acc.micros += value * MICROS_PER_MINUTE;
      return;
    case 'hour':
      acc.micros += value * MICROS_PER_HOUR;
      return;
    case 'day': {
      const whole = Math.trunc(value);
      acc.days += whole;
      acc.micros += (value - whole) * MICROS_PER_DAY;
      return;
    }
    case 'week':
      addUnit(acc, value * 7, 'day');
      return;
    case 'month': {
      const whole = Math.trunc(value);
      acc.months += whole;
      addUnit(acc, (value - whole) * 30, 'day');
      return;
    }
    case 'year':
      addUnit(acc, value * 12, 'month');
      return;
    case 'decade':
      addUnit(acc, value * 120, 'month');
      return;
    case 'century':
      addUnit(acc, value * 1200, 'month');
      return;
    case 'millennium':
      addUnit(acc, value * 12000, 'month');
      return;
  }
}

const ISO8601 =
  /^P(?:(-?[\d.]+)Y)?(?:(-?[\d.]+)M)?(?:(-?[\d.]+)W)?(?:(-?[\d.]+)D)?(?:T(?:(-?[\d.]+)H)?(?:(-?[\d.]+)M)?(?:(-?[\d.]+)S)?)?$/i;
const TIME_PART = /^([+-])?(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/;
/** SQL's year-month literal, `1-2` for 1 year 2 months. */
const YEAR_MONTH = /^([+-])?(\d+)-(\d+)$/;

/** PostgreSQL's interval field bits (INTERVAL_MASK in datetime.h). */
const FIELD = { month: 1 << 1, year: 1 << 2, day: 1 << 3, hour: 1 << 10, minute: 1 << 11, second: 1 << 12 };
/** The typmod of an interval without a field range. */
export const INTERVAL_FULL_RANGE = 0x7fff;

/** The unit of a bare number under a field range: its rightmost field (INTERVAL '90' DAY is 90 days). */
function bareNumberUnit(fields: number | undefined): string {
  if (fields === undefined || (fields & FIELD.second) !== 0) return 'second';
  if ((fields & FIELD.minute) !== 0) return 'minute';
  if ((fields & FIELD.hour) !== 0) return 'hour';
  if ((fields & FIELD.day) !== 0) return 'day';
  if ((fields & FIELD.month) !== 0) return 'month';
  return 'year';
}

/** Drops what lies below a field range's rightmost field, as PostgreSQL's AdjustIntervalForTypmod. */
export function intervalForFields(v: Interval, fields: number | undefined): Interval {
  if (fields === undefined || (fields & FIELD.second) !== 0) return v;
  const unit = bareNumberUnit(fields);
  if (unit === 'year') return { months: Math.trunc(v.months / 12) * 12, days: 0, micros: 0 };
  if (unit === 'month') return { months: v.months, days: 0, micros: 0 };
  if (unit === 'day') return { months: v.months, days: v.days, micros: 0 };
  const step = unit === 'hour' ? MICROS_PER_HOUR : MICROS_PER_MINUTE;
  return { months: v.months, days: v.days, micros: Math.trunc(v.micros / step) * step };
}

/**
 * Parses interval input: `1 day 2 hours`, `-1 year +3 mons`, `01:02:03`, `P1Y2M`, `@ 3 days ago`;
 * `fields` is a field range (INTERVAL '90' DAY) deciding a bare number's unit and the precision kept.
 */
export function parseInterval(text: string, fields?: number): Interval {
  return intervalForFields(parseIntervalText(text, fields), fields);
}

function parseIntervalText(text: string, fields: number | undefined): Interval {
  const trimmed = text.trim();
  const acc = { months: 0, days: 0, micros: 0 };
  const iso = ISO8601.exec(trimmed);
  if (iso && trimmed.length > 1) {
    const units = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];
    iso.slice(1).forEach((v, i) => {
      if (v !== undefined) addUnit(acc, Number(v), units[i]!);
    });
    return finish(acc);
  }
  let tokens = trimmed
    .replace(/^@\s*/, '')
    .split(/\s+/)
    .filter((t) => t !== '');
  let negateAll = false;
  if (tokens.length > 0 && tokens[tokens.length - 1]!.toLowerCase() === 'ago') {
    negateAll = true;
    tokens = tokens.slice(0, -1);
  }
  if (tokens.length === 0) throw badInterval(text);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const time = TIME_PART.exec(token);
    if (time) {
      const sign = time[1] === '-' ? -1 : 1;
      const micros =
        Number(time[2]) * MICROS_PER_HOUR +
        Number(time[3]) * MICROS_PER_MINUTE +
        Number(time[4] ?? 0) * MICROS_PER_SECOND;
      acc.micros += sign * micros;
      continue;
    }
    const yearMonth = YEAR_MONTH.exec(token);
    if (yearMonth) {
      const sign = yearMonth[1] === '-' ? -1 : 1;
      acc.months += sign * (Number(yearMonth[2]) * 12 + Number(yearMonth[3]));
      continue;
    }
    // A number glued to its unit ('5days') or followed by one.
    const glued = /^([+-]?\d*\.?\d+(?:e[+-]?\d+)?)([a-z]+)$/i.exec(token);
    let value: number;
    let unitText: string | undefined;
    if (glued) {
      value = Number(glued[1]);
      unitText = glued[2];
    } else {
      value = Number(token);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(token) || Number.isNaN(value))
        throw badInterval(text);
      unitText = tokens[i + 1];
      if (unitText !== undefined && TIME_PART.test(unitText)) {
        // SQL's day-time literal: `1 02:03:04` is 1 day and a time.
        addUnit(acc, value, 'day');
        continue;
      }
      if (unitText === undefined) {
        // A trailing bare number counts in the range's rightmost field (seconds without a range).
        addUnit(acc, value, bareNumberUnit(fields));
        continue;
      }
      i++;
    }
    const unit = normalizeUnit(unitText!);
    if (unit === undefined) throw badInterval(text);
    addUnit(acc, value, unit);
  }
  const result = finish(acc);
  return negateAll ? intervalNeg(result) : result;
}

function finish(acc: { months: number; days: number; micros: number }): Interval {
  return { months: Math.round(acc.months), days: Math.round(acc.days), micros: Math.round(acc.micros) };
}

/** Total seconds with 365.25-day years and 30-day months, as extract(epoch from interval). */
export function intervalEpochSeconds(a: Interval): number {
  const years = Math.trunc(a.months / 12);
  const months = a.months % 12;
  return years * 365.25 * 86400 + months * 30 * 86400 + a.days * 86400 + a.micros / MICROS_PER_SECOND;
}
