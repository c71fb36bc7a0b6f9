// Converting parsed JSON values to a column's type: values of the expected JSON kind pass as they
// are; others go through the type's text input (so "12" fits an integer column); JSON columns
// keep any value.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, typeShortName } from '../../types/data-type.js';
import type { TimeZone } from '../../types/datetime.js';
import { parseValue } from '../../types/text-parse.js';

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A JSON value as a value of `type`; throws 22P02 and friends when it does not fit. */
export function jsonToScalar(v: unknown, type: DataType, timeZone: TimeZone): Scalar {
  if (v === null || v === undefined) return null;
  switch (type.id) {
    case 'json':
      return v as Scalar;
    case 'bool':
      if (typeof v === 'boolean') return v;
      break;
    case 'int2':
    case 'int4':
    case 'int8':
      if (typeof v === 'number' && Number.isInteger(v)) {
        if (type.id === 'int8' && !Number.isSafeInteger(v))
          throw new LarchError(SqlState.numericValueOutOfRange, 'bigint out of range');
        return parseValue(type, String(v));
      }
      break;
    case 'float4':
    case 'float8':
      if (typeof v === 'number') return type.id === 'float4' ? Math.fround(v) : v;
      break;
    case 'numeric':
      if (typeof v === 'number') return parseValue(type, String(v));
      break;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'unknown':
      return parseValue(type, text(v));
    case 'list':
      if (Array.isArray(v)) return v.map((x) => jsonToScalar(x, type.element, timeZone));
      throw new LarchError(
        SqlState.invalidTextRepresentation,
        `expected a JSON array for type ${typeShortName(type)}, got ${text(v).slice(0, 60)}`,
      );
    default:
      break;
  }
  if (typeof v === 'object') {
    throw new LarchError(
      SqlState.invalidTextRepresentation,
      `a JSON ${Array.isArray(v) ? 'array' : 'object'} does not fit type ${typeShortName(type)}`,
    );
  }
  return parseValue(type, text(v), { timeZone });
}
