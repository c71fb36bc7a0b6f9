// SET, RESET and SHOW.

import type { VariableSetStmt, VariableShowStmt } from '@pgsql/types';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { bodyOf, type PgNode, tagOf } from '../../sql/ast.js';
import { Types } from '../../types/data-type.js';
import { LarchError, SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import { allSettings } from '../settings.js';
import type { StatementContext } from '../statement-context.js';

/** Setting names as SQL spells them, mapped to ours. */
const ALIASES: Record<string, string> = { 'time zone': 'timezone' };

function valueText(node: PgNode): string {
  if (tagOf(node) === 'A_Const') {
    const c = bodyOf<{
      sval?: { sval?: string };
      ival?: { ival?: number };
      fval?: { fval?: string };
      boolval?: { boolval?: boolean };
    }>(node);
    if (c.sval !== undefined) return c.sval.sval ?? '';
    if (c.ival !== undefined) return String(c.ival.ival ?? 0);
    if (c.fval !== undefined) return c.fval.fval ?? '0';
    if (c.boolval !== undefined) return c.boolval.boolval ? 'on' : 'off';
  }
  if (tagOf(node) === 'TypeCast') return valueText(bodyOf<{ arg: PgNode }>(node).arg);
  throw new LarchError(SqlState.syntaxError, 'SET needs a constant value');
}

export async function executeSet(ctx: StatementContext, stmt: VariableSetStmt): Promise<QueryResult> {
  const name = ALIASES[stmt.name ?? ''] ?? stmt.name ?? '';
  const done = (tag: string) => new QueryResult([], [], tag, 0, ctx.evalContext.timeZone);
  switch (stmt.kind) {
    case 'VAR_SET_VALUE': {
      const args = stmt.args ?? [];
      const value = args.map(valueText).join(', ');
      // SET LOCAL outside a transaction block has no effect (PostgreSQL only warns).
      if (stmt.is_local && !ctx.txn.explicit) return done('SET');
      ctx.settings.set(
        name,
        name === 'timezone' && value.toLowerCase() === 'local' ? 'UTC' : value,
        stmt.is_local ?? false,
      );
      return done('SET');
    }
    case 'VAR_SET_DEFAULT':
    case 'VAR_RESET':
      ctx.settings.reset(name);
      return done(stmt.kind === 'VAR_RESET' ? 'RESET' : 'SET');
    case 'VAR_RESET_ALL':
      ctx.settings.resetAll();
      return done('RESET');
    case 'VAR_SET_MULTI':
      // SET TRANSACTION / SESSION CHARACTERISTICS: accepted, as isolation is snapshot-based.
      return done('SET');
    default:
      throw new LarchError(SqlState.featureNotSupported, `SET ${String(stmt.kind)} is not supported`);
  }
}

export async function executeShow(ctx: StatementContext, stmt: VariableShowStmt): Promise<QueryResult> {
  const name = ALIASES[stmt.name ?? ''] ?? stmt.name ?? '';
  if (name === 'all') {
    const defs = allSettings();
    const schema = [
      { name: 'name', type: Types.text },
      { name: 'setting', type: Types.text },
      { name: 'description', type: Types.text },
    ];
    const columns = [
      vectorFromScalars(
        Types.text,
        defs.map((d) => d.name),
      ),
      vectorFromScalars(
        Types.text,
        defs.map((d) => ctx.settings.get(d.name) ?? ''),
      ),
      vectorFromScalars(
        Types.text,
        defs.map((d) => d.description),
      ),
    ];
    return new QueryResult(
      schema,
      [{ length: defs.length, columns }],
      'SHOW',
      defs.length,
      ctx.evalContext.timeZone,
    );
  }
  const value = ctx.settings.get(name);
  if (value === undefined)
    throw new LarchError(SqlState.undefinedObject, `unrecognized configuration parameter "${stmt.name}"`);
  const display =
    name === 'timezone'
      ? 'TimeZone'
      : name === 'datestyle'
        ? 'DateStyle'
        : name === 'intervalstyle'
          ? 'IntervalStyle'
          : name;
  const schema = [{ name: display, type: Types.text }];
  return new QueryResult(
    schema,
    [{ length: 1, columns: [vectorFromScalars(Types.text, [value])] }],
    'SHOW',
    1,
    ctx.evalContext.timeZone,
  );
}
