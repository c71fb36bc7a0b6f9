import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('reorder_joins', () => {
  it('joins connected inputs first and builds on the smaller side', async () => {
    const s = await planSession();
    // Written as a cross product of a and c first; c connects only to b.
    const plan = await logicalPlan(s, 'SELECT count(*) FROM a, c, b WHERE a.x = b.x AND b.z = c.z', [
      'push_down_filters',
      'reorder_joins',
    ]);
    const lines = plan.split('\n');
    expect(lines).toContain('    Join inner on (a.x = b.x)');
    expect(lines).toContain('        Scan b [x, z]');
    expect(lines).toContain('        Scan c [z, w]');
    expect(plan).not.toContain('Join inner\n');
  });

  it("estimates column = constant from the column's distinct values", async () => {
    const s = await planSession();
    await s.execute(`
      CREATE TABLE f AS SELECT g AS k, CASE WHEN g % 2 = 0 THEN 'F' ELSE 'O' END AS status FROM generate_series(1, 1000) g;
      CREATE TABLE d AS SELECT g AS k, 'n' || g AS name FROM generate_series(1, 1000) g;
      CREATE TABLE l AS SELECT g % 1000 AS k1, g % 997 AS k2 FROM generate_series(1, 10000) g;
    `);
    // status = 'F' keeps half of f, name = 'n1' one row of d: l meets d first.
    const plan = await logicalPlan(
      s,
      "SELECT count(*) FROM l, f, d WHERE l.k1 = f.k AND l.k2 = d.k AND f.status = 'F' AND d.name = 'n1'",
      ['push_down_filters', 'reorder_joins'],
    );
    const lines = plan.split('\n');
    const inner = lines.findIndex((l) => l.includes('Join inner on (l.k2 = d.k)'));
    const outer = lines.findIndex((l) => l.includes('Join inner on (l.k1 = f.k)'));
    expect(inner).toBeGreaterThan(outer);
    expect(outer).toBeGreaterThanOrEqual(0);
  });
});
