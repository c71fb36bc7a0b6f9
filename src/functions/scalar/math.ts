// Mathematical functions over integers, numerics and doubles.

import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import {
  type Decimal,
  decimalAbs,
  decimalCeil,
  decimalFloor,
  decimalRound,
  decimalRoundNegative,
  decimalSign,
  decimalSqrt,
  decimalTrunc,
} from '../../types/decimal.js';
import type { ScalarDefinition, ScalarOverload } from '../function.js';
import { numberLoop, valueKernel } from '../kernels.js';
import { rint } from '../cast.js';

const { int2, int4, int8, float4, float8, numeric } = Types;

function floatFn(
  name: string,
  description: string,
  f: (x: number) => number,
  check?: (x: number) => void,
  aliases?: string[],
): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    aliases,
    description,
    example: `SELECT ${name}(2.0)`,
    overloads: [
      {
        args: [float8],
        returns: float8,
        kernel: () =>
          valueKernel(float8, (v) => {
            const x = v[0] as number;
            check?.(x);
            return f(x);
          }),
      },
    ],
  };
}

function domainError(message: string, code: string = SqlState.invalidArgumentForLog): LarchError {
  return new LarchError(code, message);
}

export const abs: ScalarDefinition = {
  kind: 'scalar',
  name: 'abs',
  description: 'Absolute value.',
  example: 'SELECT abs(-3)',
  overloads: [
    ...[int2, int4, int8].map((t): ScalarOverload => ({
      args: [t],
      returns: t,
      kernel: () => numberLoop('Math.abs($0)', t, { check: t.id as 'int2' | 'int4' | 'int8' }),
    })),
    ...[float4, float8].map((t): ScalarOverload => ({
      args: [t],
      returns: t,
      kernel: () => numberLoop('Math.abs($0)', t),
    })),
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalAbs(v[0] as Decimal)),
    },
  ],
};

export const sign: ScalarDefinition = {
  kind: 'scalar',
  name: 'sign',
  description: 'Sign of the argument: -1, 0 or 1.',
  overloads: [
    { args: [float8], returns: float8, kernel: () => numberLoop('Math.sign($0)', float8) },
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => ({ m: BigInt(decimalSign(v[0] as Decimal)), s: 0 })),
    },
  ],
};

export const round: ScalarDefinition = {
  kind: 'scalar',
  name: 'round',
  description:
    'Rounds to the nearest integer or to s decimal places (numeric: half away from zero; double: half to even).',
  example: 'SELECT round(2.567, 2)',
  overloads: [
    { args: [float8], returns: float8, kernel: () => valueKernel(float8, (v) => rint(v[0] as number)) },
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalRound(v[0] as Decimal, 0)),
    },
    {
      args: [numeric, int4],
      returns: numeric,
      kernel: () =>
        valueKernel(numeric, (v) => {
          const s = v[1] as number;
          return s >= 0 ? decimalRound(v[0] as Decimal, s) : decimalRoundNegative(v[0] as Decimal, s);
        }),
    },
  ],
};

export const trunc: ScalarDefinition = {
  kind: 'scalar',
  name: 'trunc',
  description: 'Truncates toward zero, to an integer or to s decimal places.',
  example: 'SELECT trunc(2.567, 1)',
  overloads: [
    { args: [float8], returns: float8, kernel: () => numberLoop('Math.trunc($0)', float8) },
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalTrunc(v[0] as Decimal, 0)),
    },
    {
      args: [numeric, int4],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalTrunc(v[0] as Decimal, v[1] as number)),
    },
  ],
};

export const floor: ScalarDefinition = {
  kind: 'scalar',
  name: 'floor',
  description: 'Largest integer not greater than the argument.',
  overloads: [
    { args: [float8], returns: float8, kernel: () => numberLoop('Math.floor($0)', float8) },
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalFloor(v[0] as Decimal)),
    },
  ],
};

export const ceil: ScalarDefinition = {
  kind: 'scalar',
  name: 'ceil',
  aliases: ['ceiling'],
  description: 'Smallest integer not less than the argument.',
  overloads: [
    { args: [float8], returns: float8, kernel: () => numberLoop('Math.ceil($0)', float8) },
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalCeil(v[0] as Decimal)),
    },
  ],
};

export const sqrt: ScalarDefinition = {
  kind: 'scalar',
  name: 'sqrt',
  description: 'Square root.',
  example: 'SELECT sqrt(2)',
  overloads: [
    {
      args: [float8],
      returns: float8,
      kernel: () =>
        valueKernel(float8, (v) => {
          if ((v[0] as number) < 0)
            throw domainError(
              'cannot take square root of a negative number',
              SqlState.invalidArgumentForPower,
            );
          return Math.sqrt(v[0] as number);
        }),
    },
    {
      args: [numeric],
      returns: numeric,
      kernel: () => valueKernel(numeric, (v) => decimalSqrt(v[0] as Decimal)),
    },
  ],
};

