// Resolving type names written in SQL (int4, numeric(15,2), varchar(10), timestamp with time zone, int[]).

import type { TypeName } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { bodyOf, stringList, tagOf } from '../sql/ast.js';
import { type DataType, listType, typeFromName, Types } from '../types/data-type.js';
import { INTERVAL_FULL_RANGE } from '../types/interval.js';
import type { BindContext } from './context.js';

function typmodValues(typeName: TypeName): number[] {
  return (typeName.typmods ?? []).map((m) => {
    if (tagOf(m) === 'A_Const') {
      const c = bodyOf<{ ival?: { ival?: number } }>(m);
      return c.ival?.ival ?? 0;
    }
    return -1;
  });
}

/** INTERVAL with a field range (INTERVAL '90' DAY): the first typmod is the range's bit mask. */
function intervalType(modifiers: readonly number[]): DataType {
  const fields = modifiers[0];
  return fields === undefined || fields === INTERVAL_FULL_RANGE ? Types.interval : { id: 'interval', fields };
}

export function resolveTypeName(ctx: BindContext, typeName: TypeName): DataType {
  const names = stringList(typeName.names);
  const name = names[names.length - 1] ?? '';
  const modifiers = typmodValues(typeName);
  // The grammar turns char / character into bpchar: a type named char was written "char" (or
  // pg_catalog.char), PostgreSQL's one-byte type.
  const resolved =
    name === 'interval'
      ? intervalType(modifiers)
      : name === 'char' && modifiers.length === 0
        ? Types.char
        : typeFromName(name, modifiers);
  if (resolved === null) {
    throw ctx.error(
      SqlState.undefinedObject,
      `type "${names.filter((n) => n !== 'pg_catalog').join('.')}" does not exist`,
      typeName.location,
    );
  }
  if (resolved.id === 'numeric' && resolved.precision !== null) {
    if (resolved.precision < 1 || resolved.precision > 1000) {
      throw ctx.error(
        SqlState.invalidParameterValue,
        `NUMERIC precision ${resolved.precision} must be between 1 and 1000`,
        typeName.location,
      );
    }
    // PostgreSQL 15 allows any scale in -1000..1000, even above the precision (numeric(3,5)).
    const scale = resolved.scale ?? 0;
    if (scale < -1000 || scale > 1000) {
      throw ctx.error(
        SqlState.invalidParameterValue,
        `NUMERIC scale ${scale} must be between -1000 and 1000`,
        typeName.location,
      );
    }
    if (scale < 0) {
      throw ctx.error(
        SqlState.featureNotSupported,
        'negative NUMERIC scale is not supported',
        typeName.location,
      );
    }
  }
  let type = resolved;
  for (let i = 0; i < (typeName.arrayBounds?.length ?? 0); i++) type = listType(type);
  return type;
}
