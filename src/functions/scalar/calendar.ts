// Calendar arithmetic the date/time functions share: broken-down times (PostgreSQL's struct pg_tm),
// Julian day numbers, ISO weeks, C-style integer division and the PostgreSQL rule for wall-clock
// times that a DST change skips or repeats.

import {
  civilFromDays,
  daysFromCivil,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  type TimeZone,
} from '../../types/datetime.js';

/** Julian day number of 1970-01-01 (PostgreSQL's UNIX_EPOCH_JDATE). */
export const UNIX_EPOCH_JDATE = 2440588;

/** PostgreSQL's ranges in days since 1970: from 4714-11-24 BC (Julian day 0) up to, excluding, */
export const MIN_DAYS = -UNIX_EPOCH_JDATE;
/** … 5874898-01-01 for dates … */
export const DATE_END_DAYS = 2147483494 - UNIX_EPOCH_JDATE;
/** … and 294277-01-01 for timestamps. */
export const TIMESTAMP_END_DAYS = 109203528 - UNIX_EPOCH_JDATE;

/** Integer division truncating toward zero, as C's `/` on ints. */
export function cdiv(a: number, b: number): number {
  const q = Math.trunc(a / b);
  return q === 0 ? 0 : q;
}

/** Remainder with the sign of the dividend, as C's `%`. */
export function cmod(a: number, b: number): number {
  const r = a % b;
  return r === 0 ? 0 : r;
}

/** A broken-down time: astronomical year (0 = 1 BC), month 1-12, day, clock fields, microseconds. */
export interface Tm {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fsec: number;
  /** Day of week, 0 = Sunday. */
  wday: number;
  /** Day of year, 1-based. */
  yday: number;
}

export function julianDay(days: number): number {
  return days + UNIX_EPOCH_JDATE;
}

export function dateToJulian(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day) + UNIX_EPOCH_JDATE;
}

/** Day of week of a Julian day number, 0 = Sunday (PostgreSQL's j2day). */
export function julianWeekday(j: number): number {
  const d = (j + 1) % 7;
  return d < 0 ? d + 7 : d;
}

/** Splits microseconds since the epoch (local wall time) into fields. */
export function tmFromMicros(micros: number): Tm {
  const days = Math.floor(micros / MICROS_PER_DAY);
  const tm = tmFromDays(days);
  let time = micros - days * MICROS_PER_DAY;
  tm.hour = Math.floor(time / MICROS_PER_HOUR);
  time -= tm.hour * MICROS_PER_HOUR;
  tm.minute = Math.floor(time / MICROS_PER_MINUTE);
  time -= tm.minute * MICROS_PER_MINUTE;
  tm.second = Math.floor(time / MICROS_PER_SECOND);
  tm.fsec = time - tm.second * MICROS_PER_SECOND;
  return tm;
}

export function tmFromDays(days: number): Tm {
  const c = civilFromDays(days);
  return {
    year: c.year,
    month: c.month,
    day: c.day,
    hour: 0,
    minute: 0,
    second: 0,
    fsec: 0,
    wday: julianWeekday(julianDay(days)),
    yday: days - daysFromCivil(c.year, 1, 1) + 1,
  };
}

/** Microseconds since the epoch of a broken-down time (fields may be out of their usual ranges). */
export function tmToMicros(
  tm: Pick<Tm, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fsec'>,
): number {
  const days = daysFromCivil(tm.year, tm.month, tm.day);
  return (
    days * MICROS_PER_DAY +
    tm.hour * MICROS_PER_HOUR +
    tm.minute * MICROS_PER_MINUTE +
    tm.second * MICROS_PER_SECOND +
    tm.fsec
  );
}

/** Julian day of the Monday that starts ISO week `week` of ISO year `year` (isoweek2j). */
export function isoWeekToJulian(year: number, week: number): number {
  const day4 = dateToJulian(year, 1, 4);
  const day0 = julianWeekday(day4 - 1);
  return (week - 1) * 7 + (day4 - day0);
}

/** ISO 8601 week number of a date (date2isoweek). */
export function isoWeek(year: number, month: number, day: number): number {
  const dayn = dateToJulian(year, month, day);
  let day4 = dateToJulian(year, 1, 4);
  let day0 = julianWeekday(day4 - 1);
  if (dayn < day4 - day0) {
    day4 = dateToJulian(year - 1, 1, 4);
    day0 = julianWeekday(day4 - 1);
  }
  let result = Math.floor((dayn - (day4 - day0)) / 7) + 1;
  if (result >= 52) {
    day4 = dateToJulian(year + 1, 1, 4);
    day0 = julianWeekday(day4 - 1);
    if (dayn >= day4 - day0) result = Math.floor((dayn - (day4 - day0)) / 7) + 1;
  }
  return result;
}

