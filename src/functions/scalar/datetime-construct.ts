// Building dates, times, timestamps and intervals from fields: make_date, make_time,
// make_timestamp, make_timestamptz, make_interval, and to_timestamp(epoch seconds).

import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import {
  daysFromCivil,
  daysInMonth,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
} from '../../types/datetime.js';
import type { Interval } from '../../types/interval.js';
import type { ScalarDefinition, ScalarOverload } from '../function.js';
import { valueKernel } from '../kernels.js';
import { printfG } from './c-printf.js';
import { DATE_END_DAYS, localToUtc, memoZone, MIN_DAYS, TIMESTAMP_END_DAYS } from './calendar.js';
import { zoneForMake } from './zone-names.js';

const { int4, float8, text, date, time, timestamp, timestamptz, interval } = Types;

function pad2(n: number): string {
  return n < 0 ? `-${String(-n).padStart(2, '0')}` : String(n).padStart(2, '0');
}

/** Days since the epoch of year/month/day with negative years meaning BC; null when out of range. */
function civilDays(year: number, month: number, day: number): number | null {
  if (year === 0) return null;
  const astronomical = year < 0 ? year + 1 : year;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(astronomical, month)) return null;
  return daysFromCivil(astronomical, month, day);
}

function checkDateRange(days: number, message: () => string): void {
  if (days < MIN_DAYS || days >= DATE_END_DAYS)
    throw new LarchError(SqlState.datetimeFieldOverflow, message());
}

function makeDate(year: number, month: number, day: number): number {
  const days = civilDays(year, month, day);
  // PostgreSQL reports the year as its internal BC form (1 BC is 0, 2 BC is -1).
  const shown = year < 0 ? year + 1 : year;
  const fields = `${shown}-${pad2(month)}-${pad2(day)}`;
  if (days === null) {
    throw new LarchError(SqlState.datetimeFieldOverflow, `date field value out of range: ${fields}`);
  }
  checkDateRange(days, () => `date out of range: ${fields}`);
  return days;
}

/** Time of day in microseconds, or null for fields PostgreSQL's float_time_overflows rejects. */
function timeMicros(hour: number, minute: number, sec: number): number | null {
  if (hour < 0 || hour > 24 || minute < 0 || minute >= 60 || Number.isNaN(sec)) return null;
  const micros = roundHalfEven(sec * MICROS_PER_SECOND);
  if (micros < 0 || micros > 60 * MICROS_PER_SECOND) return null;
  const total = hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + micros;
  return total > MICROS_PER_DAY ? null : total;
}

