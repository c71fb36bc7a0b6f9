// Routes each parsed statement to its handler.

import { bodyOf, tagOf } from '../../sql/ast.js';
import { LarchError, SqlState } from '../errors.js';
import type { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { executeAlterTable, executeCreateSchema, executeRename } from './alter-table.js';
import { executeCheckpoint } from './checkpoint.js';
import { executeCopyFile } from './copy-file.js';
import { createTableAs, executeCreateTable } from './create-table.js';
import { executeCreateIndex, executeDropIndex } from './create-index.js';
import { executeCreateView } from './create-view.js';
import { executeDrop, executeTruncate } from './drop.js';
import { executeExplain } from './explain.js';
import { executeModelStatement } from '../ml/model-statements.js';
import { MODEL_STATEMENT_TAG, type ModelStatement } from '../../sql/model-statements.js';
import { executeInsert } from './insert.js';
import { STREAM_STATEMENT_TAG, type StreamStatement } from '../../sql/stream-statements.js';
import { executeStreamStatement } from '../../streaming/stream-ddl.js';
import { executeSelect } from './select.js';
import { executeSet, executeShow } from './set.js';
import { executeDelete, executeUpdate } from './update-delete.js';

export async function dispatch(ctx: StatementContext): Promise<QueryResult> {
  const ast = ctx.statement.ast;
  const tag = tagOf(ast);
  switch (tag) {
    case 'SelectStmt':
      return executeSelect(ctx, bodyOf(ast));
    case 'InsertStmt':
      return executeInsert(ctx, bodyOf(ast));
    case 'UpdateStmt':
      return executeUpdate(ctx, bodyOf(ast));
    case 'DeleteStmt':
      return executeDelete(ctx, bodyOf(ast));
    case 'CreateStmt':
      return executeCreateTable(ctx, bodyOf(ast));
    case 'CreateTableAsStmt': {
      const s = bodyOf<{ query: never; into: never; if_not_exists?: boolean; objtype?: string }>(ast);
      if (s.objtype === 'OBJECT_MATVIEW')
        throw new LarchError(SqlState.featureNotSupported, 'materialized views are not supported');
      const into = s.into as { skipData?: boolean };
      return createTableAs(ctx, {
        query: s.query,
        into: s.into,
        ifNotExists: s.if_not_exists ?? false,
        withNoData: into.skipData ?? false,
      });
    }
    case 'ViewStmt':
      return executeCreateView(ctx, bodyOf(ast));
    case 'DropStmt':
      if (bodyOf<{ removeType?: string }>(ast).removeType === 'OBJECT_INDEX')
        return executeDropIndex(ctx, bodyOf(ast));
      return executeDrop(ctx, bodyOf(ast));
    case 'IndexStmt':
      return executeCreateIndex(ctx, bodyOf(ast));
    case 'TruncateStmt':
      return executeTruncate(ctx, bodyOf(ast));
    case 'AlterTableStmt':
      return executeAlterTable(ctx, bodyOf(ast));
    case 'RenameStmt':
      return executeRename(ctx, bodyOf(ast));
    case 'CreateSchemaStmt':
      return executeCreateSchema(ctx, bodyOf(ast));
    case 'VariableSetStmt':
      return executeSet(ctx, bodyOf(ast));
    case 'VariableShowStmt':
      return executeShow(ctx, bodyOf(ast));
    case 'CopyStmt':
      return executeCopyFile(ctx, bodyOf(ast));
    case 'CheckPointStmt':
      return executeCheckpoint(ctx);
    case 'ExplainStmt':
      return executeExplain(ctx, bodyOf(ast));
    case STREAM_STATEMENT_TAG:
      return executeStreamStatement(ctx, bodyOf<StreamStatement>(ast));
    case MODEL_STATEMENT_TAG:
      return executeModelStatement(ctx, bodyOf<ModelStatement>(ast));
    default:
      throw new LarchError(
        SqlState.featureNotSupported,
        `${tag.replace(/Stmt$/, '')} statements are not supported`,
      );
  }
}
