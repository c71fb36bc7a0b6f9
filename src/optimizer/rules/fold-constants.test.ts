import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('fold_constants', () => {
  it('evaluates constant expressions and simplifies boolean logic', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x + (2 * 3) FROM a WHERE true AND y > 1 + 1', [
      'fold_constants',
    ]);
    expect(plan).toBe(['Project (a.x + 6)', '  Filter (a.y > 2)', '    Scan a [x, y]'].join('\n'));
  });

  it('compares a date with a midnight timestamp as dates, without a cast per row', async () => {
    const s = await planSession();
    await s.execute("CREATE TABLE days AS SELECT date '1993-09-01' + g AS d FROM generate_series(0, 199) g");
    const sql = (bound: string) =>
      `SELECT count(*) AS n FROM days WHERE d >= date '1993-10-01' AND d < ${bound}`;
    const midnight = sql("date '1993-10-01' + interval '3' month");
    const plan = await logicalPlan(s, midnight, ['fold_constants']);
    expect(plan).toContain('(days.d < 1994-01-01)');
    expect(plan).not.toContain('CAST');
    expect((await s.sql(midnight)).rows).toEqual([{ n: 92 }]);
    // A time of day keeps the timestamp comparison (checked against PostgreSQL 15: 93 days).
    const noon = sql("timestamp '1994-01-01 12:00'");
    expect(await logicalPlan(s, noon, ['fold_constants'])).toContain('CAST');
    expect((await s.sql(noon)).rows).toEqual([{ n: 93 }]);
  });

  it('turns an always-false filter into an empty relation', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x FROM a WHERE 1 = 2', ['fold_constants']);
    expect(plan).toBe(['Project a.x', '  Empty 0 rows'].join('\n'));
  });

  it('leaves expressions that would fail to run time', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT CASE WHEN x > 0 THEN 1 ELSE 1 / 0 END FROM a', [
      'fold_constants',
    ]);
    expect(plan).toContain('(1 / 0)');
  });
});
