import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('push_down_limit', () => {
  it('copies a limit into both inputs of UNION ALL', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x FROM a UNION ALL SELECT x FROM b LIMIT 5 OFFSET 2', [
      'push_down_limit',
    ]);
    expect(plan.split('\n').filter((l) => l.includes('Limit (5 + 2)'))).toHaveLength(2);
  });

  it('moves a limit below a projection', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x + 1 FROM (SELECT x FROM a ORDER BY x LIMIT 3) t', [
      'push_down_limit',
    ]);
    expect(plan.indexOf('Limit 3')).toBeGreaterThan(plan.indexOf('Project'));
  });
});
