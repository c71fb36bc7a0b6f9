// Queries over large tables run on the worker pool; every answer must equal the single-thread one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';

const QUERIES = [
  'SELECT g, count(*), sum(v), avg(v), min(d), max(d), sum(d) FROM t GROUP BY g ORDER BY g',
  'SELECT count(*), sum(v), stddev_samp(v), bool_and(v >= 0) FROM t WHERE v < 500',
  "SELECT s, count(*), string_agg(DISTINCT s, ',') FROM t GROUP BY s ORDER BY s",
  'SELECT a, v, s FROM t WHERE v = 3 AND a % 7 = 0 ORDER BY a LIMIT 20',
  'SELECT k.name, count(*), sum(t.v) FROM t JOIN k ON t.g = k.g WHERE t.v > 900 GROUP BY k.name ORDER BY 1',
  'SELECT count(*) FROM t LEFT JOIN k ON t.g = k.g AND k.g < 10 WHERE k.name IS NULL',
  "SELECT g, sum(v) FILTER (WHERE s = 'x'), count(DISTINCT v % 10) FROM t GROUP BY ROLLUP (g) ORDER BY g NULLS FIRST LIMIT 5",
  // Many groups: repartitioned by hash of the key (negative keys and NULL keys included).
  'SELECT a / 2 - 1000 AS k, count(*), sum(v) FROM t GROUP BY 1 HAVING sum(v) > 1500 ORDER BY 1',
  'SELECT CASE WHEN a % 5 = 0 THEN NULL ELSE a END AS k, max(s) FROM t GROUP BY 1 ORDER BY 1 NULLS FIRST LIMIT 10',
  // Groups by a key whose values ascend with the table: each task's partition holds its groups whole.
  'SELECT a, count(*), sum(v) FROM t GROUP BY a HAVING sum(v) > 990 ORDER BY a DESC LIMIT 10',
  'SELECT k.name, t.a, sum(t.v) FROM t JOIN k ON t.g = k.g WHERE t.v > 500 GROUP BY t.a, k.name ORDER BY 2 LIMIT 10',
  // EXISTS / NOT EXISTS with the outer rows hashed: each task probes them with its part of t.
  'SELECT k.g, k.name FROM k WHERE EXISTS (SELECT 1 FROM t WHERE t.g = k.g AND t.v > 990) ORDER BY 1',
  'SELECT k.g FROM k WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.g = k.g AND t.a <> k.g * 1000 AND t.v < 2) ORDER BY 1',
  'SELECT count(*) FROM k WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.a = k.g + 299990)',
  // A scan whose filter tests a text column of many distinct values runs on the workers even
  // though most of its rows pass (here: the build side of a join).
  "SELECT k.name, count(t.a) FROM k LEFT JOIN t ON k.g = t.g AND t.note NOT LIKE '%99%' GROUP BY k.name ORDER BY 1",
  // Sorts: each task sorts its part, the runs are merged here; ties keep the scan's order, as one
  // thread's stable sort does (g and s repeat: the same order of a).
  'SELECT a, g, v FROM t WHERE v < 300 ORDER BY g DESC, v',
  'SELECT a, s FROM t ORDER BY s NULLS FIRST',
  'SELECT a, d FROM t JOIN k ON t.g = k.g WHERE k.g < 20 ORDER BY d DESC, k.name',
  // Top-N: each task keeps its LIMIT + OFFSET best rows.
  'SELECT a, g FROM t ORDER BY g DESC LIMIT 10',
  'SELECT a, v FROM t WHERE v < 500 ORDER BY v DESC, a LIMIT 7 OFFSET 3',
];

