// All 22 TPC-H queries return the shared answers at SF 0.01, on one thread and on two (with the worker
// pool taking every scan: parallel_min_rows is lowered so that even small tables are partitioned).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/index.js';
import { expectedAnswer, firstDifference } from './answers.js';
import { schemaStatements, sharedTpch, tpchQuery } from './data.js';
import { TPCH_TABLES } from './dbgen/index.js';

const QUERIES = Array.from({ length: 22 }, (_, i) => i + 1);

async function loadTpch(engine: Engine, sf: number): Promise<void> {
  for (const create of schemaStatements()) await engine.sql(create);
  for (const table of TPCH_TABLES) {
    const file = join(sharedTpch, `sf${sf}`, `${table}.parquet`);
    await engine.sql(`INSERT INTO ${table} SELECT * FROM read_parquet('${file}')`);
  }
}

describe.each([
  { sf: 0.01, threads: 1 },
  { sf: 0.01, threads: 2 },
  { sf: 0.1, threads: 2 },
])('TPC-H SF $sf, threads = $threads', ({ sf, threads }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open(undefined, { threads });
    await engine.sql(`SET parallel_min_rows = 1000`);
    await loadTpch(engine, sf);
  });
  afterAll(() => engine.close());

  it.each(QUERIES)('Q%i', async (q) => {
    const got = (await engine.sql(tpchQuery(q))).textRows();
    expect(firstDifference(got, expectedAnswer(sf, q))).toBeNull();
  });
});

describe('TPC-H join orders', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open(undefined, { threads: 1 });
    await loadTpch(engine, 0.01);
  });
  afterAll(() => engine.close());

  it('Q5 meets the region filter on customer before orders (found by the exhaustive search)', async () => {
    const plan = (await engine.sql(`EXPLAIN (LOGICAL) ${tpchQuery(5)}`)).arrays.map((r) => String(r[0]));
    const depth = (join: string) => plan.find((l) => l.includes(join))!.search(/\S/);
    expect(depth('Join inner on (customer.c_nationkey = nation.n_nationkey)')).toBeGreaterThan(
      depth('Join inner on (customer.c_custkey = orders.o_custkey)'),
    );
    expect(depth('Join inner on (customer.c_custkey = orders.o_custkey)')).toBeGreaterThan(
      depth('Join inner on (lineitem.l_orderkey = orders.o_orderkey)'),
    );
  });
});
