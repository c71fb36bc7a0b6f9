import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

// As TPC-H Q17: a correlated aggregate over a (1,000 rows) for the few rows of c a filter keeps.
const CORRELATED = `SELECT count(*) AS n, sum(a.y) AS s FROM a JOIN c ON a.x = c.w
  WHERE c.z IN ('t2', 't3', 't7') AND a.y <= (SELECT avg(a2.y) FROM a AS a2 WHERE a2.x = c.w)`;

describe('reduce_grouped_joins', () => {
  it("semi-joins the aggregate's input with the filtered scan its key comes from", async () => {
    const s = await planSession();
    const reduced = (await logicalPlan(s, CORRELATED, ['push_down_filters', 'reduce_grouped_joins'])).split(
      '\n',
    );
    const aggregate = reduced.findIndex((l) => l.includes('Aggregate') && l.includes('avg'));
    expect(aggregate).toBeGreaterThan(0);
    expect(reduced[aggregate + 1]).toMatch(/Join semi/);
    expect(reduced.slice(aggregate + 1).join('\n')).toMatch(/Scan c .*filters/);
    const answer = (await s.sql(CORRELATED)).rows;
    expect(answer).toEqual([{ n: 3, s: 12 }]);
    await logicalPlan(s, CORRELATED, ['push_down_filters']);
    expect((await s.sql(CORRELATED)).rows).toEqual(answer);
  });

  it('follows the key through a semi join to the filtered scan it is drawn from (as TPC-H Q20)', async () => {
    const s = await planSession();
    const sql = `SELECT count(*) AS n FROM b WHERE b.x IN (SELECT w FROM c WHERE z IN ('t2', 't3'))
      AND b.x <= (SELECT avg(a.y) + 100 FROM a WHERE a.x = b.x)`;
    const plan = (await logicalPlan(s, sql, ['push_down_filters', 'reduce_grouped_joins'])).split('\n');
    const aggregate = plan.findIndex((l) => l.includes('Aggregate') && l.includes('avg'));
    expect(plan[aggregate + 1]).toMatch(/Join semi/);
    expect(plan.slice(aggregate + 1).join('\n')).toMatch(/Scan c .*filters/);
    expect((await s.sql(sql)).rows).toEqual([{ n: 2 }]);
  });

  it("lets push_down_semi_joins move the semi join below the aggregate input's joins (as TPC-H Q2)", async () => {
    const s = await planSession();
    const sql = `SELECT count(*) AS n FROM c WHERE c.z IN ('t2', 't3')
      AND c.w <= (SELECT min(a.y) + 100 FROM a JOIN b ON a.x = b.x WHERE a.x = c.w)`;
    const rules = ['push_down_filters', 'reduce_grouped_joins', 'push_down_semi_joins'];
    const plan = (await logicalPlan(s, sql, rules)).split('\n');
    const semi = plan.findIndex((l) => l.includes('Join semi'));
    expect(plan[semi - 1]).toMatch(/Join inner on \(a.x = b.x\)/);
    expect(plan[semi + 1]).toMatch(/Scan a/);
    expect((await s.sql(sql)).rows).toEqual([{ n: 2 }]);
  });

  it('leaves an aggregate alone when the key comes from an unfiltered scan', async () => {
    const s = await planSession();
    const sql = 'SELECT count(*) FROM c WHERE c.w < (SELECT count(*) FROM a WHERE a.y = c.w)';
    const plan = await logicalPlan(s, sql, ['push_down_filters', 'reduce_grouped_joins']);
    expect(plan).not.toMatch(/Join semi/);
  });
});
