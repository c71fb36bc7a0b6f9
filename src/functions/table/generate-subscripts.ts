// generate_subscripts(array, dim [, reverse]): the subscripts of an array dimension, as SQLAlchemy
// and pgcli use them to order index columns.

import type { Scalar } from '../../columnar/vector.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import type { TableFunctionDefinition } from '../function.js';

export const generateSubscripts: TableFunctionDefinition = {
  kind: 'table',
  name: 'generate_subscripts',
  description: 'The subscripts of an array dimension (1-D arrays: 1 to the length).',
  example: "SELECT * FROM generate_subscripts(ARRAY['a', 'b'], 1)",
  bind: (args) => {
    const t = args[0]?.type;
    if (args.length < 2 || args.length > 3 || t === undefined || (t.id !== 'list' && t.id !== 'unknown')) {
      throw new LarchError(
        SqlState.undefinedFunction,
        'function generate_subscripts needs an array and a dimension',
      );
    }
    const listT: DataType = t.id === 'list' ? t : { id: 'list', element: Types.text };
    return {
      name: 'generate_subscripts',
      columns: [{ name: 'generate_subscripts', type: Types.int4 }],
      argTypes: [listT, Types.int4, Types.bool].slice(0, args.length),
      execute: (values) => {
        const arr = values[0] as Scalar[] | null;
        if (arr === null || values[1] !== 1 || arr.length === 0) return [];
        const subscripts = arr.map((_, i) => i + 1);
        if (values[2] === true) subscripts.reverse();
        return [{ length: subscripts.length, columns: [vectorFromScalars(Types.int4, subscripts)] }];
      },
    };
  },
};

/** information_schema._pg_expandarray(array): each element with its subscript, as a record (x, n). */
export const pgExpandarray: TableFunctionDefinition = {
  kind: 'table',
  name: '_pg_expandarray',
  description:
    "Each element of an array with its subscript, as records (x, n): pgjdbc's primary key query uses it.",
  example: "SELECT (information_schema._pg_expandarray(ARRAY['a', 'b'])).n",
  bind: (args) => {
    const t = args[0]?.type;
    if (args.length !== 1 || t === undefined || t.id !== 'list') {
      throw new LarchError(SqlState.undefinedFunction, 'function _pg_expandarray needs one array argument');
    }
    const record: DataType = {
      id: 'struct',
      fields: [
        { name: 'x', type: t.element },
        { name: 'n', type: Types.int4 },
      ],
    };
    return {
      name: '_pg_expandarray',
      columns: [{ name: '_pg_expandarray', type: record }],
      argTypes: [t],
      execute: (values) => {
        const arr = values[0] as Scalar[] | null;
        if (arr === null || arr.length === 0) return [];
        const records = arr.map((x, i) => ({ x, n: i + 1 }));
        return [{ length: records.length, columns: [vectorFromScalars(record, records)] }];
      },
    };
  },
};
