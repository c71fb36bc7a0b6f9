// age, justify_days/hours/interval, isfinite, date_bin and timezone() (AT TIME ZONE), computed as
// PostgreSQL 15 computes them.

import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import {
  DATE_INFINITY,
  DATE_NEG_INFINITY,
  daysInMonth,
  MICROS_PER_DAY,
  MICROS_PER_SECOND,
  type TimeZone,
} from '../../types/datetime.js';
import { formatInterval, type Interval, justifyDays, justifyHours } from '../../types/interval.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import { cdiv, localToUtc, memoZone, tmFromMicros, utcToLocal } from './calendar.js';
import { zoneByName } from './zone-names.js';

const { text, date, timestamp, timestamptz, interval, bool } = Types;

/** age(a, b) over local wall times: field-wise differences with borrows, as timestamp_age. */
function ageOf(a: number, b: number): Interval {
  const t1 = tmFromMicros(a);
  const t2 = tmFromMicros(b);
  const sign = a < b ? -1 : 1;
  let fsec = sign * (t1.fsec - t2.fsec);
  let sec = sign * (t1.second - t2.second);
  let min = sign * (t1.minute - t2.minute);
  let hour = sign * (t1.hour - t2.hour);
  let day = sign * (t1.day - t2.day);
  let mon = sign * (t1.month - t2.month);
  let year = sign * (t1.year - t2.year);
  if (fsec < 0) {
    fsec += MICROS_PER_SECOND;
    sec--;
  }
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  // Borrowed days come from the month of the earlier timestamp.
  const earlier = a < b ? t1 : t2;
  while (day < 0) {
    day += daysInMonth(earlier.year, earlier.month);
    mon--;
  }
  while (mon < 0) {
    mon += 12;
    year--;
  }
  const micros = ((hour * 60 + min) * 60 + sec) * MICROS_PER_SECOND + fsec;
  return { months: sign * (year * 12 + mon) || 0, days: sign * day || 0, micros: sign * micros || 0 };
}

function finiteOrError(micros: number): number {
  if (!Number.isFinite(micros)) {
    throw new LarchError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
  }
  return micros;
}

function localToday(ctx: EvalContext): number {
  return Math.floor(utcToLocal(ctx.timeZone, ctx.transactionTime) / MICROS_PER_DAY) * MICROS_PER_DAY;
}

function zonedAge(a: number, b: number, zone: TimeZone): Interval {
  return ageOf(utcToLocal(zone, finiteOrError(a)), utcToLocal(zone, finiteOrError(b)));
}

export const age: ScalarDefinition = {
  kind: 'scalar',
  name: 'age',
  stable: true,
  description:
    'Difference between timestamps in years, months and days (from midnight today with one argument).',
  example: "SELECT age(timestamp '2024-05-17', timestamp '1990-01-31')",
  overloads: [
    {
      args: [timestamp, timestamp],
      returns: interval,
      kernel: () =>
        valueKernel(interval, (v) => ageOf(finiteOrError(v[0] as number), finiteOrError(v[1] as number))),
    },
    {
      args: [timestamptz, timestamptz],
      returns: interval,
      kernel: () =>
        valueKernel(interval, (v, ctx) => zonedAge(v[0] as number, v[1] as number, memoZone(ctx.timeZone))),
    },
    {
      args: [timestamp],
      returns: interval,
      kernel: () => valueKernel(interval, (v, ctx) => ageOf(localToday(ctx), finiteOrError(v[0] as number))),
    },
    {
      args: [timestamptz],
      returns: interval,
      kernel: () =>
        valueKernel(interval, (v, ctx) =>
          zonedAge(localToUtc(ctx.timeZone, localToday(ctx)), v[0] as number, memoZone(ctx.timeZone)),
        ),
    },
  ],
};

/** justify_interval as PostgreSQL 15: days and time settle to the sign of the whole interval. */
function justifyInterval(a: Interval): Interval {
  let { months, days, micros } = a;
  if ((days > 0 && micros > 0) || (days < 0 && micros < 0)) {
    const wholeMonths = cdiv(days, 30);
    days -= wholeMonths * 30;
    months += wholeMonths;
  }
  const wholeDays = cdiv(micros, MICROS_PER_DAY);
  micros -= wholeDays * MICROS_PER_DAY;
  days += wholeDays;
  const wholeMonths = cdiv(days, 30);
  days -= wholeMonths * 30;
  months += wholeMonths;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0))) {
    days += 30;
    months--;
  } else if (months < 0 && (days > 0 || (days === 0 && micros > 0))) {
    days -= 30;
    months++;
  }
  if (days > 0 && micros < 0) {
    micros += MICROS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0) {
    micros -= MICROS_PER_DAY;
    days++;
  }
  return { months: months || 0, days: days || 0, micros: micros || 0 };
}

