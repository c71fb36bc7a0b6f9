// Parquet scans on the worker pool: workers open the files and read their row groups themselves;
// every answer must equal the single-thread one.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';

const LINEITEM = join(import.meta.dirname, '..', '..', '..', 'shared', 'tpch', 'sf0.1', 'lineitem.parquet');

let dir: string;
let engine: Engine;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'larch-pf-'));
  engine = await Engine.open();
  file = join(dir, 'data.parquet');
  // 12 row groups of 5,000 rows; numerics within and beyond 2^53, strings and values with NULLs.
  await engine.sql(`
    COPY (
      SELECT i AS id, i % 37 AS g, (i * 7919 % 100000)::numeric(15, 2) / 100 AS price,
             CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 100)::numeric(15, 2) / 100 END AS disc,
             (i::numeric(38, 0) * 100000000000000000) AS huge,
             DATE '1994-01-01' + (i % 730) AS day,
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'name ' || (i % 13) END AS name,
             CASE WHEN i % 7 = 0 THEN NULL ELSE i % 37 END AS g2,
             i % 2 = 0 AS even, i::float8 / 4 AS third, i::int8 * 1000000 AS big,
             TIMESTAMP '2020-01-01 00:00:00' + (i % 1000) * INTERVAL '1 minute' AS ts,
             ARRAY[i, i + 1] AS pair
      FROM generate_series(1, 60000) AS s(i) ORDER BY i
    ) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`);
  await engine.sql(
    `COPY (SELECT i AS id, i % 3 AS k, i * 2 AS v FROM generate_series(1, 30000) s(i)) TO '${join(dir, 'hive')}' (FORMAT parquet, PARTITION_BY (k))`,
  );
  await engine.sql('SET parallel_min_rows = 1000');
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function both(sql: string): Promise<unknown[]> {
  await engine.sql('SET threads = 1');
  const one = await engine.sql(sql);
  await engine.sql('SET threads = 2');
  const two = await engine.sql(sql);
  expect(two.rows).toEqual(one.rows);
  expect(one.rowCount).toBeGreaterThan(0);
  return one.rows;
}

async function plan(sql: string): Promise<string> {
  await engine.sql('SET threads = 2');
  return (await engine.sql(`EXPLAIN ${sql}`)).rows.map((r) => Object.values(r)[0]).join('\n');
}

