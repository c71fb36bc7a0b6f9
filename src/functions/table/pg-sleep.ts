// pg_sleep(seconds): waits, then gives one row (PostgreSQL's void, shown empty). A table function so
// that it waits without blocking the thread — other sessions, the server and the sinks go on — and
// in a SELECT list it is a set-returning call of one row; statement_timeout and cancel end the wait.

import { constVector } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { TableFunctionDefinition } from '../function.js';

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const pgSleep: TableFunctionDefinition = {
  kind: 'table',
  name: 'pg_sleep',
  description: 'Waits the given number of seconds (fractions allowed); cancel and statement_timeout end it.',
  example: 'SELECT pg_sleep(0.5)',
  bind: (args) => {
    if (args.length !== 1)
      throw new LarchError(SqlState.undefinedFunction, 'function pg_sleep takes one argument: seconds');
    return {
      name: 'pg_sleep',
      columns: [{ name: 'pg_sleep', type: Types.text }],
      argTypes: [Types.float8],
      async *execute(values, _ctx, signal) {
        const seconds = values[0] as number | null;
        if (seconds !== null && seconds > 0) await sleep(Math.min(seconds * 1000, 2 ** 31 - 1), signal);
        yield { length: 1, columns: [constVector(Types.text, '', 1)] };
      },
    };
  },
};
