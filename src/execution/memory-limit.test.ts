// SET memory_limit: a query whose buffers would pass it fails with 53200 and the engine carries on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';

describe('memory_limit', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open();
    await engine.sql(
      'CREATE TABLE t AS SELECT i AS a, i % 1000 AS g, md5(i::text) AS s FROM generate_series(1, 200000) AS s(i)',
    );
  });
  afterAll(() => engine.close());

  it('is shown in PostgreSQL units and rejects bad values', async () => {
    const s = engine.session();
    await s.sql("SET memory_limit = '4GB'");
    expect((await s.sql('SHOW memory_limit')).rows).toEqual([{ memory_limit: '4GB' }]);
    await s.sql("SET memory_limit = '1536MB'");
    expect((await s.sql('SHOW memory_limit')).rows).toEqual([{ memory_limit: '1536MB' }]);
    await expect(s.sql("SET memory_limit = 'lots'")).rejects.toMatchObject({ code: '22023' });
  });

  it.each([
    ['a sort', 'SELECT a, s FROM t ORDER BY s', /Sort/],
    ['a hash aggregate', 'SELECT a, count(*) FROM t GROUP BY a', /HashAggregate/],
    ['a hash join build side', 'SELECT count(*) FROM t x JOIN t y ON x.s = y.s', /HashJoin.* build side/],
    ['a window', 'SELECT a, row_number() OVER (ORDER BY s) FROM t', /Window|Sort/],
  ])('fails %s that needs more with 53200', async (_, sql, operator) => {
    for (const threads of [1, 2]) {
      const s = engine.session();
      await s.sql(`SET threads = ${threads}; SET memory_limit = '4MB'`);
      const failure = await s.sql(sql).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toMatchObject({ code: '53200', message: 'out of memory' });
      expect((failure as { detail: string }).detail).toMatch(operator);
      expect((failure as { detail: string }).detail).toMatch(/memory_limit of 4\.0 MB/);
      // The session and engine carry on; with the limit raised the same query runs.
      await s.sql("SET memory_limit = '1GB'");
      expect((await s.sql(`SELECT count(*) AS n FROM (${sql}) q`)).rows).toHaveLength(1);
    }
  });

  it('leaves queries within the limit alone', async () => {
    const s = engine.session();
    await s.sql("SET memory_limit = '4MB'");
    expect((await s.sql('SELECT g, count(*) AS n FROM t GROUP BY g ORDER BY g LIMIT 2')).rows).toEqual([
      { g: 0, n: 200 },
      { g: 1, n: 200 },
    ]);
    expect((await s.sql('SELECT a FROM t ORDER BY s LIMIT 1')).rows).toHaveLength(1);
  });
});
