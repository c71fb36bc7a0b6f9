// Resolving type names written in SQL (int4, numeric(15,2), varchar(10), timestamp with time zone, int[]).

import type { TypeName } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { bodyOf, stringList, tagOf } from '../sql/ast.js';
import { type DataType, listType, typeFromName } from '../types/data-type.js';
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

export function resolveTypeName(ctx: BindContext, typeName: TypeName): DataType {
  const names = stringList(typeName.names);
  const name = names[names.length - 1] ?? '';
  const modifiers = name === 'interval' ? [] : typmodValues(typeName);
  const resolved = typeFromName(name, modifiers);
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
    if ((resolved.scale ?? 0) > resolved.precision || (resolved.scale ?? 0) < 0) {
      throw ctx.error(
        SqlState.invalidParameterValue,
        `NUMERIC scale ${resolved.scale} must be between 0 and precision ${resolved.precision}`,
        typeName.location,
      );
    }
  }
  let type = resolved;
  for (let i = 0; i < (typeName.arrayBounds?.length ?? 0); i++) type = listType(type);
  return type;
}
