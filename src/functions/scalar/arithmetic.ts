// Arithmetic operators: + - * / % ^ and unary minus over numbers, numerics, dates, timestamps and intervals.

import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { MICROS_PER_DAY } from '../../types/datetime.js';
import {
  timestampDifference,
  timestampPlusInterval,
  timestamptzPlusInterval,
} from '../../types/datetime-arithmetic.js';
import { type Decimal, decimalDiv, decimalMod, decimalNeg } from '../../types/decimal.js';
import {
  type Interval,
  intervalAdd,
  intervalDiv,
  intervalMul,
  intervalNeg,
  intervalSub,
} from '../../types/interval.js';
import type { ScalarDefinition, ScalarKernel, ScalarOverload } from '../function.js';
import { numberLoop, valueKernel } from '../kernels.js';
import { numericArithmetic } from './numeric-kernels.js';

const { int2, int4, int8, float4, float8, numeric, date, timestamp, timestamptz, interval, time } = Types;

export const divisionByZero = (): LarchError => new LarchError(SqlState.divisionByZero, 'division by zero');

function intCheck(t: DataType): 'int2' | 'int4' | 'int8' {
  return t.id as 'int2' | 'int4' | 'int8';
}

function overflowFloat(): LarchError {
  return new LarchError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
}

const floatErrors = (code: number) => (code === 1 ? divisionByZero() : overflowFloat());

/** Float result with PostgreSQL's overflow check (finite inputs must give a finite result). */

function sameTypeOverloads(
  templateInt: string,
  templateFloat: string,
  numericKernel: ScalarKernel,
  intErrors?: (code: number) => LarchError,
): ScalarOverload[] {
  const ints = [int2, int4, int8].map((t): ScalarOverload => ({
    args: [t, t],
    returns: t,
    kernel: () => numberLoop(templateInt, t, { check: intCheck(t), errors: intErrors }),
  }));
  // real with double precision gives double precision, as PostgreSQL's float48 operators do.
  const floats = (
    [
      [float4, float4, float4],
      [float8, float8, float8],
      [float4, float8, float8],
      [float8, float4, float8],
    ] as const
  ).map(([a, b, r]): ScalarOverload => ({
    args: [a, b],
    returns: r,
    kernel: () => numberLoop(templateFloat, r, { check: r.id, errors: floatErrors }),
  }));
  return [...ints, ...floats, { args: [numeric, numeric], returns: numeric, kernel: () => numericKernel }];
}

const intDivErrors = (code: number) =>
  code === 1 ? divisionByZero() : new LarchError(SqlState.numericValueOutOfRange, 'integer out of range');

const valueOf = <T>(x: unknown) => x as T;

export const plus: ScalarDefinition = {
  kind: 'scalar',
  name: '+',
  description: 'Addition; date + integer, timestamp + interval, interval + interval.',
  example: 'SELECT 1 + 2',
  overloads: [
    ...sameTypeOverloads('$0 + $1', '$0 + $1', numericArithmetic('add')),
    { args: [date, int4], returns: date, kernel: () => numberLoop('$0 + $1', date) },
    { args: [int4, date], returns: date, kernel: () => numberLoop('$0 + $1', date) },
    {
      args: [date, interval],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) =>
          timestampPlusInterval(valueOf<number>(v[0]) * MICROS_PER_DAY, valueOf<Interval>(v[1])),
        ),
    },
    {
      args: [interval, date],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) =>
          timestampPlusInterval(valueOf<number>(v[1]) * MICROS_PER_DAY, valueOf<Interval>(v[0])),
        ),
    },
    {
      args: [date, time],
      returns: timestamp,
      kernel: () => numberLoop(`$0 * ${MICROS_PER_DAY} + $1`, timestamp),
    },
    {
      args: [timestamp, interval],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) => timestampPlusInterval(valueOf<number>(v[0]), valueOf<Interval>(v[1]))),
    },
    {
      args: [interval, timestamp],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) => timestampPlusInterval(valueOf<number>(v[1]), valueOf<Interval>(v[0]))),
    },
    {
      args: [timestamptz, interval],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v, ctx) =>
          timestamptzPlusInterval(valueOf<number>(v[0]), valueOf<Interval>(v[1]), ctx.timeZone),
        ),
    },
    {
      args: [interval, timestamptz],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v, ctx) =>
          timestamptzPlusInterval(valueOf<number>(v[1]), valueOf<Interval>(v[0]), ctx.timeZone),
        ),
    },
    {
      args: [time, interval],
      returns: time,
      kernel: () =>
        valueKernel(
          time,
          (v) =>
            (((valueOf<number>(v[0]) + valueOf<Interval>(v[1]).micros) % MICROS_PER_DAY) + MICROS_PER_DAY) %
            MICROS_PER_DAY,
        ),
    },
    {
      args: [interval, interval],
      returns: interval,
      kernel: () => valueKernel(interval, (v) => intervalAdd(valueOf(v[0]), valueOf(v[1]))),
    },
  ],
};

