// json_build_object and json_build_array: SQLAlchemy's column reflection builds its identity
// options with them, so catalog queries need them.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { decimalToString, type Decimal } from '../../types/decimal.js';
import { textFormatOf } from '../../catalog/system/reg-names.js';
import { formatValue } from '../../types/text-format.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

/** A SQL value as the JSON value PostgreSQL's to_json gives it. */
function jsonValue(type: DataType, value: Scalar, ctx: EvalContext): unknown {
  if (value === null) return null;
  switch (type.id) {
    case 'bool':
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'oid':
      return value;
    case 'numeric':
      return Number(decimalToString(value as Decimal));
    case 'json':
      return value;
    case 'list':
      return (value as readonly Scalar[]).map((v) => jsonValue(type.element, v, ctx));
    default:
      return formatValue(type, value, textFormatOf(ctx));
  }
}

export const jsonBuildObject: ScalarDefinition = {
  kind: 'scalar',
  name: 'json_build_object',
  aliases: ['jsonb_build_object'],
  description: 'A JSON object from alternating keys and values.',
  example: "SELECT json_build_object('a', 1, 'b', true)",
  overloads: [
    {
      args: [],
      variadic: 'any',
      returns: Types.json,
      strict: false,
      kernel: (types) =>
        valueKernel(
          Types.json,
          (v, ctx) => {
            if (v.length % 2 !== 0) {
              throw new LarchError(
                SqlState.invalidParameterValue,
                'argument list must have even number of elements',
                {
                  hint: 'The arguments of json_build_object() must consist of alternating keys and values.',
                },
              );
            }
            const out: Record<string, unknown> = {};
            for (let i = 0; i < v.length; i += 2) {
              if (v[i] === null)
                throw new LarchError(SqlState.invalidParameterValue, 'argument 1 cannot be null');
              out[formatValue(types[i]!, v[i]!, textFormatOf(ctx))] = jsonValue(
                types[i + 1]!,
                v[i + 1] ?? null,
                ctx,
              );
            }
            return out;
          },
          { strict: false },
        ),
    },
  ],
};

export const jsonBuildArray: ScalarDefinition = {
  kind: 'scalar',
  name: 'json_build_array',
  aliases: ['jsonb_build_array'],
  description: 'A JSON array of the arguments.',
  example: "SELECT json_build_array(1, 'a', NULL)",
  overloads: [
    {
      args: [],
      variadic: 'any',
      returns: Types.json,
      strict: false,
      kernel: (types) =>
        valueKernel(Types.json, (v, ctx) => v.map((x, i) => jsonValue(types[i]!, x ?? null, ctx)), {
          strict: false,
        }),
    },
  ],
};
