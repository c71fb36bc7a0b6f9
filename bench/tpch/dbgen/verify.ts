// Compare the generated tables with the reference Parquet files of the official dbgen, row for row.
//   npm run build && node dist/bench/tpch/dbgen/verify.js [--sf 0.1] [--dir ../shared/tpch/sf0.1]
//     [--tables lineitem,orders]
// Exits with status 1 if any table differs.

import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compareTableWithParquet } from './compare.js';
import { TPCH_TABLES, type TpchTable } from './generate.js';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const sf = Number(flag(args, 'sf') ?? '0.1');
  const dir = resolve(flag(args, 'dir') ?? `../shared/tpch/sf${sf}`);
  const tables = (flag(args, 'tables')?.split(',') ?? TPCH_TABLES) as TpchTable[];
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  let failed = false;
  for (const table of tables) {
    const t0 = performance.now();
    const r = await compareTableWithParquet(connection, table, sf, resolve(dir, `${table}.parquet`));
    const ok = r.mismatches.length === 0 && r.generatedRows === r.expectedRows;
    failed ||= !ok;
    const ms = (performance.now() - t0).toFixed(0);
    process.stdout.write(
      `${table}: ${ok ? 'identical' : 'DIFFERENT'} (${r.generatedRows} rows generated, ` +
        `${r.expectedRows} expected, ${ms} ms)\n`,
    );
    for (const m of r.mismatches) {
      process.stdout.write(
        `  ${m.column}: ${m.count} differences\n${m.examples.map((e) => `    ${e}\n`).join('')}`,
      );
    }
  }
  connection.closeSync();
  instance.closeSync();
  if (failed) process.exitCode = 1;
}

await main(process.argv.slice(2));