export const minus: ScalarDefinition = {
  kind: 'scalar',
  name: '-',
  description: 'Subtraction and negation; date - date gives days, timestamp - timestamp gives an interval.',
  example: 'SELECT 5 - 2',
  overloads: [
    ...sameTypeOverloads('$0 - $1', '$0 - $1', numericArithmetic('sub')),
    { args: [date, date], returns: int4, kernel: () => numberLoop('$0 - $1', int4) },
    { args: [date, int4], returns: date, kernel: () => numberLoop('$0 - $1', date) },
    {
      args: [date, interval],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) =>
          timestampPlusInterval(valueOf<number>(v[0]) * MICROS_PER_DAY, intervalNeg(valueOf<Interval>(v[1]))),
        ),
    },
    {
      args: [timestamp, interval],
      returns: timestamp,
      kernel: () =>
        valueKernel(timestamp, (v) =>
          timestampPlusInterval(valueOf<number>(v[0]), intervalNeg(valueOf<Interval>(v[1]))),
        ),
    },
    {
      args: [timestamptz, interval],
      returns: timestamptz,
      kernel: () =>
        valueKernel(timestamptz, (v, ctx) =>
          timestamptzPlusInterval(valueOf<number>(v[0]), intervalNeg(valueOf<Interval>(v[1])), ctx.timeZone),
        ),
    },
    {
      args: [timestamp, timestamp],
      returns: interval,
      kernel: () =>
        valueKernel(interval, (v) => timestampDifference(valueOf<number>(v[0]), valueOf<number>(v[1]))),
    },
    {
      args: [timestamptz, timestamptz],
      returns: interval,
      kernel: () =>
        valueKernel(interval, (v) => timestampDifference(valueOf<number>(v[0]), valueOf<number>(v[1]))),
    },
    {
      args: [time, time],
      returns: interval,
      kernel: () =>
        valueKernel(interval, (v) => ({
          months: 0,
          days: 0,
          micros: valueOf<number>(v[0]) - valueOf<number>(v[1]),
        })),
    },
    {
      args: [time, interval],
      returns: time,
      kernel: () =>
        valueKernel(
          time,
          (v) =>
            (((valueOf<number>(v[0]) - valueOf<Interval>(v[1]).micros) % MICROS_PER_DAY) + MICROS_PER_DAY) %
            MICROS_PER_DAY,
        ),
    },
    {
      args: [interval, interval],
      returns: interval,
      kernel: () => valueKernel(interval, (v) => intervalSub(valueOf(v[0]), valueOf(v[1]))),
    },
    // Unary minus.
    ...[int2, int4, int8].map((t): ScalarOverload => ({
      args: [t],
      returns: t,
      kernel: () => numberLoop('-$0', t, { check: intCheck(t) }),
    })),
    ...[float4, float8].map((t): ScalarOverload => ({
      args: [t],
      returns: t,
      kernel: () => numberLoop('-$0', t),
    })),
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalNeg(valueOf<Decimal>(v[0]))),
    },
    {
      args: [interval],
      returns: interval,
      kernel: () => valueKernel(interval, (v) => intervalNeg(valueOf<Interval>(v[0]))),
    },
  ],
};

export const unaryPlus: ScalarDefinition = {
  kind: 'scalar',
  name: '+/unary',
  description: 'Unary plus.',
  overloads: [int2, int4, int8, float4, float8, numeric, interval].map((t) => ({
    args: [t],
    returns: t,
    kernel: () => (args) => args[0]!,
  })),
};

export const times: ScalarDefinition = {
  kind: 'scalar',
  name: '*',
  description: 'Multiplication; interval * number.',
  example: 'SELECT 6 * 7',
  overloads: [
    ...sameTypeOverloads('$0 * $1', '$0 * $1', numericArithmetic('mul')),
    {
      args: [interval, float8],
      returns: interval,
      kernel: () => valueKernel(interval, (v) => intervalMul(valueOf<Interval>(v[0]), valueOf<number>(v[1]))),
    },
    {
      args: [float8, interval],
      returns: interval,
      kernel: () => valueKernel(interval, (v) => intervalMul(valueOf<Interval>(v[1]), valueOf<number>(v[0]))),
    },
  ],
};

const numericDivide: ScalarKernel = valueKernel(numeric, (v) =>
  decimalDiv(valueOf<Decimal>(v[0]), valueOf<Decimal>(v[1])),
);

export const divide: ScalarDefinition = {
  kind: 'scalar',
  name: '/',
  description: 'Division; integer division truncates toward zero.',
  example: 'SELECT 7 / 2',
  overloads: [
    ...[int2, int4, int8].map((t): ScalarOverload => ({
      args: [t, t],
      returns: t,
      kernel: () =>
        numberLoop('($1 === 0 ? fail(1) : Math.trunc($0 / $1))', t, {
          check: intCheck(t),
          errors: intDivErrors,
        }),
    })),
    ...(
      [
        [float4, float4, float4],
        [float8, float8, float8],
        [float4, float8, float8],
        [float8, float4, float8],
      ] as const
    ).map(([a, b, r]): ScalarOverload => ({
      args: [a, b],
      returns: r,
      kernel: () => numberLoop('($1 === 0 ? fail(1) : $0 / $1)', r, { check: r.id, errors: floatErrors }),
    })),
    { args: [numeric, numeric], returns: numeric, kernel: () => numericDivide },
    {
      args: [interval, float8],
      returns: interval,
      kernel: () => valueKernel(interval, (v) => intervalDiv(valueOf<Interval>(v[0]), valueOf<number>(v[1]))),
    },
  ],
};

export const modulo: ScalarDefinition = {
  kind: 'scalar',
  name: '%',
  aliases: ['mod'],
  description: 'Remainder, with the sign of the dividend.',
  example: 'SELECT mod(7, 3)',
  overloads: [
    ...[int2, int4, int8].map((t): ScalarOverload => ({
      args: [t, t],
      returns: t,
      kernel: () =>
        numberLoop('($1 === 0 ? fail(1) : ($0 % $1) + 0)', t, { check: intCheck(t), errors: intDivErrors }),
    })),
    {
      args: [numeric, numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalMod(valueOf(v[0]), valueOf(v[1]))),
    },
  ],
};
