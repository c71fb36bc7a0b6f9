// date_trunc(field, source [, zone]): timestamps truncated to a unit (in the session zone, or the
// given zone, for timestamptz) and intervals with their smaller fields zeroed.

import { Types } from '../../types/data-type.js';
import {
  civilFromDays,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  type TimeZone,
} from '../../types/datetime.js';
import type { Interval } from '../../types/interval.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import {
  cdiv,
  daysFromJulian,
  intervalTm,
  isoWeek,
  isoWeekToJulian,
  localToUtc,
  memoZone,
  tmFromMicros,
  tmToMicros,
  utcToLocal,
} from './calendar.js';
import { decodeUnit, type Unit, unitNotRecognized, unitNotSupported } from './datetime-units.js';
import { zoneByName } from './zone-names.js';

const { text, timestamp, timestamptz, interval } = Types;

const ORDER: readonly Unit[] = [
  'millennium',
  'century',
  'decade',
  'year',
  'quarter',
  'month',
  'day',
  'hour',
  'minute',
  'second',
];

function truncUnit(field: string, typeName: string): Unit {
  const d = decodeUnit(field);
  if (d.kind !== 'units' || !d.delta) throw unitNotRecognized(d.name, typeName);
  const unit = d.unit!;
  if (unit === 'week' || unit === 'milliseconds' || unit === 'microseconds' || ORDER.includes(unit))
    return unit;
  throw unitNotSupported(d.name, typeName);
}

/** Whether truncating to `unit` clears the field at position `level` of ORDER (or anything below). */
function clears(unit: Unit, level: Unit): boolean {
  const u = ORDER.indexOf(unit);
  return u !== -1 && u <= ORDER.indexOf(level);
}

/**
 * Truncates local wall time `micros`; `redo` is set when the result starts a day or longer, whose
 * zone offset must be looked up again.
 */
function truncateLocal(unit: Unit, micros: number): { micros: number; redo: boolean } {
  const tm = tmFromMicros(micros);
  if (unit === 'week') {
    const week = isoWeek(tm.year, tm.month, tm.day);
    let year = tm.year;
    if (week >= 52 && tm.month === 1) year--;
    if (week <= 1 && tm.month === 12) year++;
    const days = daysFromJulian(isoWeekToJulian(year, week));
    const c = civilFromDays(days);
    return { micros: tmToMicros({ ...c, hour: 0, minute: 0, second: 0, fsec: 0 }), redo: true };
  }
  const y = tm.year;
  if (unit === 'millennium')
    tm.year = y > 0 ? cdiv(y + 999, 1000) * 1000 - 999 : -cdiv(999 - (y - 1), 1000) * 1000 + 1;
  if (unit === 'century') tm.year = y > 0 ? cdiv(y + 99, 100) * 100 - 99 : -cdiv(99 - (y - 1), 100) * 100 + 1;
  if (unit === 'decade') tm.year = y > 0 ? cdiv(y, 10) * 10 : -cdiv(8 - (y - 1), 10) * 10;
  if (clears(unit, 'year')) tm.month = 1;
  if (clears(unit, 'quarter')) tm.month = 3 * cdiv(tm.month - 1, 3) + 1;
  if (clears(unit, 'month')) tm.day = 1;
  if (clears(unit, 'day')) tm.hour = 0;
  if (clears(unit, 'hour')) tm.minute = 0;
  if (clears(unit, 'minute')) tm.second = 0;
  if (clears(unit, 'second')) tm.fsec = 0;
  if (unit === 'milliseconds') tm.fsec = Math.floor(tm.fsec / 1000) * 1000;
  return { micros: tmToMicros(tm), redo: clears(unit, 'day') };
}

function truncTimestamp(field: string, micros: number): number {
  if (!Number.isFinite(micros)) return micros;
  return truncateLocal(truncUnit(field, 'timestamp without time zone'), micros).micros;
}

function truncTimestamptz(field: string, micros: number, zone: TimeZone): number {
  if (!Number.isFinite(micros)) return micros;
  const unit = truncUnit(field, 'timestamp with time zone');
  const offset = zone.offsetAt(micros);
  const local = utcToLocal(zone, micros);
  const r = truncateLocal(unit, local);
  // Units below a day keep the offset of the original instant, as PostgreSQL does.
  return r.redo ? localToUtc(zone, r.micros) : r.micros - offset * MICROS_PER_SECOND;
}

function truncInterval(field: string, i: Interval): Interval {
  const d = decodeUnit(field);
  if (d.kind !== 'units' || !d.delta) throw unitNotRecognized(d.name, 'interval');
  const unit = d.unit!;
  if (unit === 'week') throw unitNotSupported(d.name, 'interval', 'Months usually have fractional weeks.');
  if (!ORDER.includes(unit) && unit !== 'milliseconds' && unit !== 'microseconds') {
    throw unitNotSupported(d.name, 'interval');
  }
  const tm = intervalTm(i);
  if (unit === 'millennium') tm.year = cdiv(tm.year, 1000) * 1000;
  if (unit === 'century') tm.year = cdiv(tm.year, 100) * 100;
  if (unit === 'decade') tm.year = cdiv(tm.year, 10) * 10;
  if (clears(unit, 'year')) tm.month = 0;
  if (clears(unit, 'quarter')) tm.month = 3 * cdiv(tm.month, 3);
  if (clears(unit, 'month')) tm.day = 0;
  if (clears(unit, 'day')) tm.hour = 0;
  if (clears(unit, 'hour')) tm.minute = 0;
  if (clears(unit, 'minute')) tm.second = 0;
  if (clears(unit, 'second')) tm.fsec = 0;
  if (unit === 'milliseconds') tm.fsec = cdiv(tm.fsec, 1000) * 1000;
  return {
    months: tm.year * 12 + tm.month,
    days: tm.day,
    micros:
      tm.hour * MICROS_PER_HOUR + tm.minute * MICROS_PER_MINUTE + tm.second * MICROS_PER_SECOND + tm.fsec,
  };
}

export const dateTrunc: ScalarDefinition = {
  kind: 'scalar',
  name: 'date_trunc',
  // The timestamptz overload truncates in the session time zone.
  stable: true,
  description: 'Truncates a timestamp or interval to the given unit (year, month, day, hour …).',
  example: "SELECT date_trunc('month', timestamp '2024-05-17 10:30')",
  overloads: [
    {
      args: [text, timestamp],
      returns: timestamp,
      kernel: () => valueKernel(timestamp, (v) => truncTimestamp(v[0] as string, v[1] as number)),
    },
    {
      args: [text, timestamptz],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v, ctx) =>
          truncTimestamptz(v[0] as string, v[1] as number, memoZone(ctx.timeZone)),
        ),
    },
    {
      args: [text, timestamptz, text],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v) => {
          const micros = v[1] as number;
          if (!Number.isFinite(micros)) return micros;
          return truncTimestamptz(v[0] as string, micros, zoneByName(v[2] as string));
        }),
    },
    {
      args: [text, interval],
      returns: interval,
      kernel: () => valueKernel(interval, (v) => truncInterval(v[0] as string, v[1] as Interval)),
    },
  ],
};
