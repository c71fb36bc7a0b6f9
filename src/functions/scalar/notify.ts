// pg_notify(channel, payload): NOTIFY as a function, queued in the session's transaction like the
// statement. PostgreSQL's result type is void, which Larch lacks: it returns '' (what void prints).

import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

export const pgNotify: ScalarDefinition = {
  kind: 'scalar',
  name: 'pg_notify',
  volatile: true,
  callingThreadOnly: true,
  description:
    "Sends a notification to the channel's listeners when the transaction commits (NOTIFY channel, payload).",
  example: "SELECT pg_notify('jobs', 'job 42 done')",
  overloads: [
    {
      args: [Types.text, Types.text],
      returns: Types.text,
      strict: false,
      kernel: () =>
        valueKernel(
          Types.text,
          (v, ctx) => {
            if (ctx.notify === undefined) {
              throw new LarchError(SqlState.featureNotSupported, 'pg_notify cannot be used here');
            }
            ctx.notify((v[0] as string | null) ?? '', (v[1] as string | null) ?? '');
            return '';
          },
          { strict: false },
        ),
    },
  ],
};
