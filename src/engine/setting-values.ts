// Setting values: how a SET value is read, checked and normalized, as PostgreSQL does (booleans,
// enums, integer ranges, quantities with units, DateStyle, client_encoding).

import { LarchError, SqlState } from './errors.js';

/**
 * Returns the normalized value (given the setting's current one) or throws 22023 for a bad one;
 * `name` is the setting as the statement spelled it, which PostgreSQL's messages quote.
 */
export type Validate = (value: string, current: string | undefined, name: string) => string;

export function invalidValue(
  name: string,
  value: string,
  extra?: { hint?: string; detail?: string },
): LarchError {
  return new LarchError(
    SqlState.invalidParameterValue,
    `invalid value for parameter "${name}": "${value}"`,
    extra,
  );
}

export function outOfRange(name: string, shown: string, min: number, max: number): LarchError {
  return new LarchError(
    SqlState.invalidParameterValue,
    `${shown} is outside the valid range for parameter "${name}" (${min} .. ${max})`,
  );
}

/** One of an enum's words, case-insensitive as in PostgreSQL; `hidden` maps spellings it accepts but does not list. */
export function oneOf(values: readonly string[], hidden: Readonly<Record<string, string>> = {}): Validate {
  return (v, _, name) => {
    const lower = v.toLowerCase();
    if (values.includes(lower)) return lower;
    const alias = hidden[lower];
    if (alias !== undefined) return alias;
    throw invalidValue(name, v, { hint: `Available values: ${values.join(', ')}.` });
  };
}

/** parse_bool: true, false, yes, no, on, off, 1, 0 and their unambiguous prefixes, any case. */
export function parseBool(text: string): boolean | null {
  const v = text.toLowerCase();
  if (v === '') return null;
  const prefixOf = (word: string, min = 1) => v.length >= min && word.startsWith(v);
  if (prefixOf('true') || prefixOf('yes') || prefixOf('on', 2) || v === '1') return true;
  if (prefixOf('false') || prefixOf('no') || prefixOf('off', 2) || v === '0') return false;
  return null;
}

export function bool(): Validate {
  return (v, _, name) => {
    const b = parseBool(v);
    if (b === null) {
      throw new LarchError(SqlState.invalidParameterValue, `parameter "${name}" requires a Boolean value`);
    }
    return b ? 'on' : 'off';
  };
}

/** An integer setting within PostgreSQL's range for it (a fraction is rounded, as PostgreSQL does). */
export function integerIn(min: number, max: number): Validate {
  return (v, _, name) => {
    if (!/^\s*[-+]?\d+(\.\d*)?\s*$/.test(v)) throw invalidValue(name, v);
    const n = Math.round(Number(v));
    if (n < min || n > max) throw outOfRange(name, String(n), min, max);
    return String(n);
  };
}

const DATE_STYLES: Readonly<Record<string, string>> = {
  iso: 'ISO',
  sql: 'SQL',
  postgres: 'Postgres',
  german: 'German',
};
const DATE_ORDERS: Readonly<Record<string, string>> = {
  ymd: 'YMD',
  dmy: 'DMY',
  euro: 'DMY',
  european: 'DMY',
  mdy: 'MDY',
  us: 'MDY',
  noneuro: 'MDY',
  noneuropean: 'MDY',
};

/** DateStyle as check_datestyle reads it: an output style and a field order, each kept from the current value when not given. */
export function dateStyle(v: string, current: string | undefined): string {
  const [curStyle, curOrder] = (current ?? 'ISO, MDY').split(/\s*,\s*/);
  let style: string | undefined;
  let order: string | undefined;
  // German implies DMY unless an order is given.
  let impliedOrder: string | undefined;
  const conflict = () => invalidValue('DateStyle', v, { detail: 'Conflicting "datestyle" specifications.' });
  for (const raw of v.split(',')) {
    const token = raw.trim().toLowerCase();
    const s = DATE_STYLES[token];
    const o = DATE_ORDERS[token];
    if (s !== undefined) {
      if (style !== undefined && style !== s) throw conflict();
      style = s;
      if (s === 'German') impliedOrder = 'DMY';
    } else if (o !== undefined) {
      if (order !== undefined && order !== o) throw conflict();
      order = o;
    } else if (token === 'default') {
      style ??= 'ISO';
      order ??= 'MDY';
    } else {
      throw invalidValue('DateStyle', v, { detail: `Unrecognized key word: "${token}".` });
    }
  }
  return `${style ?? curStyle ?? 'ISO'}, ${order ?? impliedOrder ?? curOrder ?? 'MDY'}`;
}

