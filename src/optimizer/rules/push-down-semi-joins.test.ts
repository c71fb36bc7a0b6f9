import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('push_down_semi_joins', () => {
  it('moves an IN subquery below the inner join to the input it tests', async () => {
    const s = await planSession();
    const sql = 'SELECT * FROM a JOIN b ON a.x = b.x WHERE b.z IN (SELECT z FROM c WHERE w > 5)';
    const plan = (await logicalPlan(s, sql, ['push_down_semi_joins'])).split('\n');
    const semi = plan.findIndex((l) => l.includes('Join semi'));
    const inner = plan.findIndex((l) => l.includes('Join inner'));
    expect(semi).toBeGreaterThan(inner);
    // The semi join's left input is b's scan, one level down.
    expect(plan[semi + 1]).toMatch(/Scan b/);
    expect((await s.sql(sql)).rows).toHaveLength(5);
  });

  it('keeps a NOT EXISTS that reads both join inputs above the join', async () => {
    const s = await planSession();
    const sql =
      'SELECT count(*) FROM a JOIN b ON a.y = b.x WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.w = a.x AND c.z = b.z)';
    const plan = (await logicalPlan(s, sql, ['push_down_semi_joins'])).split('\n');
    expect(plan.findIndex((l) => l.includes('Join anti'))).toBeLessThan(
      plan.findIndex((l) => l.includes('Join inner')),
    );
  });
});
