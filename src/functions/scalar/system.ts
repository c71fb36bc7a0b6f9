// Session and system information: now(), current_date, current_user, version(), current_setting …

import { type DataType, typeShortName, Types } from '../../types/data-type.js';
import { MICROS_PER_DAY } from '../../types/datetime.js';
import type { ScalarDefinition, ScalarKernel } from '../function.js';
import { constVector } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { valueKernel } from '../kernels.js';

export const VERSION = 'PostgreSQL 15.0 (Larch 0.1.0) on x86_64, compiled by Node.js';

function constant(
  name: string,
  type: DataType,
  description: string,
  value: (ctx: Parameters<ScalarKernel>[2]) => unknown,
  aliases: string[] = [],
): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    aliases,
    stable: true,
    description,
    overloads: [
      { args: [], returns: type, kernel: () => (_args, n, ctx) => constVector(type, value(ctx) as never, n) },
    ],
  };
}

export const now = constant(
  'now',
  Types.timestamptz,
  'Start time of the current transaction.',
  (ctx) => ctx.transactionTime,
  ['transaction_timestamp', 'current_timestamp'],
);
export const statementTimestamp = constant(
  'statement_timestamp',
  Types.timestamptz,
  'Start time of the current statement.',
  (ctx) => ctx.statementTime,
);
export const clockTimestamp: ScalarDefinition = {
  kind: 'scalar',
  name: 'clock_timestamp',
  volatile: true,
  description: 'The current time, changing during a statement.',
  overloads: [
    {
      args: [],
      returns: Types.timestamptz,
      kernel: () => (_args, n) => constVector(Types.timestamptz, Date.now() * 1000, n),
    },
  ],
};
export const currentDate = constant(
  'current_date',
  Types.date,
  'The current date (in the session time zone).',
  (ctx) => {
    const local = ctx.transactionTime + ctx.timeZone.offsetAt(ctx.transactionTime) * 1_000_000;
    return Math.floor(local / MICROS_PER_DAY);
  },
);
export const localTimestamp = constant(
  'localtimestamp',
  Types.timestamp,
  'The current time as a timestamp without time zone.',
  (ctx) => ctx.transactionTime + ctx.timeZone.offsetAt(ctx.transactionTime) * 1_000_000,
);
export const localTime = constant('localtime', Types.time, 'The current time of day.', (ctx) => {
  const local = ctx.transactionTime + ctx.timeZone.offsetAt(ctx.transactionTime) * 1_000_000;
  return ((local % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY;
});
export const currentUser = constant(
  'current_user',
  Types.name,
  'The current user.',
  (ctx) => ctx.currentUser,
  ['session_user', 'user', 'current_role'],
);
export const currentDatabase = constant(
  'current_database',
  Types.name,
  'The current database.',
  (ctx) => ctx.database,
  ['current_catalog'],
);
export const currentSchema = constant(
  'current_schema',
  Types.name,
  'The first schema on the search path.',
  () => 'public',
);
export const version = constant('version', Types.text, 'The server version string.', () => VERSION);

export const currentSetting: ScalarDefinition = {
  kind: 'scalar',
  name: 'current_setting',
  stable: true,
  description: 'The value of a setting.',
  example: "SELECT current_setting('TimeZone')",
  overloads: [
    {
      args: [Types.text],
      returns: Types.text,
      kernel: () =>
        valueKernel(Types.text, (v, ctx) => {
          const value = ctx.setting(v[0] as string);
          if (value === undefined)
            throw new LarchError(
              SqlState.undefinedObject,
              `unrecognized configuration parameter "${v[0] as string}"`,
            );
          return value;
        }),
    },
    {
      args: [Types.text, Types.bool],
      returns: Types.text,
      kernel: () =>
        valueKernel(Types.text, (v, ctx) => {
          const value = ctx.setting(v[0] as string);
          if (value === undefined && !(v[1] as boolean)) {
            throw new LarchError(
              SqlState.undefinedObject,
              `unrecognized configuration parameter "${v[0] as string}"`,
            );
          }
          return value ?? null;
        }),
    },
  ],
};

export const groupingBits: ScalarDefinition = {
  kind: 'scalar',
  name: 'grouping_bits',
  description:
    'GROUPING(a, b, …) from the grouping set mask: a bit per argument, set when it is not grouped.',
  overloads: [
    {
      args: [Types.int8],
      variadic: Types.int4,
      returns: Types.int4,
      kernel: () =>
        valueKernel(Types.int4, (v) => {
          const mask = v[0] as number;
          let r = 0;
          for (let i = 1; i < v.length; i++) r = (r << 1) | ((mask >> (v[i] as number)) & 1);
          return r;
        }),
    },
  ],
};

export const pgTypeof: ScalarDefinition = {
  kind: 'scalar',
  name: 'pg_typeof',
  description: 'The type of the argument.',
  overloads: [
    {
      args: ['any'],
      returns: Types.text,
      strict: false,
      kernel: (args) => {
        const name = typeShortName(args[0]!);
        return (_args, n) => constVector(Types.text, name, n);
      },
    },
  ],
};