export const cbrt = floatFn('cbrt', 'Cube root.', Math.cbrt);
export const exp = floatFn('exp', 'e raised to the argument.', Math.exp);
export const ln = floatFn('ln', 'Natural logarithm.', Math.log, (x) => {
  if (x === 0) throw domainError('cannot take logarithm of zero');
  if (x < 0) throw domainError('cannot take logarithm of a negative number');
});
export const log10 = floatFn('log10', 'Base-10 logarithm.', Math.log10, (x) => {
  if (x === 0) throw domainError('cannot take logarithm of zero');
  if (x < 0) throw domainError('cannot take logarithm of a negative number');
});

export const log: ScalarDefinition = {
  kind: 'scalar',
  name: 'log',
  description: 'Base-10 logarithm, or logarithm to a given base: log(b, x).',
  example: 'SELECT log(100)',
  overloads: [
    ...log10.overloads,
    {
      args: [float8, float8],
      returns: float8,
      kernel: () =>
        valueKernel(float8, (v) => {
          const b = v[0] as number;
          const x = v[1] as number;
          if (b <= 0 || x <= 0)
            throw domainError(
              b === 0 || x === 0
                ? 'cannot take logarithm of zero'
                : 'cannot take logarithm of a negative number',
            );
          if (b === 1) throw new LarchError(SqlState.divisionByZero, 'division by zero');
          return Math.log(x) / Math.log(b);
        }),
    },
  ],
};

export const power: ScalarDefinition = {
  kind: 'scalar',
  name: 'power',
  aliases: ['pow', '^'],
  description: 'a raised to the power b.',
  example: 'SELECT power(2, 10)',
  overloads: [
    {
      args: [float8, float8],
      returns: float8,
      kernel: () =>
        valueKernel(float8, (v) => {
          const a = v[0] as number;
          const b = v[1] as number;
          if (a === 0 && b < 0)
            throw new LarchError(
              SqlState.invalidArgumentForPower,
              'zero raised to a negative power is undefined',
            );
          if (a < 0 && !Number.isInteger(b)) {
            throw new LarchError(
              SqlState.invalidArgumentForPower,
              'a negative number raised to a non-integer power yields a complex result',
            );
          }
          return a ** b;
        }),
    },
  ],
};

export const random: ScalarDefinition = {
  kind: 'scalar',
  name: 'random',
  volatile: true,
  description: 'A random double in [0, 1).',
  overloads: [
    {
      args: [],
      returns: float8,
      kernel: () => (_args, n, ctx) => {
        const data = new Float64Array(n);
        for (let i = 0; i < n; i++) data[i] = ctx.random();
        return { kind: 'f64', type: float8, length: n, validity: null, data };
      },
    },
  ],
};

export const pi: ScalarDefinition = {
  kind: 'scalar',
  name: 'pi',
  description: 'π.',
  overloads: [{ args: [], returns: float8, kernel: () => numberLoop(String(Math.PI), float8) }],
};

export const degrees = floatFn('degrees', 'Radians to degrees.', (x) => (x * 180) / Math.PI);
export const radians = floatFn('radians', 'Degrees to radians.', (x) => (x * Math.PI) / 180);
export const sin = floatFn('sin', 'Sine.', Math.sin);
export const cos = floatFn('cos', 'Cosine.', Math.cos);
export const tan = floatFn('tan', 'Tangent.', Math.tan);
export const asin = floatFn('asin', 'Arc sine.', Math.asin);
export const acos = floatFn('acos', 'Arc cosine.', Math.acos);
export const atan = floatFn('atan', 'Arc tangent.', Math.atan);
export const atan2: ScalarDefinition = {
  kind: 'scalar',
  name: 'atan2',
  description: 'Arc tangent of y/x.',
  overloads: [
    { args: [float8, float8], returns: float8, kernel: () => numberLoop('Math.atan2($0, $1)', float8) },
  ],
};

export const div: ScalarDefinition = {
  kind: 'scalar',
  name: 'div',
  description: 'Integer quotient of numerics, truncated toward zero.',
  overloads: [
    {
      args: [numeric, numeric],
      returns: numeric,
      kernel: () =>
        valueKernel(numeric, (v) => {
          const a = v[0] as Decimal;
          const b = v[1] as Decimal;
          if (b.m === 0n) throw new LarchError(SqlState.divisionByZero, 'division by zero');
          const s = Math.max(a.s, b.s);
          const x = a.m * 10n ** BigInt(s - a.s);
          const y = b.m * 10n ** BigInt(s - b.s);
          return { m: x / y, s: 0 };
        }),
    },
  ],
};

export function bitOps(): ScalarDefinition[] {
  const ops: [string, string, string][] = [
    ['&', '$0 & $1', 'Bitwise AND.'],
    ['|', '$0 | $1', 'Bitwise OR.'],
    ['#', '$0 ^ $1', 'Bitwise XOR.'],
    ['<<', '$0 << $1', 'Shift left.'],
    ['>>', '$0 >> $1', 'Shift right.'],
  ];
  return ops.map(([name, template, description]) => ({
    kind: 'scalar' as const,
    name,
    description,
    overloads: [int2, int4].map((t): ScalarOverload => ({
      args: [t, t],
      returns: t,
      kernel: () => numberLoop(template, t),
    })),
  }));
}
