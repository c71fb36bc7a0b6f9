// SELECT, VALUES and set operations: bind, plan, run, and return the rows.

import type { SelectStmt } from '@pgsql/types';
import { regNameLookup } from '../../catalog/system/reg-names.js';
import { settleParamTypes } from '../params.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { createTableAs } from './create-table.js';

export async function executeSelect(ctx: StatementContext, stmt: SelectStmt): Promise<QueryResult> {
  if (stmt.intoClause !== undefined)
    return createTableAs(ctx, {
      query: { SelectStmt: { ...stmt, intoClause: undefined } },
      into: stmt.intoClause,
      ifNotExists: false,
    });
  const bound = ctx.binder().bindSelectStmt(stmt, null, null);
  settleParamTypes(ctx.params);
  const batches = await ctx.run(bound.plan, bound.columns);
  const rows = batches.reduce((s, b) => s + b.length, 0);
  const evalContext = ctx.evalContext;
  return new QueryResult(bound.columns, batches, `SELECT ${rows}`, rows, evalContext.timeZone).withRegNames(
    regNameLookup(() => evalContext.catalog),
  );
}
