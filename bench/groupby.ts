// Filter + group-by over generated rows (default 10M), Larch against DuckDB in the same run.
//   npm run bench -- groupby [--rows N] [--runs N] [--threads N]

import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../src/engine/engine.js';
import { formatMs, peakMemoryMb, printTable, time } from './measure.js';

export interface GroupByOptions {
  readonly rows: number;
  readonly runs: number;
  readonly threads?: number;
}

const QUERIES: readonly { name: string; sql: string }[] = [
  {
    name: 'filter + group by int',
    sql: 'SELECT k, count(*), sum(v), avg(v) FROM t WHERE v > 10 GROUP BY k ORDER BY k',
  },
  {
    name: 'group by, 10 groups',
    sql: 'SELECT k % 10 AS g, min(id), max(id), count(*) FROM t GROUP BY 1 ORDER BY 1',
  },
  { name: 'filter + count', sql: 'SELECT count(*) FROM t WHERE k BETWEEN 100 AND 200 AND v < 50' },
];

export async function groupByBench(options: GroupByOptions): Promise<void> {
  const create = `CREATE TABLE t AS SELECT g AS id, g % 1000 AS k, (g % 97) * 1.5 AS v FROM generate_series(1, ${options.rows}) AS s(g)`;
  process.stdout.write(
    `groupby: ${options.rows.toLocaleString('en-US')} rows, median of ${options.runs} runs\n\n`,
  );

  const engine = await Engine.open(
    undefined,
    options.threads === undefined ? {} : { threads: options.threads },
  );
  const t0 = performance.now();
  await engine.sql(create);
  const larchLoad = performance.now() - t0;

  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  if (options.threads !== undefined) await conn.run(`SET threads = ${options.threads}`);
  const t1 = performance.now();
  await conn.run(create);
  const duckLoad = performance.now() - t1;

  const rows: string[][] = [
    ['load (CREATE TABLE AS)', formatMs(larchLoad), formatMs(duckLoad), (larchLoad / duckLoad).toFixed(1)],
  ];
  const ratios: number[] = [];
  for (const q of QUERIES) {
    const larch = await time(() => engine.sql(q.sql), options.runs);
    const duckdb = await time(() => conn.runAndReadAll(q.sql), options.runs);
    const ratio = larch.median / duckdb.median;
    ratios.push(ratio);
    rows.push([q.name, formatMs(larch.median), formatMs(duckdb.median), ratio.toFixed(1)]);
  }
  printTable(['query', 'larch ms', 'duckdb ms', 'ratio'], rows);
  const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  process.stdout.write(
    `\ngeometric mean ratio (queries): ${geo.toFixed(2)}\npeak memory: ${peakMemoryMb().toFixed(0)} MB\n`,
  );
  conn.closeSync();
  await engine.close();
}
