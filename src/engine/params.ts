// Statement parameters ($1, $2 …): JS values from the caller, typed by where the statement uses them.

import type { ParamSlot } from '../binder/context.js';
import type { Scalar } from '../columnar/vector.js';
import { regIn } from '../catalog/system/reg-names.js';
import { LarchError, SqlState } from './errors.js';
import { castScalar } from '../functions/cast.js';
import type { EvalContext } from '../functions/function.js';
import { type DataType, listType, Types } from '../types/data-type.js';
import { decimalFromNumber, parseDecimal } from '../types/decimal.js';
import { parseValue } from '../types/text-parse.js';

/** The type a JS value suggests when nothing in the statement decides a parameter's type. */
export function typeOfJsValue(value: unknown): DataType {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return Math.abs(value) <= 2147483647 ? Types.int4 : Types.int8;
    return Types.float8;
  }
  if (typeof value === 'bigint') return Types.int8;
  if (typeof value === 'boolean') return Types.bool;
  if (value instanceof Date) return Types.timestamptz;
  if (value instanceof Uint8Array) return Types.bytea;
  if (Array.isArray(value))
    return listType(value.length > 0 && value[0] !== null ? typeOfJsValue(value[0]) : Types.text);
  if (value !== null && typeof value === 'object') return Types.json;
  return Types.text;
}

/** Slots for caller-supplied values; types stay open until the statement is bound. */
export function paramSlots(values: readonly unknown[]): ParamSlot[] {
  return values.map((v) => ({ type: Types.unknown, hint: v as Scalar, hasHint: true }));
}

/** Gives still-untyped parameters the type their value suggests (text when there is no value). */
export function settleParamTypes(slots: ParamSlot[]): void {
  for (const slot of slots) {
    if (slot.type.id === 'unknown') slot.type = slot.hasHint ? typeOfJsValue(slot.hint) : Types.text;
  }
}

/** Converts a JS value to the engine's value of `type`. */
export function scalarFromJs(value: unknown, type: DataType, ctx: EvalContext): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string')
    // A reg* parameter is a name, as regclassin and the like read it ('pg_class', 'text[]').
    return (
      regIn(type.id, value, ctx) ??
      parseValue(type, value, { timeZone: ctx.timeZone, now: () => ctx.transactionTime })
    );
  if (typeof value === 'bigint') return castScalar(Number(value), Types.int8, type, ctx);
  if (typeof value === 'number') {
    if (type.id === 'numeric') {
      const d = decimalFromNumber(value);
      return castScalar(d, Types.numeric, type, ctx);
    }
    return castScalar(value, Number.isInteger(value) ? Types.int8 : Types.float8, type, ctx);
  }
  if (typeof value === 'boolean') return castScalar(value, Types.bool, type, ctx);
  if (value instanceof Date) return castScalar(value.getTime() * 1000, Types.timestamptz, type, ctx);
  if (type.id === 'json') return value as Scalar;
  if (Array.isArray(value) && type.id === 'list') return value.map((v) => scalarFromJs(v, type.element, ctx));
  if (value instanceof Uint8Array && type.id === 'bytea') return value;
  const text = String(value);
  if (type.id === 'numeric' && parseDecimal(text) === null) {
    throw new LarchError(
      SqlState.invalidTextRepresentation,
      `invalid input syntax for type numeric: "${text}"`,
    );
  }
  return parseValue(type, text, { timeZone: ctx.timeZone });
}

export function paramValues(
  slots: readonly ParamSlot[],
  raw: readonly unknown[],
  ctx: EvalContext,
): Scalar[] {
  return slots.map((slot, i) => scalarFromJs(raw[i], slot.type, ctx));
}
