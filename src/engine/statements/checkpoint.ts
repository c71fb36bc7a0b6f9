// CHECKPOINT: folds the write-ahead log into the manifest and compacts small segments (a no-op in
// memory). Like PostgreSQL's, it is not transactional and may run inside a transaction block.

import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';

export async function executeCheckpoint(ctx: StatementContext): Promise<QueryResult> {
  await ctx.database.checkpoint();
  return new QueryResult([], [], 'CHECKPOINT', 0, ctx.evalContext.timeZone);
}
