// PostgreSQL's text output for every type: what psql prints and what the wire protocol sends.

import { unreachable } from '../engine/errors.js';
import type { Scalar } from '../columnar/vector.js';
import type { DataType } from './data-type.js';
import {
  formatDate,
  formatTime,
  formatTimestamp,
  formatTimestamptz,
  type TimeZone,
  UTC,
} from './datetime.js';
import { decimalToString, type Decimal } from './decimal.js';
import { formatInterval, type Interval } from './interval.js';

function formatExponential(digits: string, exp: number, sign: string): string {
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp);
  return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
}

function formatFixed(digits: string, exp: number, sign: string): string {
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function shortestDigits(x: number, precision?: number): { digits: string; exp: number } {
  const text =
    precision === undefined ? Math.abs(x).toExponential() : Math.abs(x).toExponential(precision - 1);
  const [mant, e] = text.split('e') as [string, string];
  return { digits: mant.replace('.', '').replace(/0+$/, '') || '0', exp: Number(e) };
}

function specialFloat(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return null;
}

/** float8out: the shortest text that reads back to the same double, in %g-like layout. */
export function formatFloat8(x: number): string {
  // JavaScript writes the same shortest digits, in the same fixed layout, over this range.
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e15) return String(x);
  const special = specialFloat(x);
  if (special !== null) return special;
  const { digits, exp } = shortestDigits(x);
  const sign = x < 0 ? '-' : '';
  return exp < -4 || exp >= 15 ? formatExponential(digits, exp, sign) : formatFixed(digits, exp, sign);
}

/** float4out: the shortest text that reads back to the same single-precision value. */
export function formatFloat4(x: number): string {
  const special = specialFloat(x);
  if (special !== null) return special;
  let precision = 1;
  for (; precision < 9; precision++) {
    if (Math.fround(Number(Math.abs(x).toPrecision(precision))) === Math.abs(x)) break;
  }
  const { digits, exp } = shortestDigits(x, precision);
  const sign = x < 0 ? '-' : '';
  return exp < -4 || exp >= 6 ? formatExponential(digits, exp, sign) : formatFixed(digits, exp, sign);
}

/** Text of a numeric held as a 53-bit mantissa at a scale. */
export function formatScaled(mantissa: number, scale: number): string {
  if (scale === 0) return String(mantissa === 0 ? 0 : mantissa);
  const neg = mantissa < 0;
  const abs = String(Math.abs(mantissa)).padStart(scale + 1, '0');
  const cut = abs.length - scale;
  return `${neg ? '-' : ''}${abs.slice(0, cut)}.${abs.slice(cut)}`;
}

const ARRAY_NEEDS_QUOTES = /[{}",\\\s]|^$|^null$/i;

function quoteArrayElement(text: string): string {
  if (!ARRAY_NEEDS_QUOTES.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** jsonb-style output: `{"a": 1, "b": [1, 2]}`. */
export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(formatJson).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${formatJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The types whose values are oids printed as the names of catalog objects. */
export type RegTypeId = 'regclass' | 'regtype' | 'regproc' | 'regnamespace';

/** A reg* value's text, as regclassout and the like print it; undefined prints the oid. */
export type RegNameLookup = (type: RegTypeId, oid: number) => string | undefined;

export interface FormatOptions {
  timeZone: TimeZone;
  /** Names for reg* values (the catalog the statement saw); without it they print as oids. */
  regName?: RegNameLookup | undefined;
}

const DEFAULT_OPTIONS: FormatOptions = { timeZone: UTC };

/** The PostgreSQL text representation of a non-null value of `type`. */
export function formatValue(type: DataType, value: Scalar, options: FormatOptions = DEFAULT_OPTIONS): string {
  if (value === null) return 'NULL';
  switch (type.id) {
    case 'bool':
      return value ? 't' : 'f';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return String(value);
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      return options.regName?.(type.id, value as number) ?? String(value);
    case 'float4':
      return formatFloat4(value as number);
    case 'float8':
      return formatFloat8(value as number);
    case 'numeric':
      return decimalToString(value as Decimal);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
      return value as string;
    case 'date':
      return formatDate(value as number);
    case 'time':
      return formatTime(value as number);
    case 'timestamp':
      return formatTimestamp(value as number);
    case 'timestamptz':
      return formatTimestamptz(value as number, options.timeZone);
    case 'interval':
      return formatInterval(value as Interval);
    case 'json':
      return formatJson(value);
    case 'bytea':
      return '\\x' + Buffer.from(value as Uint8Array).toString('hex');
    case 'list': {
      const items = value as readonly Scalar[];
      const inner = items.map((item) =>
        item === null ? 'NULL' : quoteArrayElement(formatValue(type.element, item, options)),
      );
      return `{${inner.join(',')}}`;
    }
    case 'struct': {
      const record = value as Record<string, Scalar>;
      const inner = type.fields.map((f) => {
        const v = record[f.name] ?? null;
        if (v === null) return '';
        const text = formatValue(f.type, v, options);
        return /[(),"\\\s]|^$/.test(text) ? `"${text.replace(/(["\\])/g, '\\$1')}"` : text;
      });
      return `(${inner.join(',')})`;
    }
    default:
      return unreachable(type);
  }
}