describe('parallel execution', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open();
    await engine.sql(`
      CREATE TABLE t AS
        SELECT i AS a, i % 50 AS g, (i % 1000) * 7919 % 1000 AS v, (i % 1000) / 8.0::float8 AS d,
               CASE WHEN i % 3 = 0 THEN 'x' WHEN i % 3 = 1 THEN 'y' ELSE NULL END AS s,
               'note ' || i AS note
        FROM generate_series(1, 300000) AS s(i);
      CREATE TABLE k AS SELECT g, 'group ' || g AS name FROM generate_series(0, 49) AS s(g);
      SET parallel_min_rows = 20000;
    `);
  });
  afterAll(() => engine.close());

  it.each(QUERIES)('gives the single-thread answer: %s', async (sql) => {
    await engine.sql('SET threads = 1');
    const one = await engine.sql(sql);
    await engine.sql('SET threads = 2');
    const two = await engine.sql(sql);
    expect(two.rows).toEqual(one.rows);
    expect(one.rowCount).toBeGreaterThan(0);
  });

  it('shows the exchange in EXPLAIN only for large scans and more than one thread', async () => {
    const plan = async (sql: string) =>
      (await engine.sql(`EXPLAIN ${sql}`)).rows.map((r) => Object.values(r)[0]).join('\n');
    await engine.sql('SET threads = 2');
    expect(await plan('SELECT g, sum(v) FROM t GROUP BY g')).toMatch(
      /Gather partial aggregates from worker threads over t, 2 partitions/,
    );
    expect(await plan('SELECT g, sum(g) FROM k GROUP BY g')).not.toMatch(/Gather/);
    expect(await plan('SELECT a / 2 AS k, sum(v) FROM t GROUP BY 1')).toMatch(
      /Gather rows from worker threads over t, 2 partitions by hash of \(t\.a \/ 2\)/,
    );
    // t.a ascends: no value of it is in both partitions, so no group is either.
    expect(await plan('SELECT a, sum(v) FROM t GROUP BY a')).toMatch(
      /Gather rows from worker threads over t, 2 partitions by ranges of t\.a/,
    );
    // Each task has its groups complete: HAVING runs there too.
    expect(await plan('SELECT a / 2 AS k, sum(v) FROM t GROUP BY 1 HAVING sum(v) > 1500')).toMatch(
      /Gather rows from worker threads over t, 2 partitions by hash of \(t\.a \/ 2\).*\n\s+-> Filter \(sum > 1500\)/,
    );
    expect(await plan('SELECT a, sum(v) FROM t GROUP BY a HAVING sum(v) > 1500')).toMatch(
      /Gather rows from worker threads over t, 2 partitions by ranges of t\.a.*\n\s+-> Filter \(sum > 1500\)/,
    );
    expect(
      await plan('SELECT t.a, k.name, sum(t.v) FROM t JOIN k ON t.g = k.g GROUP BY t.a, k.name'),
    ).toMatch(/Gather rows from worker threads over t, 2 partitions by ranges of t\.a/);
    expect(await plan("SELECT k.name, t.a FROM k JOIN t ON k.g = t.g AND t.note NOT LIKE '%99%'")).toMatch(
      /Gather rows from worker threads over t, 2 partitions.*\n\s+-> Scan t filters: /,
    );
    expect(
      await plan('SELECT g FROM k WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.g = k.g AND t.v < 2)'),
    ).toMatch(
      /MatchedOuterRows\[Anti\] rows of broadcast 1 no task matched.*\n\s+-> Gather rows from worker threads over t, 2 partitions/,
    );
    expect(await plan('SELECT a, s FROM t ORDER BY s NULLS FIRST')).toMatch(
      /MergeSorted s NULLS FIRST.*\n\s+-> Gather rows from worker threads over t, 2 partitions.*\n\s+-> Sort s NULLS FIRST/,
    );
    expect(await plan('SELECT a, g FROM t ORDER BY g LIMIT 10 OFFSET 5')).toMatch(
      /Limit limit 10 offset 5.*\n\s+-> MergeSorted g.*\n\s+-> Gather rows .*\n\s+-> Limit limit \(10 \+ 5\).*\n\s+-> TopN g/,
    );
    await engine.sql('SET threads = 1');
    expect(await plan('SELECT g, sum(v) FROM t GROUP BY g')).not.toMatch(/Gather/);
  });

  it('reports rows measured on the workers in EXPLAIN ANALYZE', async () => {
    await engine.sql('SET threads = 2');
    const text = (await engine.sql('EXPLAIN ANALYZE SELECT count(*) FROM t WHERE v < 100')).rows
      .map((r) => Object.values(r)[0])
      .join('\n');
    expect(text).toMatch(/Gather .*\(rows: 2, batches: 2,/);
    expect(text).toMatch(/Scan t filters: \(t\.v < 100\) .*\(rows: 30000,/);
  });

  it('updates and deletes the rows matched on the workers, and only those', async () => {
    // Row ids come from the workers' scans: each must be the row's ordinal in the whole table.
    const s = engine.session();
    await s.sql('SET threads = 2; SET parallel_min_rows = 20000');
    await s.sql('CREATE TEMP TABLE w AS SELECT a, v FROM t');
    await s.sql('UPDATE w SET v = v + 1000 WHERE a % 3 = 0');
    await s.sql('DELETE FROM w WHERE a % 7 = 0');
    expect((await s.sql('SELECT count(*) AS n, count(DISTINCT a) AS d, sum(v) AS v FROM w')).rows).toEqual(
      (
        await s.sql(`SELECT count(*) AS n, count(DISTINCT a) AS d,
                            sum(v + CASE WHEN a % 3 = 0 THEN 1000 ELSE 0 END) AS v
                     FROM t WHERE a % 7 <> 0`)
      ).rows,
    );
  });

  it('stops the workers when the query is cancelled', async () => {
    await engine.sql('SET threads = 2');
    const controller = new AbortController();
    const slow = engine.sql('SELECT count(*) FROM t a JOIN t b ON a.v = b.v', [], {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(slow).rejects.toMatchObject({ code: '57014' });
    // The pool is usable at once afterwards.
    expect((await engine.sql('SELECT count(*) AS n FROM t WHERE g = 1')).rows).toEqual([{ n: 6000 }]);
  });

  it('applies statement_timeout to work on the workers', async () => {
    const s = engine.session();
    await s.sql("SET threads = 2; SET statement_timeout = '100ms'");
    await expect(s.sql('SELECT count(*) FROM t a JOIN t b ON a.v = b.v')).rejects.toMatchObject({
      code: '57014',
    });
  });
});
