// Field names for extract, date_part and date_trunc, read as PostgreSQL's DecodeUnits and
// DecodeSpecial read them (lower-cased, only the first 10 characters significant), and the errors
// for fields a type does not have.

import { LarchError, SqlState } from '../../engine/errors.js';

export type Unit =
  | 'microseconds'
  | 'milliseconds'
  | 'second'
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'year'
  | 'decade'
  | 'century'
  | 'millennium'
  | 'timezone'
  | 'timezone_hour'
  | 'timezone_minute'
  | 'dow'
  | 'doy'
  | 'isodow'
  | 'isoyear'
  | 'julian'
  | 'epoch';

/**
 * A decoded field name: `units` for fields (from either table), `reserved` for special words
 * (epoch, infinity, now …), `other` for words that are not units at all.
 */
export interface DecodedUnit {
  readonly kind: 'units' | 'reserved' | 'other';
  /** The unit, or null for reserved words other than epoch. */
  readonly unit: Unit | null;
  /** True when the name came from the interval-unit table (the only one date_trunc reads). */
  readonly delta: boolean;
  /** The lower-cased name, as error messages show it. */
  readonly name: string;
}

const TOKMAXLEN = 10;

const DELTA_UNITS: Record<string, Unit> = {};
function add(unit: Unit, names: string): void {
  for (const n of names.split(' ')) DELTA_UNITS[n] = unit;
}
add('century', 'c cent centuries century');
add('day', 'd day days');
add('decade', 'dec decade decades decs');
add('hour', 'h hour hours hr hrs');
add('minute', 'm min mins minute minutes');
add('microseconds', 'microsecon us usec useconds usecs microsecond');
add('millennium', 'mil millennia millennium mils');
add('milliseconds', 'millisecon ms msec mseconds msecs millisecond');
add('month', 'mon mons month months');
add('quarter', 'qtr quarter');
add('second', 's sec second seconds secs');
add('timezone', 'timezone');
add('timezone_hour', 'timezone_h');
add('timezone_minute', 'timezone_m');
add('week', 'w week weeks');
add('year', 'y year years yr yrs');

const SPECIAL_UNITS: Record<string, Unit> = {
  dow: 'dow',
  doy: 'doy',
  isodow: 'isodow',
  isoyear: 'isoyear',
  j: 'julian',
  jd: 'julian',
  julian: 'julian',
};

const RESERVED = new Set([
  'epoch',
  'infinity',
  '-infinity',
  'now',
  'today',
  'tomorrow',
  'yesterday',
  'allballs',
]);

/** PostgreSQL lower-cases unit names with downcase_truncate_identifier (ASCII letters only). */
function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function decodeUnit(text: string): DecodedUnit {
  const name = lowerAscii(text);
  const key = name.slice(0, TOKMAXLEN);
  const delta = DELTA_UNITS[key];
  if (delta !== undefined) return { kind: 'units', unit: delta, delta: true, name };
  const special = SPECIAL_UNITS[key];
  if (special !== undefined) return { kind: 'units', unit: special, delta: false, name };
  if (RESERVED.has(key))
    return { kind: 'reserved', unit: key === 'epoch' ? 'epoch' : null, delta: false, name };
  return { kind: 'other', unit: null, delta: false, name };
}

export function unitNotRecognized(name: string, typeName: string): LarchError {
  return new LarchError(SqlState.invalidParameterValue, `unit "${name}" not recognized for type ${typeName}`);
}

export function unitNotSupported(name: string, typeName: string, detail?: string): LarchError {
  return new LarchError(
    SqlState.featureNotSupported,
    `unit "${name}" not supported for type ${typeName}`,
    detail === undefined ? {} : { detail },
  );
}
