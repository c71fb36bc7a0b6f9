// generate_series(start, stop [, step]) over integers, numerics and timestamps.

import { BATCH_SIZE, type Batch } from '../../columnar/batch.js';
import type { Scalar } from '../../columnar/vector.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { timestampPlusInterval } from '../../types/datetime-arithmetic.js';
import { type Decimal, decimalAdd, decimalCompare, decimalSign } from '../../types/decimal.js';
import { type Interval, intervalSortKey } from '../../types/interval.js';
import type { TableFunctionArg, TableFunctionDefinition } from '../function.js';

function resultType(args: readonly TableFunctionArg[]): DataType {
  const types = args.map((a) => a.type.id);
  if (types.some((t) => t === 'timestamp' || t === 'timestamptz' || t === 'date')) {
    // Dates alone resolve to the timestamptz overload, the preferred type of the category.
    if (types.includes('timestamptz')) return Types.timestamptz;
    return types.includes('timestamp') ? Types.timestamp : Types.timestamptz;
  }
  if (types.some((t) => t === 'numeric')) return Types.numeric;
  if (types.some((t) => t === 'int8')) return Types.int8;
  if (types.some((t) => t === 'float8' || t === 'float4')) return Types.numeric;
  return Types.int4;
}

function* numbers(start: number, stop: number, step: number, type: DataType): Generator<Batch> {
  if (step === 0) throw new LarchError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  let values: Scalar[] = [];
  for (let x = start; step > 0 ? x <= stop : x >= stop; x += step) {
    values.push(x);
    if (values.length === BATCH_SIZE) {
      yield { length: values.length, columns: [vectorFromScalars(type, values)] };
      values = [];
    }
  }
  if (values.length > 0) yield { length: values.length, columns: [vectorFromScalars(type, values)] };
}

function* decimals(start: Decimal, stop: Decimal, step: Decimal): Generator<Batch> {
  const dir = decimalSign(step);
  if (dir === 0) throw new LarchError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  let values: Scalar[] = [];
  for (let x = start; decimalCompare(x, stop) * dir <= 0; x = decimalAdd(x, step)) {
    values.push(x);
    if (values.length === BATCH_SIZE) {
      yield { length: values.length, columns: [vectorFromScalars(Types.numeric, values)] };
      values = [];
    }
  }
  if (values.length > 0) yield { length: values.length, columns: [vectorFromScalars(Types.numeric, values)] };
}

function* timestamps(start: number, stop: number, step: Interval, type: DataType): Generator<Batch> {
  const dir = Math.sign(intervalSortKey(step));
  if (dir === 0) throw new LarchError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  let values: Scalar[] = [];
  for (let x = start; dir > 0 ? x <= stop : x >= stop; x = timestampPlusInterval(x, step)) {
    values.push(x);
    if (values.length === BATCH_SIZE) {
      yield { length: values.length, columns: [vectorFromScalars(type, values)] };
      values = [];
    }
  }
  if (values.length > 0) yield { length: values.length, columns: [vectorFromScalars(type, values)] };
}

export const generateSeries: TableFunctionDefinition = {
  kind: 'table',
  name: 'generate_series',
  description: 'The values from start to stop (inclusive) by step (default 1; an interval for timestamps).',
  example: 'SELECT * FROM generate_series(1, 5)',
  bind: (args) => {
    if (args.length < 2 || args.length > 3) {
      throw new LarchError(
        SqlState.undefinedFunction,
        `function generate_series with ${args.length} arguments does not exist`,
      );
    }
    const type = resultType(args.slice(0, 2));
    const temporal = type.id === 'timestamp' || type.id === 'timestamptz';
    const argTypes = temporal ? [type, type, Types.interval] : [type, type, type];
    if (temporal && args.length < 3) {
      throw new LarchError(
        SqlState.undefinedFunction,
        'function generate_series(timestamp, timestamp) does not exist',
        {
          hint: 'Give the step as an interval.',
        },
      );
    }
    return {
      name: 'generate_series',
      columns: [{ name: 'generate_series', type }],
      argTypes: argTypes.slice(0, args.length),
      execute: (values) => {
        if (values.some((v) => v === null)) return [];
        if (temporal)
          return timestamps(values[0] as number, values[1] as number, values[2] as Interval, type);
        if (type.id === 'numeric') {
          return decimals(
            values[0] as Decimal,
            values[1] as Decimal,
            (values[2] as Decimal | undefined) ?? { m: 1n, s: 0 },
          );
        }
        return numbers(
          values[0] as number,
          values[1] as number,
          (values[2] as number | undefined) ?? 1,
          type,
        );
      },
    };
  },
};

export const unnest: TableFunctionDefinition = {
  kind: 'table',
  name: 'unnest',
  description: 'One row per array element.',
  example: 'SELECT * FROM unnest(ARRAY[1, 2, 3])',
  bind: (args) => {
    const t = args[0]?.type;
    if (args.length !== 1 || t === undefined || (t.id !== 'list' && t.id !== 'unknown')) {
      throw new LarchError(SqlState.undefinedFunction, 'function unnest needs one array argument');
    }
    const element = t.id === 'list' ? t.element : Types.text;
    const listT: DataType = t.id === 'list' ? t : { id: 'list', element };
    return {
      name: 'unnest',
      columns: [{ name: 'unnest', type: element }],
      argTypes: [listT],
      execute: (values) => {
        const arr = values[0] as Scalar[] | null;
        if (arr === null || arr.length === 0) return [];
        return [{ length: arr.length, columns: [vectorFromScalars(element, arr)] }];
      },
    };
  },
};
