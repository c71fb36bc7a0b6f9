// Several set-returning calls run side by side (SELECT unnest(a), generate_series(1, n)): row k
// pairs the k-th value of each call, and calls that run out early give NULLs, as PostgreSQL's
// ProjectSet does.

import { BATCH_SIZE, type Batch } from '../../columnar/batch.js';
import type { Scalar } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import type { EvalContext, TableFunction } from '../function.js';

/** Each call's function with how many of the combined arguments are its own, in order. */
export interface ZippedCall {
  readonly fn: TableFunction;
  readonly argCount: number;
}

async function columnsOf(fn: TableFunction, args: readonly Scalar[], ctx: EvalContext): Promise<Scalar[][]> {
  const columns: Scalar[][] = fn.columns.map(() => []);
  for await (const b of fn.execute(args, ctx)) {
    b.columns.forEach((v, c) => {
      for (let i = 0; i < b.length; i++) columns[c]!.push(getScalar(v, i));
    });
  }
  return columns;
}

export function zipTableFunctions(calls: readonly ZippedCall[]): TableFunction {
  const columns = calls.flatMap((c) => c.fn.columns);
  return {
    name: calls.map((c) => c.fn.name).join(', '),
    columns,
    argTypes: calls.flatMap((c) => c.fn.argTypes.slice(0, c.argCount)),
    async *execute(args: readonly Scalar[], ctx: EvalContext): AsyncGenerator<Batch> {
      const results: Scalar[][] = [];
      let offset = 0;
      for (const call of calls) {
        results.push(...(await columnsOf(call.fn, args.slice(offset, offset + call.argCount), ctx)));
        offset += call.argCount;
      }
      const rows = Math.max(0, ...results.map((r) => r.length));
      for (let start = 0; start < rows; start += BATCH_SIZE) {
        const end = Math.min(rows, start + BATCH_SIZE);
        yield {
          length: end - start,
          columns: results.map((values, c) => {
            const slice: Scalar[] = [];
            for (let i = start; i < end; i++) slice.push(i < values.length ? values[i]! : null);
            return vectorFromScalars(columns[c]!.type, slice);
          }),
        };
      }
    },
  };
}