function intervalFn(name: string, description: string, fn: (i: Interval) => Interval): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    description,
    example: `SELECT ${name}(interval '35 days 27 hours')`,
    overloads: [
      {
        args: [interval],
        returns: interval,
        kernel: () => valueKernel(interval, (v) => fn(v[0] as Interval)),
      },
    ],
  };
}

export const justifyDaysFunction = intervalFn(
  'justify_days',
  'Turns each 30 days into a month.',
  justifyDays,
);
export const justifyHoursFunction = intervalFn(
  'justify_hours',
  'Turns each 24 hours into a day.',
  justifyHours,
);
export const justifyIntervalFunction = intervalFn(
  'justify_interval',
  'justify_days and justify_hours together, with the signs of the parts made to agree.',
  justifyInterval,
);

export const isfinite: ScalarDefinition = {
  kind: 'scalar',
  name: 'isfinite',
  description: 'False for +/-infinity dates and timestamps.',
  example: "SELECT isfinite(timestamp 'infinity')",
  overloads: [
    {
      args: [date],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => v[0] !== DATE_INFINITY && v[0] !== DATE_NEG_INFINITY),
    },
    { args: [timestamp], returns: bool, kernel: () => valueKernel(bool, (v) => Number.isFinite(v[0])) },
    { args: [timestamptz], returns: bool, kernel: () => valueKernel(bool, (v) => Number.isFinite(v[0])) },
    { args: [interval], returns: bool, kernel: () => valueKernel(bool, () => true) },
  ],
};

/** date_bin(stride, source, origin): the start of the stride-wide bin, counted from origin, holding source. */
function bin(stride: Interval, source: number, origin: number): number {
  if (!Number.isFinite(source)) return source;
  if (!Number.isFinite(origin)) throw new LarchError(SqlState.datetimeFieldOverflow, 'origin out of range');
  if (stride.months !== 0) {
    throw new LarchError(
      SqlState.featureNotSupported,
      'timestamps cannot be binned into intervals containing months or years',
    );
  }
  const width = stride.days * MICROS_PER_DAY + stride.micros;
  if (width <= 0) throw new LarchError(SqlState.datetimeFieldOverflow, 'stride must be greater than zero');
  const diff = source - origin;
  const modulo = diff % width;
  const result = origin + diff - modulo;
  return modulo < 0 ? result - width : result;
}

export const dateBin: ScalarDefinition = {
  kind: 'scalar',
  name: 'date_bin',
  description: 'Truncates a timestamp to the start of a bin of the given width, aligned to an origin.',
  example: "SELECT date_bin('15 minutes', timestamp '2024-05-17 10:38', timestamp '2000-01-01')",
  overloads: [
    {
      args: [interval, timestamp, timestamp],
      returns: timestamp,
      kernel: () => valueKernel(timestamp, (v) => bin(v[0] as Interval, v[1] as number, v[2] as number)),
    },
    {
      args: [interval, timestamptz, timestamptz],
      returns: timestamptz,
      kernel: () => valueKernel(timestamptz, (v) => bin(v[0] as Interval, v[1] as number, v[2] as number)),
    },
  ],
};

/** Seconds east of UTC of an interval used as a zone (AT TIME ZONE INTERVAL '…'). */
function intervalOffset(zone: Interval): number {
  if (zone.months !== 0 || zone.days !== 0) {
    throw new LarchError(
      SqlState.invalidParameterValue,
      `interval time zone "${formatInterval(zone)}" must not include months or days`,
    );
  }
  return Math.trunc(zone.micros / MICROS_PER_SECOND);
}

export const timezone: ScalarDefinition = {
  kind: 'scalar',
  name: 'timezone',
  description:
    'AT TIME ZONE: a timestamp read as wall time in the zone (giving timestamptz), or a timestamptz shown in it.',
  example: "SELECT timestamp '2024-05-17 10:00' AT TIME ZONE 'America/New_York'",
  overloads: [
    {
      args: [text, timestamp],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v) => {
          const local = v[1] as number;
          if (!Number.isFinite(local)) return local;
          return localToUtc(zoneByName(v[0] as string), local);
        }),
    },
    {
      args: [text, timestamptz],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) => {
          const utc = v[1] as number;
          if (!Number.isFinite(utc)) return utc;
          return utcToLocal(zoneByName(v[0] as string), utc);
        }),
    },
    {
      args: [interval, timestamp],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v) => {
          const local = v[1] as number;
          if (!Number.isFinite(local)) return local;
          return local - intervalOffset(v[0] as Interval) * MICROS_PER_SECOND;
        }),
    },
    {
      args: [interval, timestamptz],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) => {
          const utc = v[1] as number;
          if (!Number.isFinite(utc)) return utc;
          return utc + intervalOffset(v[0] as Interval) * MICROS_PER_SECOND;
        }),
    },
  ],
};
