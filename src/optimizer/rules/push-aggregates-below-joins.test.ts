import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

const RULES = ['push_down_filters', 'push_aggregates_below_joins'];

describe('push_aggregates_below_joins', () => {
  it('aggregates the many side by its join key before a left join', async () => {
    const s = await planSession();
    // a holds 10 rows per value of y; b.x is unique.
    const plan = await logicalPlan(
      s,
      'SELECT b.z, count(a.x), max(a.x) FROM b LEFT JOIN a ON b.x = a.y GROUP BY b.z',
      RULES,
    );
    const lines = plan.split('\n').map((l) => l.trim());
    expect(lines).toContain('Aggregate groups: [b.z] aggregates: [sum(count), max(max)]');
    expect(lines).toContain('Aggregate groups: [a.y] aggregates: [count(a.x), max(a.x)]');
    expect(plan).toContain('COALESCE(CAST(count AS bigint), 0)');
  });

  it('leaves aggregates that count joined rows, and sides that would not shrink', async () => {
    const s = await planSession();
    for (const sql of [
      'SELECT b.z, count(*) FROM b LEFT JOIN a ON b.x = a.y GROUP BY b.z',
      'SELECT b.z, count(DISTINCT a.x) FROM b LEFT JOIN a ON b.x = a.y GROUP BY b.z',
      // a.x is unique: grouping a by it first saves nothing.
      'SELECT b.z, sum(a.y) FROM b JOIN a ON b.x = a.x GROUP BY b.z',
      // The join keeps a tenth of a's rows: aggregating all of them first would cost more.
      "SELECT sum(a.x) FROM a JOIN b ON a.y = b.x WHERE b.z = 't1'",
      // count(1) counts a left join's unmatched rows too.
      'SELECT b.z, count(1) FROM b LEFT JOIN a ON b.x = a.y GROUP BY b.z',
      // The preserved side of a left join keeps its rows.
      'SELECT a.y, count(b.z) FROM b LEFT JOIN a ON b.x = a.y GROUP BY a.y',
    ]) {
      const plan = await logicalPlan(s, sql, RULES);
      expect(plan.split('\n').filter((l) => l.includes('Aggregate'))).toHaveLength(1);
    }
  });
});
