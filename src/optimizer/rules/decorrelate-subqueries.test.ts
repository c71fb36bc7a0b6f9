import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('decorrelate_subqueries', () => {
  it('turns EXISTS and NOT EXISTS into semi and anti joins on the correlation', async () => {
    const s = await planSession();
    const exists = await logicalPlan(s, 'SELECT x FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.x = a.x)', []);
    expect(exists).toContain('Join semi on (b.x = a.x)');
    const notExists = await logicalPlan(
      s,
      'SELECT x FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.x = a.x)',
      [],
    );
    expect(notExists).toContain('Join anti on (b.x = a.x)');
  });

  it('groups a correlated aggregate by its correlation key instead of running it per row', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x, (SELECT count(*) FROM b WHERE b.x = a.x) FROM a', []);
    expect(plan).toContain('Join single on (corr = a.x)');
    expect(plan).toContain('Aggregate groups: [b.x] aggregates: [count()]');
    // count over no rows is 0, not NULL.
    expect(plan).toContain('CASE WHEN (corr IS NULL) THEN 0 ELSE count END');
  });

  it('pushes the outer values into a non-equality correlation', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x, (SELECT count(*) FROM b WHERE b.x < a.x) FROM a', []);
    expect(plan).toContain('Distinct');
    expect(plan).toContain('IS NOT DISTINCT FROM');
    expect(
      await s
        .sql(
          'SELECT x, (SELECT count(*) FROM b WHERE b.x < a.x) AS n FROM a WHERE x IN (1, 50, 500) ORDER BY x',
        )
        .then((r) => r.rows),
    ).toEqual([
      { x: 1, n: 0 },
      { x: 50, n: 49 },
      { x: 500, n: 100 },
    ]);
  });

  it('answers IN with NULLs as PostgreSQL does', async () => {
    const s = await planSession();
    const r = await s.sql(
      'SELECT 1 IN (SELECT NULL::int) AS a, 1 NOT IN (SELECT 2 UNION SELECT NULL) AS b, NULL::int IN (SELECT 1 WHERE false) AS c',
    );
    expect(r.rows).toEqual([{ a: null, b: null, c: false }]);
  });
});
