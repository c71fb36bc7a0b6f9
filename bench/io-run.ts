// One measurement of the io benchmark, in its own process so that its peak memory is its own:
//   node dist/bench/io-run.js <larch|duckdb> <file> <runs>
// prints {"count": {ms, value}, "sum": {ms, value}, "peakMb": n} as JSON.

import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../src/engine/engine.js';
import { peakMemoryMb, time } from './measure.js';

/** TPC-H Q6's filtered sum. */
export function sumQuery(from: string): string {
  return `SELECT sum(l_extendedprice * l_discount) AS revenue FROM ${from} WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24`;
}

export function countQuery(from: string): string {
  return `SELECT count(*) FROM ${from}`;
}

async function main(engineName: string, file: string, runs: number): Promise<void> {
  const reader = file.endsWith('.parquet') ? 'read_parquet' : 'read_csv';
  const from = `${reader}('${file}')`;
  let run: (sql: string) => Promise<string>;
  let close: () => Promise<void>;
  if (engineName === 'larch') {
    const engine = await Engine.open();
    run = async (sql) => String((await engine.sql(sql)).textRows()[0]![0]);
    close = () => engine.close();
  } else {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    run = async (sql) => String((await conn.runAndReadAll(sql)).getRows()[0]![0]);
    close = async () => conn.closeSync();
  }
  const out: Record<string, unknown> = {};
  for (const [name, sql] of [
    ['count', countQuery(from)],
    ['sum', sumQuery(from)],
  ] as const) {
    let value = '';
    const t = await time(async () => (value = await run(sql)), runs);
    out[name] = { ms: t.median, value };
  }
  await close();
  out.peakMb = peakMemoryMb();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1]?.endsWith('io-run.js')) {
  const [engineName, file, runs] = process.argv.slice(2);
  await main(engineName!, file!, Number(runs ?? 3));
}
