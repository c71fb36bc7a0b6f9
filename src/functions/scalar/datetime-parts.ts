// The fields extract() and date_part() read from dates, times, timestamps and intervals, computed
// as PostgreSQL 15 does: exact numerics (with its result scales) for extract, doubles for date_part.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import {
  DATE_INFINITY,
  DATE_NEG_INFINITY,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
} from '../../types/datetime.js';
import { decimalAdd, decimalDiv, type Decimal } from '../../types/decimal.js';
import type { Interval } from '../../types/interval.js';
import {
  cdiv,
  cmod,
  dateToJulian,
  intervalTm,
  isoWeek,
  isoYear,
  julianDay,
  tmFromDays,
  tmFromMicros,
  type Tm,
} from './calendar.js';
import { decodeUnit, type Unit, unitNotRecognized, unitNotSupported } from './datetime-units.js';

const TIMESTAMP = 'timestamp without time zone';
const TIMESTAMPTZ = 'timestamp with time zone';

function int(v: number, numeric: boolean): Scalar {
  return numeric ? ({ m: BigInt(v), s: 0 } satisfies Decimal) : v;
}

/** value = mantissa / 10^scale; the double is computed separately, as PostgreSQL does. */
function scaled(mantissa: number, scale: number, numeric: boolean, float: number): Scalar {
  return numeric ? ({ m: BigInt(mantissa), s: scale } satisfies Decimal) : float;
}

function infinity(negative: boolean, numeric: boolean): Scalar {
  if (numeric) {
    throw new LarchError(SqlState.featureNotSupported, 'numeric infinity is not supported');
  }
  return negative ? -Infinity : Infinity;
}

const OSCILLATING = new Set<Unit>([
  'microseconds',
  'milliseconds',
  'second',
  'minute',
  'hour',
  'day',
  'month',
  'quarter',
  'week',
  'dow',
  'isodow',
  'doy',
  'timezone',
  'timezone_minute',
  'timezone_hour',
]);
const MONOTONIC = new Set<Unit>(['year', 'decade', 'century', 'millennium', 'julian', 'isoyear', 'epoch']);

/** Fields every calendar date has, shared by dates and timestamps. */
function calendarField(unit: Unit, tm: Tm): number | undefined {
  const y = tm.year;
  switch (unit) {
    case 'day':
      return tm.day;
    case 'month':
      return tm.month;
    case 'quarter':
      return cdiv(tm.month - 1, 3) + 1;
    case 'week':
      return isoWeek(y, tm.month, tm.day);
    case 'year':
      return y > 0 ? y : y - 1;
    case 'decade':
      return y >= 0 ? cdiv(y, 10) : -cdiv(8 - (y - 1), 10);
    case 'century':
      return y > 0 ? cdiv(y + 99, 100) : -cdiv(99 - (y - 1), 100);
    case 'millennium':
      return y > 0 ? cdiv(y + 999, 1000) : -cdiv(999 - (y - 1), 1000);
    case 'isoyear': {
      const iy = isoYear(y, tm.month, tm.day);
      return iy <= 0 ? iy - 1 : iy;
    }
    case 'dow':
      return tm.wday;
    case 'isodow':
      return tm.wday === 0 ? 7 : tm.wday;
    case 'doy':
      return tm.yday;
    default:
      return undefined;
  }
}

/** extract(field FROM date): integers only; clock fields are errors. */
export function datePart(field: string, days: number): Scalar {
  const d = decodeUnit(field);
  if (d.kind === 'other') throw unitNotRecognized(d.name, 'date');
  const unit = d.unit;
  if (days === DATE_INFINITY || days === DATE_NEG_INFINITY) {
    if (unit !== null && ['day', 'month', 'quarter', 'week', 'dow', 'isodow', 'doy'].includes(unit))
      return null;
    if (unit !== null && MONOTONIC.has(unit)) return infinity(days === DATE_NEG_INFINITY, true);
    throw unitNotSupported(d.name, 'date');
  }
  if (d.kind === 'reserved') {
    if (unit === 'epoch') return int(days * 86400, true);
    throw unitNotSupported(d.name, 'date');
  }
  if (unit === 'julian') return int(julianDay(days), true);
  const v = unit === null ? undefined : calendarField(unit, tmFromDays(days));
  if (v === undefined) throw unitNotSupported(d.name, 'date');
  return int(v, true);
}

/**
 * extract(field FROM date) over a column of finite dates with a calendar field (year, month, …),
 * the field decoded once: the values as integer mantissas (scale 0); null for other fields or
 * when a date is infinite, which take the per-value path.
 */
export function datePartColumn(field: string, days: Int32Array, n: number): Float64Array | null {
  const d = decodeUnit(field);
  if (d.kind !== 'units' || d.unit === null || d.unit === 'julian') return null;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const day = days[i]!;
    if (day === DATE_INFINITY || day === DATE_NEG_INFINITY) return null;
    const v = calendarField(d.unit, tmFromDays(day));
    if (v === undefined) return null;
    out[i] = v;
  }
  return out;
}

/**
 * extract/date_part from a timestamp; `offset` is the zone offset in seconds east for timestamptz
 * (whose `micros` are then UTC), null for timestamp without time zone.
 */
