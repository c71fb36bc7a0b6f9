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

  it('aggregates a side that only halves when the groups are wide text columns of the other', async () => {
    const s = await planSession();
    await s.execute(`
      CREATE TABLE sale AS SELECT g % 500 AS k, g AS v FROM generate_series(1, 1000) g;
      CREATE TABLE customer AS SELECT g AS k, 'name ' || g AS name, 'street ' || g AS address
        FROM generate_series(0, 499) g;
    `);
    const aggregates = async (groups: string) => {
      const sql = `SELECT ${groups}, sum(sale.v) FROM sale JOIN customer ON sale.k = customer.k GROUP BY ${groups}`;
      const plan = await logicalPlan(s, sql, RULES);
      return plan
        .split('\n')
        .filter((l) => l.includes('Aggregate'))
        .map((l) => l.trim());
    };
    // Grouping 1,000 sales by their key (500 groups) replaces hashing them on three columns, two of text.
    expect(await aggregates('customer.k, customer.name, customer.address')).toEqual([
      'Aggregate groups: [customer.k, customer.name, customer.address] aggregates: [sum(sum)]',
      'Aggregate groups: [sale.k] aggregates: [sum(sale.v)]',
    ]);
    // Grouped by one integer either way, halving the rows does not pay for a second aggregate.
    expect(await aggregates('customer.k')).toHaveLength(1);
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
