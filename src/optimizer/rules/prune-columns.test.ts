import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('prune_columns', () => {
  it('scans only the columns a query reads', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT b.z FROM a JOIN b ON a.x = b.x', ['prune_columns']);
    expect(plan).toContain('Scan a [x]');
    expect(plan).toContain('Scan b [x, z]');
  });

  it('drops aggregates nobody reads', async () => {
    const s = await planSession();
    const plan = await logicalPlan(
      s,
      'SELECT y FROM (SELECT y, sum(x) AS s, count(*) AS n FROM a GROUP BY y) t',
      ['prune_columns'],
    );
    expect(plan).toContain('Aggregate groups: [a.y] aggregates: []');
    expect(plan).toContain('Scan a [y]');
  });
});