/** ISO 8601 week-numbering year of a date (date2isoyear), astronomical. */
export function isoYear(year: number, month: number, day: number): number {
  const dayn = dateToJulian(year, month, day);
  let day4 = dateToJulian(year, 1, 4);
  let day0 = julianWeekday(day4 - 1);
  if (dayn < day4 - day0) {
    day4 = dateToJulian(year - 1, 1, 4);
    day0 = julianWeekday(day4 - 1);
    year--;
  }
  const result = Math.floor((dayn - (day4 - day0)) / 7) + 1;
  if (result >= 52) {
    day4 = dateToJulian(year + 1, 1, 4);
    day0 = julianWeekday(day4 - 1);
    if (dayn >= day4 - day0) year++;
  }
  return year;
}

/** Day of the ISO week-numbering year, 1-371 (date2isoyearday). */
export function isoYearDay(year: number, month: number, day: number): number {
  return dateToJulian(year, month, day) - isoWeekToJulian(isoYear(year, month, day), 1) + 1;
}

/** Days since the epoch of a Julian day number. */
export function daysFromJulian(j: number): number {
  return j - UNIX_EPOCH_JDATE;
}

/** The UTC instant of a wall-clock time in `zone` (the zone resolves DST changes as PostgreSQL does). */
export function localToUtc(zone: TimeZone, local: number): number {
  return zone.localToUtc(local);
}

/** Offset (seconds east) PostgreSQL applies to a wall-clock time in `zone`. */
export function localOffset(zone: TimeZone, local: number): number {
  if (!Number.isFinite(local)) return 0;
  return (local - zone.localToUtc(local)) / MICROS_PER_SECOND;
}

/** The local wall time of a UTC instant in `zone`. */
export function utcToLocal(zone: TimeZone, micros: number): number {
  if (!Number.isFinite(micros)) return micros;
  return micros + zone.offsetAt(micros) * MICROS_PER_SECOND;
}

/** An interval's fields as PostgreSQL's interval2tm splits them (each part keeps its own sign). */
export interface IntervalTm {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fsec: number;
}

export function intervalTm(i: { months: number; days: number; micros: number }): IntervalTm {
  let time = i.micros;
  const hour = Math.trunc(time / MICROS_PER_HOUR);
  time -= hour * MICROS_PER_HOUR;
  const minute = Math.trunc(time / MICROS_PER_MINUTE);
  time -= minute * MICROS_PER_MINUTE;
  const second = Math.trunc(time / MICROS_PER_SECOND);
  return {
    year: cdiv(i.months, 12),
    month: cmod(i.months, 12),
    day: i.days,
    hour: hour === 0 ? 0 : hour,
    minute: minute === 0 ? 0 : minute,
    second: second === 0 ? 0 : second,
    fsec: time - second * MICROS_PER_SECOND || 0,
  };
}

const memoized = new WeakMap<TimeZone, TimeZone>();

/**
 * The zone with offsetAt remembered per UTC hour: looking offsets up through Intl is slow, and an
 * hour whose start and end offsets differ (it holds a change) is never remembered.
 */
export function memoZone(zone: TimeZone): TimeZone {
  let m = memoized.get(zone);
  if (m !== undefined) return m;
  const hours = new Map<number, number>();
  m = {
    name: zone.name,
    offsetAt(micros: number): number {
      if (!Number.isFinite(micros)) return zone.offsetAt(micros);
      const hour = Math.floor(micros / MICROS_PER_HOUR);
      const known = hours.get(hour);
      if (known !== undefined) return known;
      const start = zone.offsetAt(hour * MICROS_PER_HOUR);
      if (start !== zone.offsetAt((hour + 1) * MICROS_PER_HOUR - 1)) return zone.offsetAt(micros);
      if (hours.size >= 65536) hours.clear();
      hours.set(hour, start);
      return start;
    },
    localToUtc: (local: number) => zone.localToUtc(local),
  };
  memoized.set(zone, m);
  memoized.set(m, m);
  return m;
}
