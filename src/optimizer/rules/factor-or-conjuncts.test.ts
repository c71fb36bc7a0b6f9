import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('factor_or_conjuncts', () => {
  it('moves a join condition shared by every OR branch out of the OR', async () => {
    const s = await planSession();
    const plan = await logicalPlan(
      s,
      "SELECT count(*) FROM a, b WHERE (a.x = b.x AND a.y = 1) OR (a.x = b.x AND b.z = 't2')",
      ['factor_or_conjuncts', 'push_down_filters'],
    );
    expect(plan).toContain("Join inner on ((a.x = b.x) AND ((a.y = 1) OR (b.z = 't2')))");
  });
});
