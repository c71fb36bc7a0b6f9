// Session functions that catalog queries and drivers call: current_schemas, set_config and the
// server-state probes (pg_is_in_recovery, pg_postmaster_start_time …).

import { constVector } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { listType, Types } from '../../types/data-type.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

/** Schemas on the search path that exist, as current_schemas(false) lists them. */
function searchPathSchemas(ctx: EvalContext): string[] {
  const path = (ctx.setting('search_path') ?? 'public')
    .split(',')
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1'));
  const schemas = new Set([
    'public',
    ...(ctx.catalog?.view.entries ?? []).filter((e) => e.kind === 'schema').map((e) => e.name),
  ]);
  return path.map((s) => (s === '$user' ? ctx.currentUser : s)).filter((s) => schemas.has(s));
}

export const currentSchemas: ScalarDefinition = {
  kind: 'scalar',
  name: 'current_schemas',
  stable: true,
  description: 'The schemas on the search path; with true, also the implicitly searched ones (pg_catalog).',
  example: 'SELECT current_schemas(true)',
  overloads: [
    {
      args: [Types.bool],
      returns: listType(Types.name),
      kernel: () =>
        valueKernel(listType(Types.name), (v, ctx) => {
          const schemas = searchPathSchemas(ctx);
          if (!(v[0] as boolean)) return schemas;
          const temp = ctx.catalog?.view.entries.some((e) => e.schema === 'pg_temp') ? ['pg_temp_1'] : [];
          return [...temp, 'pg_catalog', ...schemas];
        }),
    },
  ],
};

export const setConfig: ScalarDefinition = {
  kind: 'scalar',
  name: 'set_config',
  volatile: true,
  description:
    'Sets a setting for the session (or the transaction, when is_local) and returns its new value.',
  example: "SELECT set_config('search_path', 'public', false)",
  overloads: [
    {
      args: [Types.text, Types.text, Types.bool],
      returns: Types.text,
      strict: false,
      kernel: () =>
        valueKernel(
          Types.text,
          (v, ctx) => {
            if (v[0] === null) {
              throw new LarchError(SqlState.nullValueNotAllowed, 'SET requires parameter name');
            }
            if (ctx.setSetting === undefined) {
              throw new LarchError(SqlState.featureNotSupported, 'set_config cannot be used here');
            }
            ctx.setSetting(v[0] as string, (v[1] as string | null) ?? '', (v[2] as boolean | null) ?? false);
            return ctx.setting(v[0] as string) ?? null;
          },
          { strict: false },
        ),
    },
  ],
};

const STARTED = Date.now() * 1000;

export const postmasterStartTime: ScalarDefinition = {
  kind: 'scalar',
  name: 'pg_postmaster_start_time',
  stable: true,
  description: 'When the server started.',
  overloads: [
    {
      args: [],
      returns: Types.timestamptz,
      kernel: () => (_a, n) => constVector(Types.timestamptz, STARTED, n),
    },
  ],
};

export const isInRecovery: ScalarDefinition = {
  kind: 'scalar',
  name: 'pg_is_in_recovery',
  description: 'Whether the server is a standby replaying changes: never, for Larch.',
  overloads: [{ args: [], returns: Types.bool, kernel: () => (_a, n) => constVector(Types.bool, false, n) }],
};
