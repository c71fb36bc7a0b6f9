// One engine's TPC-H run, in its own process so that its peak memory is its own:
//   node dist/bench/tpch/tpch-run.js '<json RunRequest>'
// loads the eight tables from Parquet (PostgreSQL: from CSV, once per database), times each query
// (median of `runs` after a warm-up) and prints a RunReport as JSON on its last line.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { Engine } from '../../src/engine/engine.js';
import { peakMemoryMb, time } from '../measure.js';
import { schemaStatements, tpchQuery } from './data.js';
import { TPCH_TABLES } from './dbgen/index.js';

export interface RunRequest {
  readonly engine: 'larch' | 'duckdb' | 'postgres';
  readonly dir: string;
  readonly sf: number;
  readonly runs: number;
  readonly threads: number;
  readonly queries: readonly number[];
  readonly postgres?: string;
}

export interface QueryReport {
  readonly query: number;
  readonly ms: number;
  /** The result as text (numbers compared with a tolerance by the caller); null when it failed. */
  readonly rows: readonly (readonly (string | null)[])[] | null;
  readonly error?: string;
}

export interface RunReport {
  readonly loadMs: number;
  readonly queries: readonly QueryReport[];
  readonly peakMb: number;
}

interface Connection {
  run(sql: string): Promise<(string | null)[][]>;
  close(): Promise<void>;
}

async function larch(request: RunRequest): Promise<Connection> {
  const engine = await Engine.open(undefined, { threads: request.threads });
  for (const create of schemaStatements()) await engine.sql(create);
  for (const table of TPCH_TABLES) {
    await engine.sql(
      `INSERT INTO ${table} SELECT * FROM read_parquet('${join(request.dir, `${table}.parquet`)}')`,
    );
  }
  return {
    run: async (sql) => (await engine.sql(sql)).textRows(),
    close: () => engine.close(),
  };
}

function duckText(v: unknown): string | null {
  return v === null ? null : String(v);
}

async function duckdb(request: RunRequest): Promise<Connection> {
  const conn = await (
    await DuckDBInstance.create(':memory:', { threads: String(request.threads) })
  ).connect();
  for (const create of schemaStatements()) await conn.run(create);
  for (const table of TPCH_TABLES) {
    await conn.run(
      `INSERT INTO ${table} SELECT * FROM read_parquet('${join(request.dir, `${table}.parquet`)}')`,
    );
  }
  return {
    run: async (sql) => (await conn.runAndReadAll(sql)).getRows().map((r) => r.map(duckText)),
    close: async () => conn.closeSync(),
  };
}

/** PostgreSQL: a schema per scale factor, loaded (with keys and indexes) on first use. */
async function postgres(request: RunRequest): Promise<Connection> {
  const schema = `tpch_sf${String(request.sf).replace('.', '_')}`;
  const client = new pg.Client({ connectionString: request.postgres });
  await client.connect();
  const loaded = await client.query(
    `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'lineitem'`,
    [schema],
  );
  if (loaded.rowCount === 0) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path = ${schema}`);
    for (const create of schemaStatements()) await client.query(create);
    // CSV copies of the Parquet files, made by DuckDB and loaded with psql's \copy.
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    for (const table of TPCH_TABLES) {
      const csv = join(request.dir, `${table}.pg.csv`);
      if (!existsSync(csv))
        await duck.run(
          `COPY (SELECT * FROM read_parquet('${join(request.dir, `${table}.parquet`)}')) TO '${csv}' (HEADER false)`,
        );
      execFileSync('psql', [
        request.postgres!,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy ${schema}.${table} FROM '${csv}' CSV`,
      ]);
    }
    duck.closeSync();
    for (const ddl of [
      'ALTER TABLE region ADD PRIMARY KEY (r_regionkey)',
      'ALTER TABLE nation ADD PRIMARY KEY (n_nationkey)',
      'ALTER TABLE part ADD PRIMARY KEY (p_partkey)',
      'ALTER TABLE supplier ADD PRIMARY KEY (s_suppkey)',
      'ALTER TABLE partsupp ADD PRIMARY KEY (ps_partkey, ps_suppkey)',
      'ALTER TABLE customer ADD PRIMARY KEY (c_custkey)',
      'ALTER TABLE orders ADD PRIMARY KEY (o_orderkey)',
      'ALTER TABLE lineitem ADD PRIMARY KEY (l_orderkey, l_linenumber)',
      'CREATE INDEX ON orders (o_custkey)',
      'CREATE INDEX ON lineitem (l_partkey, l_suppkey)',
      'CREATE INDEX ON partsupp (ps_suppkey)',
      'ANALYZE',
    ]) {
      await client.query(ddl);
    }
  }
  await client.query(`SET search_path = ${schema}`);
  return {
    run: async (sql) => {
      const r = await client.query({
        text: sql,
        rowMode: 'array',
        types: { getTypeParser: () => (v: string) => v },
      });
      return (r.rows as (string | null)[][]).map((row) => row.map((v) => (v === null ? null : String(v))));
    },
    close: () => client.end(),
  };
}

async function main(request: RunRequest): Promise<void> {
  const started = performance.now();
  const conn = await (request.engine === 'larch'
    ? larch(request)
    : request.engine === 'duckdb'
      ? duckdb(request)
      : postgres(request));
  const loadMs = performance.now() - started;
  const queries: QueryReport[] = [];
  for (const q of request.queries) {
    const sql = tpchQuery(q);
    let rows: (string | null)[][] = [];
    try {
      const t = await time(async () => (rows = await conn.run(sql)), request.runs);
      queries.push({ query: q, ms: t.median, rows });
    } catch (e) {
      queries.push({ query: q, ms: NaN, rows: null, error: e instanceof Error ? e.message : String(e) });
    }
  }
  await conn.close();
  const report: RunReport = { loadMs, queries, peakMb: peakMemoryMb() };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1]?.endsWith('tpch-run.js')) await main(JSON.parse(process.argv[2]!) as RunRequest);