describe('parallel Parquet scans', () => {
  it('run on the workers', async () => {
    expect(await plan(`SELECT g, sum(price) FROM read_parquet('${file}') GROUP BY g`)).toMatch(
      /Gather .* from worker threads over read_parquet\(/,
    );
    // count(*) reads no column: the footer's row counts are cheaper than a trip to the workers.
    expect(await plan(`SELECT count(*) FROM read_parquet('${file}')`)).not.toMatch(/Gather/);
  });

  it.each([
    'SELECT g, count(*), sum(price), sum(disc), count(disc), min(day), max(day), sum(huge) FROM read_parquet($F) GROUP BY g ORDER BY g',
    'SELECT name, count(*), sum(third), bool_and(even), max(big), max(ts) FROM read_parquet($F) GROUP BY name ORDER BY name NULLS FIRST',
    "SELECT sum(price * disc) FROM read_parquet($F) WHERE day >= DATE '1994-06-01' AND day < DATE '1995-01-01' AND disc BETWEEN 0.05 AND 0.07",
    'SELECT id, price, disc, huge, name, pair FROM read_parquet($F) WHERE id % 997 = 0 ORDER BY id',
    'SELECT id, price FROM read_parquet($F) WHERE id BETWEEN 20001 AND 20010 ORDER BY id',
  ])('gives the single-thread answer: %s', async (sql) => {
    await both(sql.replaceAll('$F', `'${file}'`));
  });

  it('read the same values whether a column comes through the C data interface or IPC', async () => {
    // A list column sends the whole read through IPC; without it the flat columns come zero-copy.
    const flat = await engine.sql(
      `SELECT id, price, disc, huge, day, name, even, third, big, ts FROM read_parquet('${file}') WHERE id % 101 = 0 ORDER BY id`,
    );
    const withList = await engine.sql(
      `SELECT id, price, disc, huge, day, name, even, third, big, ts, pair FROM read_parquet('${file}') WHERE id % 101 = 0 ORDER BY id`,
    );
    expect(withList.rows.map(({ pair: _, ...rest }) => rest)).toEqual(flat.rows);
    expect(flat.rows[0]).toMatchObject({ id: 101, name: 'name 10', even: false });
    expect(String((flat.rows[0] as { huge: unknown }).huge)).toBe('10100000000000000000');
  });

  it('drop rows early by simple comparisons exactly as the filters do', async () => {
    await engine.sql(`CREATE TABLE copied AS SELECT * FROM read_parquet('${file}')`);
    for (const where of [
      'g2 >= 5 AND g2 < 30',
      '5 < g2 AND g2 <= 30 AND id > 1000',
      "day = DATE '1994-03-01'",
      "day > DATE '1994-12-31' AND id < 30000 AND disc < 0.5",
      'g2 < 0',
      'price BETWEEN 10.5 AND 300.25 AND g2 > 3',
      'disc = 0.07 AND price < 100',
      'disc > 0.125 AND disc <= 0.5',
      'disc = 0.075',
      "day >= DATE '1994-01-01' AND day < DATE '1995-01-01' AND disc BETWEEN 0.05 AND 0.07 AND price < 24",
    ]) {
      const sql = (from: string) =>
        `SELECT count(*) AS n, sum(price) AS p, count(disc) AS d FROM ${from} WHERE ${where}`;
      const expected = (await engine.sql(sql('copied'))).rows;
      expect(await both(sql(`read_parquet('${file}')`))).toEqual(expected);
    }
  });

  it('read a Parquet join build side once and broadcast it, rather than on every worker', async () => {
    const dim = join(dir, 'dim.parquet');
    await engine.sql(
      `COPY (SELECT g, 'group ' || g AS label FROM generate_series(0, 36) s(g)) TO '${dim}' (FORMAT parquet)`,
    );
    const sql = `SELECT d.label, count(*), sum(f.price) FROM read_parquet('${file}') f JOIN read_parquet('${dim}') d ON f.g = d.g GROUP BY d.label ORDER BY d.label`;
    expect(await plan(sql)).toMatch(
      /Broadcast .* to worker threads.*\n\s*-> Scan read_parquet\('.*dim\.parquet'\)/,
    );
    expect(await both(sql)).toHaveLength(37);
  });

  it('apply hive partition values and file names on the workers', async () => {
    const rows = await both(
      `SELECT k, count(*), sum(v), count(DISTINCT filename) FROM read_parquet('${join(dir, 'hive')}/**/*.parquet', hive_partitioning => true, filename => true) WHERE v > 10 GROUP BY k ORDER BY k`,
    );
    expect(rows).toHaveLength(3);
  });

  it('report errors raised on a worker with their SQLSTATE', async () => {
    await engine.sql('SET threads = 2');
    const other = join(dir, 'other.parquet');
    await engine.sql(
      `COPY (SELECT i AS id FROM generate_series(1, 5000) s(i)) TO '${other}' (FORMAT parquet)`,
    );
    await expect(
      engine.sql(`SELECT sum(price) FROM read_parquet(['${file}', '${other}'])`),
    ).rejects.toMatchObject({ code: '22P04' });
  });

  it.runIf(existsSync(LINEITEM))('answer TPC-H Q6 and Q1 over lineitem as one thread does', async () => {
    const q6 = await both(
      `SELECT sum(l_extendedprice * l_discount) AS revenue FROM read_parquet('${LINEITEM}') WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24`,
    );
    expect(q6).toEqual([{ revenue: '11803420.2534' }]);
    await both(
      `SELECT l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice * (1 - l_discount)), avg(l_tax), count(*) FROM read_parquet('${LINEITEM}') WHERE l_shipdate <= DATE '1998-09-02' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  });
});
