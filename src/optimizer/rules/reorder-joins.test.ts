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

  it('joins two inputs on a value their written conditions share through a third', async () => {
    const s = await planSession();
    await s.execute(`
      CREATE TABLE big AS SELECT g % 10000 AS k FROM generate_series(1, 20000) g;
      CREATE TABLE mid AS SELECT g AS k FROM generate_series(1, 1000) g;
      CREATE TABLE small AS SELECT g AS k FROM generate_series(1, 10) g;
    `);
    // Written: big = mid, big = small. mid = small is the smallest join, then big on one key.
    const plan = await logicalPlan(
      s,
      'SELECT count(*) FROM big, mid, small WHERE big.k = mid.k AND big.k = small.k',
      ['push_down_filters', 'reorder_joins'],
    );
    const joins = plan
      .split('\n')
      .filter((l) => l.includes('Join'))
      .map((l) => l.trim());
    expect(joins).toHaveLength(2);
    expect(joins[0]).toMatch(/^Join inner on \(big\.k = (mid|small)\.k\)$/);
    expect(joins[1]).toMatch(/^Join inner on \((mid\.k = small\.k|small\.k = mid\.k)\)$/);
  });

  it('keeps both equalities when two columns of one input are in the chain', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT count(*) FROM a, c WHERE a.x = c.w AND a.y = c.w', [
      'push_down_filters',
      'reorder_joins',
    ]);
    expect(plan).toContain('(a.x = c.w) AND (a.y = c.w)');
  });

  it('leads a multi-key join with the key the build side holds the smallest share of', async () => {
    const s = await planSession();
    await s.execute(`
      CREATE TABLE l AS SELECT g % 1000 AS pk, g % 10 AS sk FROM generate_series(1, 10000) g;
      CREATE TABLE r AS SELECT g AS pk, g % 10 AS sk FROM generate_series(1, 50) g;
    `);
    // r holds all 10 sk values but 50 of the 1,000 pk values: pk rules out most probe rows.
    const plan = await logicalPlan(s, 'SELECT count(*) FROM l, r WHERE l.sk = r.sk AND l.pk = r.pk', [
      'push_down_filters',
      'reorder_joins',
    ]);
    expect(plan).toContain('Join inner on ((l.pk = r.pk) AND (l.sk = r.sk))');
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
