// Arrays and rows: ARRAY[…], = ANY / ALL (array), subscripts, slices, row constructors.

import type { Scalar } from '../../columnar/vector.js';
import { constVector, getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, listType, Types } from '../../types/data-type.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import { comparatorFor } from '../../types/compare.js';
import { compareResult, type CompareOp } from './numeric-kernels.js';
import { textFormatOf } from '../../catalog/system/reg-names.js';
import { formatValue } from '../../types/text-format.js';

const OPS: Record<string, CompareOp> = {
  '=': 'eq',
  '<>': 'ne',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

export const arrayConstruct: ScalarDefinition = {
  kind: 'scalar',
  name: 'array_construct',
  description: 'ARRAY[a, b, …].',
  overloads: [
    {
      args: ['anyelement'],
      variadic: 'anyelement',
      returns: (a) => listType(a[0]!),
      strict: false,
      kernel: (_, result) => valueKernel(result, (values) => values, { strict: false }),
    },
  ],
};

/** x op ANY/ALL (array) for any boolean operator (LIKE, ~, …): the operator over every element. */
function applyOperator(
  opText: string,
  type: DataType,
  x: Scalar,
  arr: readonly Scalar[],
  all: boolean,
  ctx: EvalContext,
): boolean | null {
  const fn = ctx.operator(opText, [type, type]);
  if (fn.returnType.id !== 'bool') {
    throw new LarchError(SqlState.wrongObjectType, `op ANY/ALL (array) requires operator to yield boolean`);
  }
  const n = arr.length;
  const result = fn.kernel([constVector(type, x, n), vectorFromScalars(type, arr)], n, ctx);
  let sawNull = false;
  for (let i = 0; i < n; i++) {
    const r = getScalar(result, i);
    if (r === null) sawNull = true;
    else if (all && r === false) return false;
    else if (!all && r === true) return true;
  }
  return sawNull ? null : all;
}

function quantified(all: boolean): ScalarDefinition {
  return {
    kind: 'scalar',
    name: all ? 'array_all' : 'array_any',
    description: `x op ${all ? 'ALL' : 'ANY'} (array): three-valued, as PostgreSQL.`,
    overloads: [
      {
        args: ['anyelement', 'anyarray', Types.text],
        returns: Types.bool,
        strict: false,
        kernel: (args) => {
          const cmp = comparatorFor(args[0]!);
          return valueKernel(
            Types.bool,
            (v, ctx) => {
              const [x, arr, opText] = v as [Scalar, readonly Scalar[] | null, string];
              if (arr === null) return null;
              if (arr.length === 0) return all;
              if (x === null) return null;
              const op = OPS[opText];
              if (op === undefined) return applyOperator(opText, args[0]!, x, arr, all, ctx);
              let sawNull = false;
              for (const e of arr) {
                if (e === null) {
                  sawNull = true;
                  continue;
                }
                const r = compareResult(op, cmp(x, e));
                if (all && !r) return false;
                if (!all && r) return true;
              }
              return sawNull ? null : all;
            },
            { strict: false },
          );
        },
      },
    ],
  };
}

export const arrayAny = quantified(false);
export const arrayAll = quantified(true);

export const arrayElement: ScalarDefinition = {
  kind: 'scalar',
  name: 'array_element',
  description: 'arr[i] (1-based; NULL outside the array).',
  overloads: [
    {
      args: ['anyarray', Types.int4],
      returns: (a) => (a[0] as { element: DataType }).element,
      kernel: (_, result) =>
        valueKernel(result, (v) => (v[0] as readonly Scalar[])[(v[1] as number) - 1] ?? null),
    },
  ],
};

export const arraySlice: ScalarDefinition = {
  kind: 'scalar',
  name: 'array_slice',
  description: 'arr[lo:hi].',
  overloads: [
    {
      args: ['anyarray', Types.int4, Types.int4],
      returns: (a) => a[0]!,
      strict: false,
      kernel: (_, result) =>
        valueKernel(
          result,
          (v) => {
            const arr = v[0] as readonly Scalar[] | null;
            if (arr === null) return null;
            const lo = (v[1] as number | null) ?? 1;
            const hi = (v[2] as number | null) ?? arr.length;
            return arr.slice(Math.max(lo, 1) - 1, Math.max(hi, 0));
          },
          { strict: false },
        ),
    },
  ],
};

export const arrayLength: ScalarDefinition = {
  kind: 'scalar',
  name: 'array_length',
  description: 'Length of an array dimension (1 only).',
  example: 'SELECT array_length(ARRAY[1,2,3], 1)',
  overloads: [
    {
      args: ['anyarray', Types.int4],
      returns: Types.int4,
      kernel: () =>
        valueKernel(Types.int4, (v) =>
          (v[1] as number) === 1 && (v[0] as Scalar[]).length > 0 ? (v[0] as Scalar[]).length : null,
        ),
    },
  ],
};

export const cardinality: ScalarDefinition = {
  kind: 'scalar',
  name: 'cardinality',
  description: 'Number of elements in an array.',
  overloads: [
    {
      args: ['anyarray'],
      returns: Types.int4,
      kernel: () => valueKernel(Types.int4, (v) => (v[0] as Scalar[]).length),
    },
  ],
};

export const arrayToString: ScalarDefinition = {
  kind: 'scalar',
  name: 'array_to_string',
  description: 'Joins array elements with a delimiter (NULLs skipped unless a replacement is given).',
  example: "SELECT array_to_string(ARRAY['a','b'], ',')",
  overloads: [
    {
      args: ['anyarray', Types.text],
      returns: Types.text,
      kernel: (args) => {
        const element = (args[0] as { element: DataType }).element;
        return valueKernel(Types.text, (v, ctx) =>
          joinArray(v[0] as Scalar[], element, v[1] as string, null, ctx),
        );
      },
    },
    {
      args: ['anyarray', Types.text, Types.text],
      returns: Types.text,
      kernel: (args) => {
        const element = (args[0] as { element: DataType }).element;
        return valueKernel(Types.text, (v, ctx) =>
          joinArray(v[0] as Scalar[], element, v[1] as string, v[2] as string, ctx),
        );
      },
    },
  ],
};

function joinArray(
  arr: readonly Scalar[],
  element: DataType,
  delimiter: string,
  nullText: string | null,
  ctx: EvalContext,
): string {
  const parts: string[] = [];
  for (const e of arr) {
    if (e === null) {
      if (nullText !== null) parts.push(nullText);
    } else parts.push(formatValue(element, e, textFormatOf(ctx)));
  }
  return parts.join(delimiter);
}

export const arrayAppend: ScalarDefinition = {
  kind: 'scalar',
  name: 'array_append',
  description: 'Appends an element to an array.',
  overloads: [
    {
      args: ['anyarray', 'anyelement'],
      returns: (a) => a[0]!,
      strict: false,
      kernel: (_, r) =>
        valueKernel(r, (v) => [...((v[0] as Scalar[] | null) ?? []), v[1]!], { strict: false }),
    },
  ],
};

export const arrayCat: ScalarDefinition = {
  kind: 'scalar',
  name: 'array_cat',
  description: 'Concatenates two arrays.',
  overloads: [
    {
      args: ['anyarray', 'anyarray'],
      returns: (a) => a[0]!,
      strict: false,
      kernel: (_, r) =>
        valueKernel(
          r,
          (v) =>
            v[0] === null && v[1] === null
              ? null
              : [...((v[0] as Scalar[] | null) ?? []), ...((v[1] as Scalar[] | null) ?? [])],
          { strict: false },
        ),
    },
  ],
};

export const structExtract: ScalarDefinition = {
  kind: 'scalar',
  name: 'struct_extract',
  description: 'A field of a composite value: (row).field.',
  overloads: [
    {
      args: [{ id: 'struct', fields: [] } as DataType, Types.text],
      returns: Types.text,
      // The result has the field's type (the binder types the call so): read it from the struct vector.
      kernel: () => (args, n, ctx) => {
        const struct = args[0]!.type;
        const name = n > 0 ? (getScalar(args[1]!, 0) as string | null) : null;
        const field = struct.id === 'struct' ? struct.fields.find((f) => f.name === name) : undefined;
        return valueKernel(
          field?.type ?? Types.text,
          (v) => (v[0] as Record<string, Scalar>)[v[1] as string] ?? null,
        )(args, n, ctx);
      },
    },
  ],
};

export const row: ScalarDefinition = {
  kind: 'scalar',
  name: 'row',
  description: 'ROW(a, b, …): a composite value.',
  overloads: [
    {
      args: ['any'],
      variadic: 'any',
      returns: (a) => ({ id: 'struct', fields: a.map((t, i) => ({ name: `f${i + 1}`, type: t })) }),
      strict: false,
      kernel: (args, result) =>
        valueKernel(result, (v) => Object.fromEntries(args.map((_, i) => [`f${i + 1}`, v[i] ?? null])), {
          strict: false,
        }),
    },
  ],
};
