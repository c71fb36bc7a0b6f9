// TPC-H data for the benchmark: the shared Parquet files at SF 0.01 and 0.1, and for any other
// scale factor Parquet files made once in bench/data/ from our dbgen port (through DuckDB's
// loader and Parquet writer, so both engines read the same files).

import { existsSync, mkdirSync, openSync, closeSync, writeSync, rmSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  generateOrdersAndLineitems,
  generateTable,
  TPCH_SCHEMA,
  TPCH_TABLES,
  type TpchChunk,
  type TpchTable,
} from './dbgen/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file runs from dist/bench/tpch or bench/tpch). */
export const repoRoot = here.includes('/dist/') ? join(here, '..', '..', '..') : join(here, '..', '..');
export const sharedTpch = join(repoRoot, '..', 'shared', 'tpch');

/** CREATE TABLE statements of the eight tables (the shared schema.sql). */
export function schemaStatements(): string[] {
  return readFileSync(join(sharedTpch, 'schema.sql'), 'utf8')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('CREATE TABLE'));
}

/** The 22 queries, by number. */
export function tpchQuery(q: number): string {
  return readFileSync(join(sharedTpch, 'queries', `q${String(q).padStart(2, '0')}.sql`), 'utf8');
}

/** A line per row: '|'-separated fields (dbgen's .tbl format without its trailing '|'). */
function tblLines(chunk: TpchChunk): string {
  const types = TPCH_SCHEMA[chunk.table].map((c) => c.type);
  let out = '';
  for (let r = 0; r < chunk.rowCount; r++) {
    for (let c = 0; c < types.length; c++) {
      const v = chunk.columns[c]![r]!;
      if (c > 0) out += '|';
      if (types[c] === 'DECIMAL(15,2)') out += (v as number).toFixed(2);
      else if (types[c] === 'DATE') out += new Date((v as number) * 86_400_000).toISOString().slice(0, 10);
      else out += String(v);
    }
    out += '\n';
  }
  return out;
}

function writeTbl(dir: string, table: TpchTable, chunks: Iterable<TpchChunk>): void {
  const fd = openSync(join(dir, `${table}.tbl`), 'w');
  try {
    for (const chunk of chunks) writeSync(fd, tblLines(chunk));
  } finally {
    closeSync(fd);
  }
}

/** The folder holding `<table>.parquet` for the eight tables at `sf`, generating it when missing. */
export async function tpchParquet(sf: number, log: (line: string) => void): Promise<string> {
  if (sf === 0.01 || sf === 0.1) return join(sharedTpch, `sf${sf}`);
  const dir = join(repoRoot, 'bench', 'data', `tpch-sf${sf}`);
  if (TPCH_TABLES.every((t) => existsSync(join(dir, `${t}.parquet`)))) return dir;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  log(`generating TPC-H SF ${sf} with bench/tpch/dbgen into ${dir} (once)...`);
  for (const table of TPCH_TABLES) {
    if (table === 'orders' || table === 'lineitem') continue;
    writeTbl(dir, table, generateTable(table, sf));
  }
  // Orders and their lines come from one pass, as in dbgen.
  const orders = openSync(join(dir, 'orders.tbl'), 'w');
  const lines = openSync(join(dir, 'lineitem.tbl'), 'w');
  for (const pair of generateOrdersAndLineitems(sf, 65_536)) {
    writeSync(orders, tblLines(pair.orders));
    writeSync(lines, tblLines(pair.lineitem));
  }
  closeSync(orders);
  closeSync(lines);
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  for (const create of schemaStatements()) await conn.run(create);
  for (const table of TPCH_TABLES) {
    const tbl = join(dir, `${table}.tbl`);
    await conn.run(`COPY ${table} FROM '${tbl}' (DELIMITER '|', HEADER false, QUOTE '')`);
    await conn.run(`COPY ${table} TO '${join(dir, `${table}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
    rmSync(tbl);
  }
  conn.closeSync();
  log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
