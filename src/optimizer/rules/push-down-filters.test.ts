import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('push_down_filters', () => {
  it('moves single-table predicates into scans and join predicates into the join', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, "SELECT a.y FROM a, b WHERE a.x = b.x AND a.y = 3 AND b.z LIKE 't%'", [
      'push_down_filters',
    ]);
    expect(plan).toBe(
      [
        'Project a.y',
        '  Join inner on (a.x = b.x)',
        '    Scan a [x, y] filters: (a.y = 3)',
        "    Scan b [x, z] filters: (b.z LIKE 't%')",
      ].join('\n'),
    );
  });

  it('pushes to each side of an inner join what every branch of an OR asks of it (TPC-H Q19)', async () => {
    const s = await planSession();
    const plan = await logicalPlan(
      s,
      "SELECT a.y FROM a, b WHERE (a.x = b.x AND a.y = 1 AND b.z = 't') OR (a.x = b.x AND a.y = 2)",
      ['factor_or_conjuncts', 'push_down_filters'],
    );
    // b gets nothing: the second branch says nothing about b alone.
    expect(plan).toContain('Scan a [x, y] filters: ((a.y = 1) OR (a.y = 2))');
    expect(plan).toMatch(/Scan b \[x, z\]$/m);
    expect(plan).toContain("(((a.y = 1) AND (b.z = 't')) OR (a.y = 2))");
  });

  it('substitutes projected expressions when passing a projection', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x FROM (SELECT x, y * 2 AS d FROM a) s WHERE d > 4', [
      'push_down_filters',
    ]);
    expect(plan).toContain('Scan a [x, y] filters: ((a.y * 2) > 4)');
  });

  it('makes a LEFT JOIN inner when WHERE rejects NULLs from its right side', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, "SELECT a.x FROM a LEFT JOIN b ON a.x = b.x WHERE b.z = 't1'", [
      'push_down_filters',
    ]);
    expect(plan).toContain('Join inner on (a.x = b.x)');
    expect(plan).toContain("Scan b [x, z] filters: (b.z = 't1')");
  });

  it('keeps IS NULL on a LEFT JOIN above the join', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT a.x FROM a LEFT JOIN b ON a.x = b.x WHERE b.z IS NULL', [
      'push_down_filters',
    ]);
    expect(plan).toContain('Join left on (a.x = b.x)');
    expect(plan.split('\n')[1]).toBe('  Filter (b.z IS NULL)');
  });

  it('pushes predicates on group keys below the aggregate', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT y, count(*) FROM a GROUP BY y HAVING y > 5 AND count(*) > 1', [
      'push_down_filters',
    ]);
    expect(plan).toContain('Scan a [x, y] filters: (a.y > 5)');
    expect(plan).toContain('Filter (count > 1)');
  });
});
