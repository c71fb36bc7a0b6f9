// Files written by Larch are read by DuckDB (and Arrow JS) with the same values, and files DuckDB
// writes are read by Larch: one round trip per format.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';

let dir: string;
let engine: Engine;
let duck: DuckDBConnection;

const TABLE = `CREATE TABLE t AS SELECT g AS id, 'name ' || g AS name, (g * 1.25)::numeric(12,2) AS price,
  g / 7.0::float8 AS ratio, DATE '2024-01-01' + g AS day, TIMESTAMP '2024-01-01 00:00:00' + g * INTERVAL '1 hour' AS ts,
  g % 2 = 0 AS even, CASE WHEN g % 10 = 0 THEN NULL ELSE g::bigint * 1000000000 END AS big
  FROM generate_series(1, 2000) s(g)`;

/** The checks both engines answer: counts, sums, extremes, NULLs, one row's text. */
const CHECK = `SELECT count(*) AS n, sum(price) AS price, floor(sum(ratio) * 1000) AS ratio, min(day) AS d0, max(ts) AS t1,
  sum(CASE WHEN even THEN 1 ELSE 0 END) AS evens, count(big) AS bigs, sum(big) AS big_sum, max(name) AS top`;

async function larchRow(from: string): Promise<string[]> {
  const r = await engine.sql(`${CHECK} FROM ${from}`);
  return r.textRows()[0]!.map((v) => v ?? 'NULL');
}

async function duckRow(from: string): Promise<string[]> {
  const r = await duck.runAndReadAll(`${CHECK} FROM ${from}`);
  return r.getRows()[0]!.map((v) => (v === null ? 'NULL' : String(v)));
}

/** Numbers compared to two decimals (JSON has no decimal type); dates and timestamps as text. */
function normalize(row: string[]): string[] {
  return row.map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v).toFixed(2) : v.replace(/\.0+$/, '')));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'larch-rt-'));
  engine = await Engine.open();
  await engine.sql(TABLE);
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});

afterAll(async () => {
  duck.closeSync();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Larch writes, DuckDB reads', () => {
  it.each([
    ['parquet', '(FORMAT parquet, COMPRESSION zstd)', 'read_parquet'],
    ['csv', '(FORMAT csv, HEADER)', 'read_csv'],
    ['json', "(FORMAT 'json')", 'read_json'],
  ])('%s', async (ext, options, reader) => {
    const path = join(dir, `larch.${ext}`);
    await engine.sql(`COPY t TO '${path}' ${options}`);
    const expected = normalize(await larchRow('t'));
    expect(normalize(await duckRow(`${reader}('${path}')`))).toEqual(expected);
    // and back into Larch
    expect(normalize(await larchRow(`${reader}('${path}')`))).toEqual(expected);
  });

  it('parquet keeps the column types DuckDB expects', async () => {
    const path = join(dir, 'types.parquet');
    await engine.sql(`COPY t TO '${path}' (FORMAT parquet)`);
    const r = await duck.runAndReadAll(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`,
    );
    expect(r.getRows().map((x) => x.join(' '))).toEqual([
      'id INTEGER',
      'name VARCHAR',
      'price DECIMAL(12,2)',
      'ratio DOUBLE',
      'day DATE',
      'ts TIMESTAMP',
      'even BOOLEAN',
      'big BIGINT',
    ]);
  });

  it('partitioned parquet folders read back with DuckDB hive partitioning', async () => {
    const path = join(dir, 'parts');
    await engine.sql(
      `COPY (SELECT *, id % 3 AS k FROM t) TO '${path}' (FORMAT parquet, PARTITION_BY (k, even))`,
    );
    const r = await duck.runAndReadAll(
      `SELECT k, even, count(*) FROM read_parquet('${path}/*/*/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY ALL`,
    );
    const larch = await engine.sql(
      `SELECT k, even, count(*) FROM read_parquet('${path}/*/*/*.parquet') GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(r.getRows().map((x) => x.map(String).join(' '))).toEqual(
      larch.textRows().map((x) => x.map((v) => (v === 't' ? 'true' : v === 'f' ? 'false' : v)).join(' ')),
    );
  });

  it('arrow files are read by Arrow JS with the same values', async () => {
    const path = join(dir, 'larch.arrow');
    await engine.sql(`COPY (SELECT id, price, day, ts, big FROM t) TO '${path}'`);
    const table = arrow.tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(2000);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      'Int32',
      'Decimal[12e+2]',
      'Date32<DAY>',
      'Timestamp<MICROSECOND>',
      'Int64',
    ]);
    expect(table.getChild('big')!.get(0)).toBe(1000000000n);
    expect(table.getChild('big')!.get(9)).toBeNull();
  });
});

describe('DuckDB writes, Larch reads', () => {
  it.each([
    ['parquet', '(FORMAT parquet, COMPRESSION snappy)', 'read_parquet'],
    ['gz.parquet', '(FORMAT parquet, COMPRESSION gzip)', 'read_parquet'],
    ['csv', '(HEADER)', 'read_csv'],
    ['csv.gz', "(HEADER, COMPRESSION 'gzip')", 'read_csv'],
    ['json', '(FORMAT json)', 'read_json'],
    ['array.json', '(FORMAT json, ARRAY true)', 'read_json'],
  ])('%s', async (ext, options, reader) => {
    // The same table in DuckDB's dialect.
    const duckTable = TABLE.replace('CREATE TABLE t AS ', '')
      .replace('+ g AS day', '+ g::int AS day')
      .replace("g * INTERVAL '1 hour'", 'to_hours(g)')
      .replace(/\|\| g/g, '|| g::varchar');
    await duck.run(`CREATE OR REPLACE TABLE t AS ${duckTable}`);
    const path = join(dir, `duck.${ext}`);
    await duck.run(`COPY t TO '${path}' ${options}`);
    expect(normalize(await larchRow(`${reader}('${path}')`))).toEqual(normalize(await duckRow('t')));
  });

  it('parquet with nested lists and structs, and dictionary pages', async () => {
    const path = join(dir, 'nested.parquet');
    await duck.run(
      `COPY (SELECT i, [i, i + 1] AS l, {'a': i, 'b': 'x' || i::varchar} AS s, (i % 3)::varchar AS d FROM range(5000) r(i)) TO '${path}' (FORMAT parquet)`,
    );
    const r = await engine.sql(
      `SELECT count(*), sum(l[2]), max(s ->> 'b'), count(DISTINCT d), pg_typeof(max(l)) FROM read_parquet('${path}')`,
    );
    expect(r.textRows()).toEqual([['5000', '12502500', 'x999', '3', 'bigint[]']]);
  });

  it('arrow IPC streams written by Arrow JS', async () => {
    const path = join(dir, 'js.arrows');
    const t = arrow.tableFromArrays({ a: Int32Array.from([1, 2, 3]), b: ['x', 'y', 'z'] });
    writeFileSync(path, arrow.tableToIPC(t, 'stream'));
    const r = await engine.sql(`SELECT sum(a), string_agg(b, ',') FROM read_arrow('${path}')`);
    expect(r.textRows()).toEqual([['6', 'x,y,z']]);
  });
});
