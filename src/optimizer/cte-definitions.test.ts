import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './rules/plan-text.test-kit.js';

const ALL_RULES = ['fold_constants', 'push_down_filters', 'reorder_joins', 'prune_columns'];

describe('WITH queries read more than once', () => {
  it('are planned once, under a CTE heading, computing only the columns their scans read', async () => {
    const s = await planSession();
    const sql = `WITH t AS (SELECT x, y, x * 2 AS unread FROM a WHERE y < 5)
      SELECT count(*) AS n FROM t t1 JOIN t t2 ON t1.x = t2.y`;
    const plan = await logicalPlan(s, sql, ALL_RULES);
    expect(plan.match(/CteScan t/g)).toHaveLength(2);
    expect(plan.match(/^CTE t$/gm)).toHaveLength(1);
    const definition = plan.slice(plan.indexOf('CTE t'));
    expect(definition).toMatch(/Scan a \[x, y\] filters: \(a\.y < 5\)/);
    expect(definition).not.toMatch(/unread|\* 2/);
    expect((await s.sql(sql)).rows).toEqual([{ n: 400 }]);
  });

  it('optimizes a query read by another WITH query after its reader, with the columns both read', async () => {
    const s = await planSession();
    const sql = `WITH base AS (SELECT x, y, x + y AS s FROM a), pairs AS (SELECT b1.x, b2.s FROM base b1 JOIN base b2 ON b1.x = b2.y)
      SELECT count(*) AS n, sum(p1.s) AS total FROM pairs p1 JOIN pairs p2 ON p1.x = p2.x`;
    const plan = await logicalPlan(s, sql, ALL_RULES);
    expect(plan.match(/^CTE (base|pairs)$/gm)?.sort()).toEqual(['CTE base', 'CTE pairs']);
    expect(plan.slice(plan.indexOf('CTE base'))).toMatch(/CteScan base \[x, y, s\]|Project .*\+/);
    const rows = (await s.sql(sql)).rows;
    await s.execute(`SET disabled_optimizers = ''`);
    const inlined = (await s.sql(sql.replace(/ AS \(/g, ' AS NOT MATERIALIZED ('))).rows;
    expect(rows).toEqual(inlined);
  });

  it('are inlined when read once, and under NOT MATERIALIZED', async () => {
    const s = await planSession();
    const once = await logicalPlan(s, 'WITH t AS (SELECT x FROM a) SELECT count(*) FROM t', ALL_RULES);
    expect(once).not.toMatch(/Cte/);
    const never = await logicalPlan(
      s,
      'WITH t AS NOT MATERIALIZED (SELECT x FROM a) SELECT count(*) FROM t t1, t t2 WHERE t1.x = t2.x',
      ALL_RULES,
    );
    expect(never).not.toMatch(/Cte/);
    const always = await logicalPlan(
      s,
      'WITH t AS MATERIALIZED (SELECT x FROM a) SELECT count(*) FROM t',
      ALL_RULES,
    );
    expect(always).toMatch(/CteScan t/);
  });
});
