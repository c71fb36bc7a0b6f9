// Reading files: TPC-H lineitem from Parquet and from CSV into a count and a filtered sum (Q6),
// with Larch and with DuckDB, each engine in its own process; prints times, ratios and peak memory.
//   npm run bench -- io [--sf 0.1|1] [--runs 3]
// SF 0.1 reads ../shared/tpch/sf0.1/lineitem.parquet; its CSV and the SF 1 files are made once in
// bench/data/ with DuckDB (SF 1 as ten copies of SF 0.1 with distinct order keys: DuckDB's tpch
// extension cannot be installed without the network).

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { formatMs, printTable } from './measure.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const shared = join(root, '..', 'shared', 'tpch');

export interface IoOptions {
  readonly sf: number;
  readonly runs: number;
}

interface Measured {
  readonly count: { ms: number; value: string };
  readonly sum: { ms: number; value: string };
  readonly peakMb: number;
}

/** The lineitem Parquet and CSV files for a scale factor, made with DuckDB when missing. */
async function dataFiles(sf: number): Promise<{ parquet: string; csv: string }> {
  const source = join(shared, 'sf0.1', 'lineitem.parquet');
  const dataDir = join(root, 'bench', 'data', `tpch-sf${sf}`);
  mkdirSync(dataDir, { recursive: true });
  const parquet = sf === 0.1 ? source : join(dataDir, 'lineitem.parquet');
  const csv = join(dataDir, 'lineitem.csv');
  if (existsSync(parquet) && existsSync(csv)) return { parquet, csv };
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const copies = Math.round(sf / 0.1);
  await conn.run(
    `CREATE TABLE lineitem AS SELECT * REPLACE (l_orderkey + k * 600000 AS l_orderkey) FROM read_parquet('${source}'), range(${copies}) r(k)`,
  );
  if (!existsSync(parquet))
    await conn.run(`COPY lineitem TO '${parquet}' (FORMAT parquet, COMPRESSION zstd)`);
  await conn.run(`COPY lineitem TO '${csv}' (HEADER)`);
  conn.closeSync();
  return { parquet, csv };
}

async function measure(engine: string, file: string, runs: number): Promise<Measured> {
  const { stdout } = await run(process.execPath, [join(here, 'io-run.js'), engine, file, String(runs)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measured;
}

export async function ioBench(options: IoOptions): Promise<void> {
  const files = await dataFiles(options.sf);
  const mb = (f: string) => (statSync(f).size / 2 ** 20).toFixed(0);
  process.stdout.write(
    `io: TPC-H lineitem SF ${options.sf} (Parquet ${mb(files.parquet)} MB, CSV ${mb(files.csv)} MB), median of ${options.runs} runs after a warm-up, each engine in its own process\n\n`,
  );
  const rows: string[][] = [];
  for (const [format, file] of [
    ['parquet', files.parquet],
    ['csv', files.csv],
  ] as const) {
    const larch = await measure('larch', file, options.runs);
    const duck = await measure('duckdb', file, options.runs);
    for (const q of ['count', 'sum'] as const) {
      const agree =
        Math.abs(Number(larch[q].value) - Number(duck[q].value)) <= 1e-6 * Math.abs(Number(duck[q].value));
      rows.push([
        `${format} ${q === 'count' ? 'count(*)' : 'filtered sum (Q6)'}`,
        formatMs(larch[q].ms),
        formatMs(duck[q].ms),
        (larch[q].ms / duck[q].ms).toFixed(2),
        agree ? 'yes' : `NO: ${larch[q].value} vs ${duck[q].value}`,
      ]);
    }
    rows.push([
      `${format} peak memory (MB)`,
      larch.peakMb.toFixed(0),
      duck.peakMb.toFixed(0),
      (larch.peakMb / duck.peakMb).toFixed(2),
      '',
    ]);
  }
  printTable(['query', 'larch ms', 'duckdb ms', 'ratio', 'same result'], rows);
}
