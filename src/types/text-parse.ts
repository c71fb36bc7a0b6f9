// PostgreSQL's input functions: text to a value of each type, with its error messages.

import { LarchError, SqlState } from '../engine/errors.js';
import type { Scalar } from '../columnar/vector.js';
import { type DataType, typeShortName } from './data-type.js';
import { parseDate, parseTime, parseTimestamp, parseTimestamptz, type TimeZone, UTC } from './datetime.js';
import { decimalApplyTypmod, parseDecimal } from './decimal.js';
import { parseInterval } from './interval.js';

export function invalidInput(type: DataType | string, text: string): LarchError {
  const name = typeof type === 'string' ? type : typeShortName(type);
  return new LarchError(
    SqlState.invalidTextRepresentation,
    `invalid input syntax for type ${name}: "${text}"`,
  );
}

export function outOfRangeFor(type: DataType, text: string): LarchError {
  return new LarchError(
    SqlState.numericValueOutOfRange,
    `value "${text}" is out of range for type ${typeShortName(type)}`,
  );
}

const INT_PATTERN = /^\s*[+-]?\d+\s*$/;
const INT_RANGES = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  int8: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const;

export function parseInteger(type: DataType & { id: 'int2' | 'int4' | 'int8' }, text: string): number {
  if (!INT_PATTERN.test(text)) throw invalidInput(type, text);
  const value = Number(text);
  const [lo, hi] = INT_RANGES[type.id];
  if (value < lo || value > hi) throw outOfRangeFor(type, text);
  return value;
}

const FLOAT_PATTERN = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

export function parseFloat8(text: string, type: DataType = { id: 'float8' }): number {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'infinity' || t === '+infinity' || t === 'inf' || t === '+inf') return Infinity;
  if (t === '-infinity' || t === '-inf') return -Infinity;
  if (!FLOAT_PATTERN.test(text)) throw invalidInput(type, text);
  const value = Number(t);
  if (!Number.isFinite(value)) throw outOfRangeFor(type, text);
  return value;
}

const TRUE_WORDS = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'false', 'n', 'no', 'off', '0']);

export function parseBool(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t) || (t.length > 1 && 'true'.startsWith(t)) || (t.length > 1 && 'yes'.startsWith(t)))
    return true;
  if (FALSE_WORDS.has(t) || (t.length > 1 && 'false'.startsWith(t)) || (t.length > 2 && 'off'.startsWith(t)))
    return false;
  throw invalidInput('boolean', text);
}

/** Parses a PostgreSQL array literal such as `{1,2,"a b",NULL}` into element texts. */
export function parseArrayLiteral(text: string): (string | null)[] {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) {
    throw new LarchError(SqlState.invalidTextRepresentation, `malformed array literal: "${text}"`, {
      detail: t.startsWith('{')
        ? 'Unexpected end of input.'
        : 'Array value must start with "{" or dimension information.',
    });
  }
  const body = t.slice(1, -1);
  const out: (string | null)[] = [];
  if (body.trim() === '') return out;
  let i = 0;
  while (i <= body.length) {
    while (body[i] === ' ') i++;
    if (body[i] === '"') {
      let s = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        s += body[i];
        i++;
      }
      i++;
      out.push(s);
    } else {
      let j = i;
      while (j < body.length && body[j] !== ',') j++;
      const raw = body.slice(i, j).trim();
      out.push(raw.toUpperCase() === 'NULL' ? null : raw);
      i = j;
    }
    while (body[i] === ' ') i++;
    if (body[i] === ',') i++;
    else break;
  }
  return out;
}

const UUID_PATTERN = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

export interface ParseOptions {
  readonly timeZone: TimeZone;
  readonly now?: () => number;
}

/** The value of `text` as `type`, or an error with PostgreSQL's SQLSTATE and wording. */
export function parseValue(type: DataType, text: string, options: ParseOptions = { timeZone: UTC }): Scalar {
  switch (type.id) {
    case 'bool':
      return parseBool(text);
    case 'int2':
    case 'int4':
    case 'int8':
      return parseInteger(type, text);
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      return parseInteger({ id: 'int8' }, text);
    case 'float4': {
      const v = parseFloat8(text, type);
      const f = Math.fround(v);
      if (Number.isFinite(v) && !Number.isFinite(f)) throw outOfRangeFor(type, text);
      return f;
    }
    case 'float8':
      return parseFloat8(text);
    case 'numeric': {
      const d = parseDecimal(text);
      if (d === null) throw invalidInput(type, text);
      return type.precision === null ? d : decimalApplyTypmod(d, type.precision, type.scale ?? 0);
    }
    case 'text':
    case 'name':
    case 'unknown':
      return text;
    case 'char':
      return text.slice(0, 1);
    case 'varchar':
      if (type.length !== null && text.length > type.length) {
        if (text.slice(type.length).trim() !== '') {
          throw new LarchError(
            SqlState.stringDataRightTruncation,
            `value too long for type character varying(${type.length})`,
          );
        }
        return text.slice(0, type.length);
      }
      return text;
    case 'bpchar': {
      const n = type.length;
      if (n === null) return text;
      if (text.length > n) {
        if (text.slice(n).trim() !== '') {
          throw new LarchError(SqlState.stringDataRightTruncation, `value too long for type character(${n})`);
        }
        return text.slice(0, n);
      }
      return text.padEnd(n, ' ');
    }
    case 'date':
      return parseDate(text, options.now);
    case 'time':
      return parseTime(text);
    case 'timestamp':
      return parseTimestamp(text, options.now);
    case 'timestamptz':
      return parseTimestamptz(text, options.timeZone, options.now);
    case 'interval':
      return parseInterval(text, type.fields);
    case 'json':
      try {
        return JSON.parse(text) as Scalar;
      } catch {
        throw invalidInput('json', text);
      }
    case 'bytea':
      if (text.startsWith('\\x')) {
        const hex = text.slice(2);
        if (!/^([0-9a-f]{2})*$/i.test(hex)) throw invalidInput('bytea', text);
        return new Uint8Array(Buffer.from(hex, 'hex'));
      }
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'uuid':
      if (!UUID_PATTERN.test(text)) throw invalidInput('uuid', text);
      return text
        .replace(/[{}-]/g, '')
        .toLowerCase()
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    case 'list':
      return parseArrayLiteral(text).map((item) =>
        item === null ? null : parseValue(type.element, item, options),
      );
    case 'struct':
      throw new LarchError(
        SqlState.featureNotSupported,
        `cannot parse a value of type ${typeShortName(type)} from text`,
      );
  }
}
