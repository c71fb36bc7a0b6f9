// JSON access as PostgreSQL defines it: -> and ->> (object field or array element), #> and #>>
// (a path), json_extract_path[_text], json_array_length and json_typeof. JSON values are held as
// parsed JS values.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { listType, Types } from '../../types/data-type.js';
import { formatJson } from '../../types/text-format.js';
import { parseArrayLiteral } from '../../types/text-parse.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

const json = Types.json;
const text = Types.text;
const int4 = Types.int4;
const textArray = listType(text);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One step into a value: a field of an object, or an element of an array (negative from the end). */
function step(v: unknown, key: string | number): unknown {
  if (typeof key === 'number') {
    if (!Array.isArray(v)) return undefined;
    return v[key < 0 ? v.length + key : key];
  }
  if (isObject(v)) return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
  // A path step on an array may be an integer written as text.
  if (Array.isArray(v) && /^-?\d+$/.test(key)) return step(v, Number(key));
  return undefined;
}

function asJson(v: unknown): Scalar {
  return v === undefined ? null : (v as Scalar);
}

/** ->> and #>>: strings without quotes, JSON null as SQL NULL, anything else as JSON text. */
function asText(v: unknown): Scalar {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : formatJson(v);
}

function path(v: unknown, given: Scalar): unknown {
  // An untyped literal path ('{a,1}') can arrive as text, or wrapped whole as one element (operator
  // resolution does not read unknown literals as arrays): read it as the array it spells.
  const raw = typeof given === 'string' ? [given] : (given as readonly Scalar[]);
  const only = raw.length === 1 && typeof raw[0] === 'string' ? raw[0] : null;
  const keys = only !== null && only.startsWith('{') && only.endsWith('}') ? parseArrayLiteral(only) : raw;
  let cur = v;
  for (const k of keys) {
    if (k === null || cur === undefined) return undefined;
    cur = step(cur, k as string);
  }
  return cur;
}

export const jsonGet: ScalarDefinition = {
  kind: 'scalar',
  name: '->',
  description: 'The JSON object field with the given key, or the array element at the given index (from 0).',
  example: `SELECT '{"a": {"b": 1}}'::json -> 'a'`,
  overloads: [
    {
      args: [json, text],
      returns: json,
      kernel: () => valueKernel(json, (v) => asJson(step(v[0], v[1] as string))),
    },
    {
      args: [json, int4],
      returns: json,
      kernel: () => valueKernel(json, (v) => asJson(step(v[0], v[1] as number))),
    },
  ],
};

export const jsonGetText: ScalarDefinition = {
  kind: 'scalar',
  name: '->>',
  description: 'As -> but as text: strings without quotes, JSON null as NULL.',
  example: `SELECT '{"a": "x"}'::json ->> 'a'`,
  overloads: [
    {
      args: [json, text],
      returns: text,
      kernel: () => valueKernel(text, (v) => asText(step(v[0], v[1] as string))),
    },
    {
      args: [json, int4],
      returns: text,
      kernel: () => valueKernel(text, (v) => asText(step(v[0], v[1] as number))),
    },
  ],
};

export const jsonPath: ScalarDefinition = {
  kind: 'scalar',
  name: '#>',
  description: 'The JSON value at a path of keys and array indexes.',
  example: `SELECT '{"a": [1, 2]}'::json #> '{a,1}'`,
  overloads: [
    {
      args: [json, textArray],
      returns: json,
      kernel: () => valueKernel(json, (v) => asJson(path(v[0], v[1]!))),
    },
    {
      args: [json, text],
      variadic: text,
      returns: json,
      kernel: () => valueKernel(json, (v) => asJson(path(v[0], v.slice(1) as Scalar))),
    },
  ],
};

export const jsonPathText: ScalarDefinition = {
  kind: 'scalar',
  name: '#>>',
  description: 'As #> but as text.',
  example: `SELECT '{"a": [1, 2]}'::json #>> '{a,1}'`,
  overloads: [
    {
      args: [json, textArray],
      returns: text,
      kernel: () => valueKernel(text, (v) => asText(path(v[0], v[1]!))),
    },
    {
      args: [json, text],
      variadic: text,
      returns: text,
      kernel: () => valueKernel(text, (v) => asText(path(v[0], v.slice(1) as Scalar))),
    },
  ],
};

export const jsonArrayLength: ScalarDefinition = {
  kind: 'scalar',
  name: 'json_array_length',
  aliases: ['jsonb_array_length'],
  description: 'The number of elements of a JSON array.',
  example: `SELECT json_array_length('[1, 2, 3]')`,
  overloads: [
    {
      args: [json],
      returns: int4,
      kernel: () =>
        valueKernel(int4, (v) => {
          if (Array.isArray(v[0])) return v[0].length;
          throw new LarchError(
            SqlState.invalidParameterValue,
            `cannot get array length of a ${isObject(v[0]) ? 'non-array' : 'scalar'}`,
          );
        }),
    },
  ],
};

export const jsonTypeof: ScalarDefinition = {
  kind: 'scalar',
  name: 'json_typeof',
  aliases: ['jsonb_typeof'],
  description: 'The type of the outermost JSON value: object, array, string, number, boolean or null.',
  example: `SELECT json_typeof('{"a": 1}')`,
  overloads: [
    {
      args: [json],
      returns: text,
      kernel: () =>
        valueKernel(text, (v) => {
          const x = v[0];
          if (x === null) return 'null';
          if (Array.isArray(x)) return 'array';
          return typeof x === 'object' ? 'object' : typeof x;
        }),
    },
  ],
};
