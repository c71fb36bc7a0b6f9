import { describe, expect, it } from 'vitest';
import { logicalPlan, planSession } from './plan-text.test-kit.js';

describe('fold_constants', () => {
  it('evaluates constant expressions and simplifies boolean logic', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x + (2 * 3) FROM a WHERE true AND y > 1 + 1', [
      'fold_constants',
    ]);
    expect(plan).toBe(['Project (a.x + 6)', '  Filter (a.y > 2)', '    Scan a [x, y]'].join('\n'));
  });

  it('turns an always-false filter into an empty relation', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT x FROM a WHERE 1 = 2', ['fold_constants']);
    expect(plan).toBe(['Project a.x', '  Empty 0 rows'].join('\n'));
  });

  it('leaves expressions that would fail to run time', async () => {
    const s = await planSession();
    const plan = await logicalPlan(s, 'SELECT CASE WHEN x > 0 THEN 1 ELSE 1 / 0 END FROM a', [
      'fold_constants',
    ]);
    expect(plan).toContain('(1 / 0)');
  });
});
