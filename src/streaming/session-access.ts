// Running code inside a session's current transaction with a statement's context: how the stream
// runner puts a micro-batch's source rows (temp tables), dead letters and positions into the same
// transaction as the sink's output.

import { QueryResult } from '../engine/result.js';
import type { Session } from '../engine/session.js';
import type { StatementContext } from '../engine/statement-context.js';
import type { Batch } from '../columnar/batch.js';
import { parseSql, type PgNode, type Statement } from '../sql/parser.js';
import { UTC } from '../types/datetime.js';

const NO_STATEMENT: Statement = { kind: 'pg', ast: { SelectStmt: {} } as PgNode, text: '', offset: 0 };

/** Runs `work` with a context in the session's transaction (a new one unless a block is open). */
export async function withStatementContext(
  session: Session,
  work: (ctx: StatementContext) => void | Promise<void>,
): Promise<void> {
  await session.executeStatement(NO_STATEMENT, [], {}, undefined, async (ctx) => {
    await work(ctx);
    return new QueryResult([], [], '', 0, UTC);
  });
}

/** The batches of a query's result (columns in select-list order). */
export async function queryBatches(session: Session, sql: string): Promise<Batch[]> {
  const [stmt] = parseSql(sql);
  let out: Batch[] = [];
  await session.executeStatement(stmt!, [], {}, undefined, async (ctx) => {
    const bound = ctx.binder().bindQuery(stmt!.ast, null, null);
    out = await ctx.run(bound.plan, bound.columns);
    return new QueryResult([], [], '', 0, UTC);
  });
  return out;
}
