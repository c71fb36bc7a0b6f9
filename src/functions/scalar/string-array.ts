// string_to_array: text split on a delimiter into text[], as PostgreSQL's text_to_array.

import type { Scalar } from '../../columnar/vector.js';
import { listType, Types } from '../../types/data-type.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

const { text } = Types;
const textArray = listType(text);

/**
 * A NULL delimiter splits into characters, an empty one keeps the string whole, and an empty
 * string gives an empty array; fields equal to `nullString` become NULL.
 */
function split(s: string | null, delimiter: string | null, nullString: string | null): Scalar {
  if (s === null) return null;
  if (s === '') return [];
  const fields = delimiter === null ? Array.from(s) : delimiter === '' ? [s] : s.split(delimiter);
  return nullString === null ? fields : fields.map((f) => (f === nullString ? null : f));
}

export const stringToArray: ScalarDefinition = {
  kind: 'scalar',
  name: 'string_to_array',
  description:
    'Splits text at each delimiter into text[] (into characters when the delimiter is NULL); fields equal to the third argument become NULL.',
  example: "SELECT string_to_array('xx~~yy~~zz', '~~', 'yy')",
  overloads: [
    {
      args: [text, text],
      returns: textArray,
      strict: false,
      kernel: () =>
        valueKernel(textArray, (v) => split(v[0] as string | null, v[1] as string | null, null), {
          strict: false,
        }),
    },
    {
      args: [text, text, text],
      returns: textArray,
      strict: false,
      kernel: () =>
        valueKernel(
          textArray,
          (v) => split(v[0] as string | null, v[1] as string | null, v[2] as string | null),
          { strict: false },
        ),
    },
  ],
};