export function timestampPart(
  field: string,
  micros: number,
  offset: number | null,
  numeric: boolean,
): Scalar {
  const typeName = offset === null ? TIMESTAMP : TIMESTAMPTZ;
  const d = decodeUnit(field);
  if (d.kind === 'other') throw unitNotRecognized(d.name, typeName);
  const unit = d.unit;
  if (!Number.isFinite(micros)) {
    if (unit !== null && OSCILLATING.has(unit)) return null;
    if (unit !== null && MONOTONIC.has(unit)) return infinity(micros < 0, numeric);
    throw unitNotSupported(d.name, typeName);
  }
  if (d.kind === 'reserved') {
    if (unit !== 'epoch') throw unitNotSupported(d.name, typeName);
    return scaled(micros, 6, numeric, micros / 1_000_000);
  }
  const local = offset === null ? micros : micros + offset * MICROS_PER_SECOND;
  const tm = tmFromMicros(local);
  const secMicros = tm.second * MICROS_PER_SECOND + tm.fsec;
  switch (unit) {
    case 'microseconds':
      return int(secMicros, numeric);
    case 'milliseconds':
      return scaled(secMicros, 3, numeric, tm.second * 1000 + tm.fsec / 1000);
    case 'second':
      return scaled(secMicros, 6, numeric, tm.second + tm.fsec / 1_000_000);
    case 'minute':
      return int(tm.minute, numeric);
    case 'hour':
      return int(tm.hour, numeric);
    case 'julian': {
      const j = dateToJulian(tm.year, tm.month, tm.day);
      const dayMicros = ((tm.hour * 60 + tm.minute) * 60 + tm.second) * MICROS_PER_SECOND + tm.fsec;
      if (!numeric) return j + ((tm.hour * 60 + tm.minute) * 60 + tm.second + tm.fsec / 1_000_000) / 86400;
      const frac = decimalDiv({ m: BigInt(dayMicros), s: 0 }, { m: BigInt(MICROS_PER_DAY), s: 0 });
      return decimalAdd({ m: BigInt(j), s: 0 }, frac);
    }
    case 'timezone':
    case 'timezone_hour':
    case 'timezone_minute': {
      if (offset === null) throw unitNotSupported(d.name, typeName);
      if (unit === 'timezone') return int(offset, numeric);
      if (unit === 'timezone_hour') return int(cdiv(offset, 3600), numeric);
      return int(cmod(cdiv(offset, 60), 60), numeric);
    }
    default: {
      const v = unit === null ? undefined : calendarField(unit, tm);
      if (v === undefined) throw unitNotSupported(d.name, typeName);
      return int(v, numeric);
    }
  }
}

/** extract/date_part from a time of day (microseconds since midnight). */
export function timePart(field: string, micros: number, numeric: boolean): Scalar {
  const typeName = 'time without time zone';
  const d = decodeUnit(field);
  if (d.kind === 'reserved' && d.unit === 'epoch') return scaled(micros, 6, numeric, micros / 1_000_000);
  if (d.kind !== 'units') throw unitNotRecognized(d.name, typeName);
  const hour = Math.floor(micros / MICROS_PER_HOUR);
  const minute = Math.floor((micros - hour * MICROS_PER_HOUR) / MICROS_PER_MINUTE);
  const secMicros = micros - hour * MICROS_PER_HOUR - minute * MICROS_PER_MINUTE;
  const second = Math.floor(secMicros / MICROS_PER_SECOND);
  const fsec = secMicros - second * MICROS_PER_SECOND;
  switch (d.unit) {
    case 'microseconds':
      return int(secMicros, numeric);
    case 'milliseconds':
      return scaled(secMicros, 3, numeric, second * 1000 + fsec / 1000);
    case 'second':
      return scaled(secMicros, 6, numeric, second + fsec / 1_000_000);
    case 'minute':
      return int(minute, numeric);
    case 'hour':
      return int(hour, numeric);
    default:
      throw unitNotSupported(d.name, typeName);
  }
}

/** extract/date_part from an interval: fields as interval2tm splits them, epoch with 365.25-day years. */
export function intervalPart(field: string, i: Interval, numeric: boolean): Scalar {
  const d = decodeUnit(field);
  if (d.kind === 'reserved' && d.unit === 'epoch') {
    if (!numeric) {
      let r = i.micros / 1_000_000;
      r += 365.25 * 86400 * cdiv(i.months, 12);
      r += 30 * 86400 * cmod(i.months, 12);
      r += 86400 * i.days;
      return r;
    }
    // Whole days as seconds, times 4 so that 365.25-day years stay integral.
    const quarterDays = 1461 * cdiv(i.months, 12) + 120 * cmod(i.months, 12) + 4 * i.days;
    const m = BigInt(quarterDays) * 21600n * 1_000_000n + BigInt(i.micros);
    return { m, s: 6 } satisfies Decimal;
  }
  if (d.kind !== 'units') throw unitNotRecognized(d.name, 'interval');
  const tm = intervalTm(i);
  const secMicros = tm.second * MICROS_PER_SECOND + tm.fsec;
  switch (d.unit) {
    case 'microseconds':
      return int(secMicros, numeric);
    case 'milliseconds':
      return scaled(secMicros, 3, numeric, tm.second * 1000 + tm.fsec / 1000);
    case 'second':
      return scaled(secMicros, 6, numeric, tm.second + tm.fsec / 1_000_000);
    case 'minute':
      return int(tm.minute, numeric);
    case 'hour':
      return int(tm.hour, numeric);
    case 'day':
      return int(tm.day, numeric);
    case 'month':
      return int(tm.month, numeric);
    case 'quarter':
      return int(cdiv(tm.month, 3) + 1, numeric);
    case 'year':
      return int(tm.year, numeric);
    case 'decade':
      return int(cdiv(tm.year, 10), numeric);
    case 'century':
      return int(cdiv(tm.year, 100), numeric);
    case 'millennium':
      return int(cdiv(tm.year, 1000), numeric);
    default:
      throw unitNotSupported(d.name, 'interval');
  }
}
