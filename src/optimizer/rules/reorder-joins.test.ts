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
});