/** C's rint: rounds halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function timeOverflow(hour: number, minute: number, sec: number): LarchError {
  return new LarchError(
    SqlState.datetimeFieldOverflow,
    `time field value out of range: ${hour}:${pad2(minute)}:${printfG(sec, 2)}`,
  );
}

function makeTime(hour: number, minute: number, sec: number): number {
  const micros = timeMicros(hour, minute, sec);
  if (micros === null) throw timeOverflow(hour, minute, sec);
  return micros;
}

function makeTimestamp(v: readonly number[]): number {
  const [year, month, day, hour, minute, sec] = v as [number, number, number, number, number, number];
  const fields = `${year}-${pad2(month)}-${pad2(day)}`;
  const days = civilDays(year, month, day);
  if (days === null) {
    throw new LarchError(SqlState.datetimeFieldOverflow, `date field value out of range: ${fields}`);
  }
  checkDateRange(days, () => `date out of range: ${fields}`);
  const micros = timeMicros(hour, minute, sec);
  if (micros === null) throw timeOverflow(hour, minute, sec);
  if (days >= TIMESTAMP_END_DAYS) {
    throw new LarchError(
      SqlState.datetimeFieldOverflow,
      `timestamp out of range: ${fields} ${hour}:${pad2(minute)}:${printfG(sec, 2)}`,
    );
  }
  return days * MICROS_PER_DAY + micros;
}

export const makeDateFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'make_date',
  description: 'A date from year, month and day (negative years are BC).',
  example: 'SELECT make_date(2024, 5, 17)',
  overloads: [
    {
      args: [int4, int4, int4],
      returns: date,
      kernel: () => valueKernel(date, (v) => makeDate(v[0] as number, v[1] as number, v[2] as number)),
    },
  ],
};

export const makeTimeFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'make_time',
  description: 'A time of day from hour, minute and (fractional) seconds.',
  example: 'SELECT make_time(8, 15, 23.5)',
  overloads: [
    {
      args: [int4, int4, float8],
      returns: time,
      kernel: () => valueKernel(time, (v) => makeTime(v[0] as number, v[1] as number, v[2] as number)),
    },
  ],
};

export const makeTimestampFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'make_timestamp',
  description: 'A timestamp from year, month, day, hour, minute and (fractional) seconds.',
  example: 'SELECT make_timestamp(2024, 5, 17, 8, 15, 23.5)',
  overloads: [
    {
      args: [int4, int4, int4, int4, int4, float8],
      returns: timestamp,
      kernel: () => valueKernel(timestamp, (v) => makeTimestamp(v as number[])),
    },
  ],
};

export const makeTimestamptzFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'make_timestamptz',
  stable: true,
  description: 'A timestamp with time zone from fields, read in the session zone or the given one.',
  example: "SELECT make_timestamptz(2024, 5, 17, 8, 15, 23.5, 'America/New_York')",
  overloads: [
    {
      args: [int4, int4, int4, int4, int4, float8],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v, ctx) =>
          localToUtc(memoZone(ctx.timeZone), makeTimestamp(v as number[])),
        ),
    },
    {
      args: [int4, int4, int4, int4, int4, float8, text],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v) => {
          const local = makeTimestamp(v.slice(0, 6) as number[]);
          return localToUtc(zoneForMake(v[6] as string), local);
        }),
    },
  ],
};

function makeInterval(v: readonly number[]): Interval {
  const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, mins = 0, secs = 0] = v;
  if (!Number.isFinite(secs)) throw new LarchError(SqlState.datetimeFieldOverflow, 'interval out of range');
  return {
    months: years * 12 + months,
    days: weeks * 7 + days,
    micros: hours * MICROS_PER_HOUR + mins * MICROS_PER_MINUTE + roundHalfEven(secs * MICROS_PER_SECOND),
  };
}

const MAKE_INTERVAL_ARGS: DataType[] = [int4, int4, int4, int4, int4, int4, float8];

export const makeIntervalFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'make_interval',
  description: 'An interval from years, months, weeks, days, hours, minutes and seconds (all optional).',
  example: 'SELECT make_interval(1, 2, 0, 3)',
  overloads: MAKE_INTERVAL_ARGS.map((_, k): ScalarOverload => ({
    args: MAKE_INTERVAL_ARGS.slice(0, k + 1),
    returns: interval,
    kernel: () => valueKernel(interval, (v) => makeInterval(v as number[])),
  })).concat([{ args: [], returns: interval, kernel: () => valueKernel(interval, () => makeInterval([])) }]),
};

/** PostgreSQL's epoch (2000-01-01) in seconds since 1970; to_timestamp rounds relative to it. */
const PG_EPOCH_SECONDS = 946684800;

function fromEpochSeconds(seconds: number): number {
  if (Number.isNaN(seconds)) throw new LarchError(SqlState.datetimeFieldOverflow, 'timestamp cannot be NaN');
  if (!Number.isFinite(seconds)) return seconds;
  const min = 86400 * MIN_DAYS;
  const max = 86400 * TIMESTAMP_END_DAYS;
  if (seconds < min || seconds >= max) {
    throw new LarchError(SqlState.datetimeFieldOverflow, `timestamp out of range: "${printfG(seconds)}"`);
  }
  const micros = roundHalfEven((seconds - PG_EPOCH_SECONDS) * MICROS_PER_SECOND);
  return micros + PG_EPOCH_SECONDS * MICROS_PER_SECOND;
}

/** to_timestamp(double precision): defined with to_timestamp(text, text) in to-date.ts. */
export const toTimestampFromEpoch: ScalarOverload = {
  args: [float8],
  returns: timestamptz,
  kernel: () => valueKernel(timestamptz, (v) => fromEpochSeconds(v[0] as number)),
};
