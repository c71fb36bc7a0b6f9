// extract(field FROM x), which returns numeric, and date_part(field, x), which returns double
// precision, over dates, times, timestamps, timestamps with time zone and intervals.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { type DataType, Types } from '../../types/data-type.js';
import { DATE_INFINITY, DATE_NEG_INFINITY, MICROS_PER_DAY } from '../../types/datetime.js';
import type { Interval } from '../../types/interval.js';
import type { EvalContext, ScalarDefinition, ScalarOverload } from '../function.js';
import { valueKernel } from '../kernels.js';
import { memoZone } from './calendar.js';
import { datePart, datePartColumn, intervalPart, timePart, timestampPart } from './datetime-parts.js';

const { text, date, time, timestamp, timestamptz, interval } = Types;

function overload(
  arg: DataType,
  returns: DataType,
  fn: (field: string, value: Scalar, ctx: EvalContext) => Scalar,
): ScalarOverload {
  return {
    args: [text, arg],
    returns,
    kernel: () => valueKernel(returns, (v, ctx) => fn(v[0] as string, v[1]!, ctx)),
  };
}

function zoned(field: string, micros: number, ctx: EvalContext, numeric: boolean): Scalar {
  const offset = Number.isFinite(micros) ? memoZone(ctx.timeZone).offsetAt(micros) : 0;
  return timestampPart(field, micros, offset, numeric);
}

/** date_part over a date reads it as a timestamp at midnight, as PostgreSQL's SQL wrapper does. */
function dateAsTimestamp(days: number): number {
  if (days === DATE_INFINITY) return Infinity;
  if (days === DATE_NEG_INFINITY) return -Infinity;
  return days * MICROS_PER_DAY;
}

/** extract(field FROM date): a constant calendar field over a column is computed column-wise. */
const extractFromDate: ScalarOverload = {
  args: [text, date],
  returns: Types.numeric,
  kernel: () => {
    const perValue = valueKernel(Types.numeric, (v) => datePart(v[0] as string, v[1] as number));
    return (args, n, ctx) => {
      const [field, days] = args as [Vector, Vector];
      if (field.kind === 'const' && typeof field.value === 'string' && days.kind === 'i32') {
        const data = datePartColumn(field.value, days.data, n);
        if (data !== null)
          return { kind: 'numeric', type: Types.numeric, length: n, validity: days.validity, data, scale: 0 };
      }
      return perValue(args, n, ctx);
    };
  },
};

export const extract: ScalarDefinition = {
  kind: 'scalar',
  name: 'extract',
  // The timestamptz overload reads the session time zone.
  stable: true,
  description: 'A field (year, month, hour, epoch …) of a date, time, timestamp or interval, as numeric.',
  example: "SELECT extract(year FROM date '2024-05-17')",
  overloads: [
    extractFromDate,
    overload(time, Types.numeric, (f, v) => timePart(f, v as number, true)),
    overload(timestamp, Types.numeric, (f, v) => timestampPart(f, v as number, null, true)),
    overload(timestamptz, Types.numeric, (f, v, ctx) => zoned(f, v as number, ctx, true)),
    overload(interval, Types.numeric, (f, v) => intervalPart(f, v as Interval, true)),
  ],
};

export const datePartFunction: ScalarDefinition = {
  kind: 'scalar',
  name: 'date_part',
  stable: true,
  description: 'A field (year, month, hour, epoch …) of a date, time, timestamp or interval, as double.',
  example: "SELECT date_part('hour', timestamp '2024-05-17 10:30')",
  overloads: [
    overload(date, Types.float8, (f, v) => timestampPart(f, dateAsTimestamp(v as number), null, false)),
    overload(time, Types.float8, (f, v) => timePart(f, v as number, false)),
    overload(timestamp, Types.float8, (f, v) => timestampPart(f, v as number, null, false)),
    overload(timestamptz, Types.float8, (f, v, ctx) => zoned(f, v as number, ctx, false)),
    overload(interval, Types.float8, (f, v) => intervalPart(f, v as Interval, false)),
  ],
};
