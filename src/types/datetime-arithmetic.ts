// Adding intervals to dates and timestamps, and differences between them, as PostgreSQL computes them.

import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  MICROS_PER_DAY,
  splitTimestamp,
  type TimeZone,
} from './datetime.js';
import { type Interval, justifyHours } from './interval.js';

/** Adds months to a day number, clamping the day of month (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsToDays(days: number, months: number): number {
  if (months === 0) return days;
  const c = civilFromDays(days);
  const total = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return daysFromCivil(year, month, Math.min(c.day, daysInMonth(year, month)));
}

export function timestampPlusInterval(micros: number, i: Interval): number {
  if (!Number.isFinite(micros)) return micros;
  let { days, time } = splitTimestamp(micros);
  days = addMonthsToDays(days, i.months) + i.days;
  time += i.micros;
  return days * MICROS_PER_DAY + time;
}

/** timestamptz + interval: months and days move the local wall clock in the session zone. */
export function timestamptzPlusInterval(micros: number, i: Interval, zone: TimeZone): number {
  if (!Number.isFinite(micros)) return micros;
  let result = micros;
  if (i.months !== 0 || i.days !== 0) {
    const local = micros + zone.offsetAt(micros) * 1_000_000;
    const { days, time } = splitTimestamp(local);
    const moved = (addMonthsToDays(days, i.months) + i.days) * MICROS_PER_DAY + time;
    result = zone.localToUtc(moved);
  }
  return result + i.micros;
}

export function timestampDifference(a: number, b: number): Interval {
  return justifyHours({ months: 0, days: 0, micros: a - b });
}

/** age(a, b): symbolic years, months and days between two timestamps. */
export function age(a: number, b: number): Interval {
  const negative = a < b;
  const [hi, lo] = negative ? [b, a] : [a, b];
  const x = splitTimestamp(hi);
  const y = splitTimestamp(lo);
  const cx = civilFromDays(x.days);
  const cy = civilFromDays(y.days);
  let micros = x.time - y.time;
  let day = cx.day - cy.day;
  let month = cx.month - cy.month;
  let year = cx.year - cy.year;
  if (micros < 0) {
    micros += MICROS_PER_DAY;
    day--;
  }
  while (day < 0) {
    // Borrow the length of the month before hi's month, as PostgreSQL does.
    const pm = cx.month === 1 ? 12 : cx.month - 1;
    const py = cx.month === 1 ? cx.year - 1 : cx.year;
    day += daysInMonth(py, pm);
    month--;
  }
  while (month < 0) {
    month += 12;
    year--;
  }
  const result = { months: year * 12 + month, days: day, micros };
  return negative ? { months: -result.months, days: -result.days, micros: -result.micros } : result;
}