/** Larch speaks UTF-8 only: UTF-8 spellings (and SQL_ASCII, which means no conversion) are accepted. */
export function clientEncoding(v: string): string {
  const normalized = v.toUpperCase().replace(/[-_]/g, '');
  if (normalized === 'UTF8' || normalized === 'UNICODE') return 'UTF8';
  if (normalized === 'SQLASCII') return 'SQL_ASCII';
  throw invalidValue('client_encoding', v, { detail: 'Larch sends and receives UTF8 only.' });
}

export function positiveInteger(name: string, min = 1, max = 1024): (v: string) => string {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new LarchError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`, {
        hint: `Must be an integer between ${min} and ${max}.`,
      });
    }
    return String(n);
  };
}

/** A quantity with a unit, as PostgreSQL writes settings such as '100ms' or '4GB'. */
export interface UnitScale {
  readonly units: readonly (readonly [unit: string, factor: number])[];
  /** The unit of a bare number. */
  readonly bare: number;
  readonly hint: string;
  /** PostgreSQL's unit for the setting (range errors, pg_settings), and its factor. */
  readonly pgUnit: readonly [unit: 'ms' | 'kB', factor: number];
}

export const DURATION: UnitScale = {
  units: [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
    ['ms', 1],
  ],
  bare: 1,
  hint: 'Valid units for this parameter are "ms", "s", "min", "h", and "d".',
  pgUnit: ['ms', 1],
};

export const MEMORY: UnitScale = {
  units: [
    ['TB', 2 ** 40],
    ['GB', 2 ** 30],
    ['MB', 2 ** 20],
    ['kB', 2 ** 10],
    ['B', 1],
  ],
  bare: 2 ** 10,
  hint: 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".',
  pgUnit: ['kB', 2 ** 10],
};

/** The amount of a setting in its scale's base unit (milliseconds, bytes); 0 for '0'. */
export function parseQuantity(text: string, scale: UnitScale): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (m === null) return null;
  const amount = Number(m[1]);
  if (m[2] === '') return amount * scale.bare;
  const unit = m[2]!.toLowerCase().replace(/ib$/, 'b');
  const found = scale.units.find(([u]) => u.toLowerCase() === unit);
  return found === undefined ? null : Math.round(amount * found[1]);
}

/** The largest unit that divides the amount evenly, as PostgreSQL's SHOW prints it. */
export function formatQuantity(amount: number, scale: UnitScale): string {
  if (amount === 0) return '0';
  const [unit, factor] =
    scale.units.find(([, f]) => amount % f === 0) ?? scale.units[scale.units.length - 1]!;
  return `${amount / factor}${unit}`;
}

/** A quantity setting; `min` (in PostgreSQL's unit for it) and negative amounts fail as PostgreSQL's range check does. */
export function quantity(scale: UnitScale, min = 0): Validate {
  return (v, _, name) => {
    const negative = /^\s*-/.test(v);
    const amount = parseQuantity(negative ? v.replace('-', '') : v, scale);
    if (amount === null || !Number.isFinite(amount)) throw invalidValue(name, v, { hint: scale.hint });
    const [unit, factor] = scale.pgUnit;
    const inUnit = (negative ? -amount : amount) / factor;
    if (inUnit < min) throw outOfRange(name, `${inUnit} ${unit}`, min, 2147483647);
    return formatQuantity(amount, scale);
  };
}

/** A quantity setting's value in PostgreSQL's unit for it, as pg_settings shows it. */
export function settingInUnit(value: string, unit: 'ms' | 'kB'): string {
  const scale = unit === 'ms' ? DURATION : MEMORY;
  const amount = parseQuantity(value, scale);
  return amount === null ? value : String(Math.floor(amount / scale.pgUnit[1]));
}

/** A duration setting's value in milliseconds (0: none). */
export function settingMillis(value: string | undefined): number {
  return value === undefined ? 0 : (parseQuantity(value, DURATION) ?? 0);
}

/** A memory setting's value in bytes. */
export function settingBytes(value: string | undefined): number {
  return value === undefined ? 0 : (parseQuantity(value, MEMORY) ?? 0);
}
