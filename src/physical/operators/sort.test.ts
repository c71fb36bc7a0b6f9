import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.js';

describe('top-N sort', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open(undefined, { threads: 1 });
    // 100,000 rows in several batches: keys with ties, NULLs and text.
    await engine.sql(`CREATE TABLE t AS SELECT g AS id, (g * 7919) % 1009 AS k,
      CASE WHEN g % 13 = 0 THEN NULL ELSE 'v' || (g % 97) END AS s FROM generate_series(1, 100000) g`);
  });
  afterAll(() => engine.close());

  it.each([
    'ORDER BY k',
    'ORDER BY k DESC',
    'ORDER BY s NULLS FIRST, k DESC',
    'ORDER BY s DESC, id',
    'ORDER BY k % 3, s',
  ])('keeps the rows a full sort puts first, in its order (ties in input order): %s', async (order) => {
    const all = (await engine.sql(`SELECT id, k, s FROM t ${order}`)).rows;
    for (const [limit, offset] of [
      [1, 0],
      [25, 0],
      [300, 40],
      [20000, 5],
    ] as const) {
      const top = (await engine.sql(`SELECT id, k, s FROM t ${order} LIMIT ${limit} OFFSET ${offset}`)).rows;
      expect(top).toEqual(all.slice(offset, offset + limit));
    }
  });
});
