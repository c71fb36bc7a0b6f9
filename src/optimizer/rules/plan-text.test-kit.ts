// Test support for optimizer rules: the optimized logical plan of a query as text.

import { Engine } from '../../engine/engine.js';
import type { Session } from '../../engine/session.js';

export const SCHEMA = `
  CREATE TABLE a (x int, y int);
  CREATE TABLE b (x int, z text);
  CREATE TABLE c (z text, w int);
  INSERT INTO a SELECT g, g % 10 FROM generate_series(1, 1000) g;
  INSERT INTO b SELECT g, 't' || g FROM generate_series(1, 100) g;
  INSERT INTO c SELECT 't' || g, g FROM generate_series(1, 10) g;
`;

export async function planSession(): Promise<Session> {
  const engine = await Engine.open(undefined, { threads: 1 });
  const session = engine.session();
  await session.execute(SCHEMA);
  return session;
}

/** EXPLAIN (LOGICAL) text with only the named rules (plus decorrelation) enabled. */
export async function logicalPlan(session: Session, sql: string, rules: readonly string[]): Promise<string> {
  const all = [
    'fold_constants',
    'factor_or_conjuncts',
    'push_down_filters',
    'push_down_semi_joins',
    'reduce_grouped_joins',
    'reorder_joins',
    'push_aggregates_below_joins',
    'push_down_limit',
    'prune_columns',
  ];
  const disabled = all.filter((r) => !rules.includes(r));
  await session.execute(`SET disabled_optimizers = '${disabled.join(',')}'`);
  const r = await session.sql(`EXPLAIN (LOGICAL) ${sql}`);
  return r.rows.map((row) => row['QUERY PLAN'] as string).join('\n');
}
