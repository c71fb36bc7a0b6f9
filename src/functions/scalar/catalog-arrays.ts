// Array and identifier helpers that catalog queries use (Grafana's table lists, pgjdbc): array_lower,
// array_upper and parse_ident.

import type { Scalar } from '../../columnar/vector.js';
import { splitQualifiedName } from '../../catalog/system/reg-names.js';
import { listType, Types } from '../../types/data-type.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

function bound(name: string, description: string, pick: (length: number) => number): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    description,
    example: `SELECT ${name}(ARRAY[1,2,3], 1)`,
    overloads: [
      {
        args: ['anyarray', Types.int4],
        returns: Types.int4,
        kernel: () =>
          valueKernel(Types.int4, (v) => {
            const length = (v[0] as Scalar[]).length;
            return (v[1] as number) === 1 && length > 0 ? pick(length) : null;
          }),
      },
    ],
  };
}

export const arrayLower = bound(
  'array_lower',
  'Lower bound of an array dimension (arrays start at 1).',
  () => 1,
);
export const arrayUpper = bound('array_upper', 'Upper bound of an array dimension.', (n) => n);

export const parseIdent: ScalarDefinition = {
  kind: 'scalar',
  name: 'parse_ident',
  description: 'Splits a qualified identifier into its parts, unquoting and down-casing as SQL does.',
  example: `SELECT parse_ident('public."Games"')`,
  overloads: [
    {
      args: [Types.text],
      returns: listType(Types.text),
      kernel: () => valueKernel(listType(Types.text), (v) => splitQualifiedName(v[0] as string)),
    },
    {
      args: [Types.text, Types.bool],
      returns: listType(Types.text),
      kernel: () => valueKernel(listType(Types.text), (v) => splitQualifiedName(v[0] as string)),
    },
  ],
};
