// Generate TPC-H tables and report the time per table; optionally write dbgen's .tbl files.
//   npm run build && node dist/bench/tpch/dbgen/cli.js [--sf 1] [--tables part,lineitem] [--out DIR]
// .tbl rows are '|'-separated with a trailing '|', decimals with two places, dates as YYYY-MM-DD.

import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateTable, TPCH_SCHEMA, TPCH_TABLES, type TpchChunk, type TpchTable } from './generate.js';
import { textPool } from './text.js';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function formatChunk(chunk: TpchChunk): string {
  const types = TPCH_SCHEMA[chunk.table].map((c) => c.type);
  const lines: string[] = [];
  for (let r = 0; r < chunk.rowCount; r++) {
    let line = '';
    for (let c = 0; c < types.length; c++) {
      const v = chunk.columns[c]![r]!;
      switch (types[c]) {
        case 'DECIMAL(15,2)':
          line += (v as number).toFixed(2);
          break;
        case 'DATE':
          line += new Date((v as number) * 86400000).toISOString().slice(0, 10);
          break;
        default:
          line += String(v);
      }
      line += '|';
    }
    lines.push(line);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

function main(args: readonly string[]): void {
  const sf = Number(flag(args, 'sf') ?? '1');
  const tables = (flag(args, 'tables')?.split(',') ?? TPCH_TABLES) as TpchTable[];
  const out = flag(args, 'out');
  if (out !== undefined) mkdirSync(out, { recursive: true });

  let cpu = process.cpuUsage();
  let t0 = performance.now();
  textPool();
  process.stdout.write(
    `text pool: ${(performance.now() - t0).toFixed(0)} ms (cpu ${cpuMs(cpu).toFixed(0)} ms)\n`,
  );
  for (const table of tables) {
    if (!TPCH_TABLES.includes(table)) throw new Error(`unknown table ${table}`);
    const fd = out === undefined ? undefined : openSync(resolve(out, `${table}.tbl`), 'w');
    cpu = process.cpuUsage();
    t0 = performance.now();
    let rows = 0;
    for (const chunk of generateTable(table, sf)) {
      rows += chunk.rowCount;
      if (fd !== undefined) writeSync(fd, formatChunk(chunk));
    }
    if (fd !== undefined) closeSync(fd);
    process.stdout.write(
      `${table}: ${rows} rows in ${(performance.now() - t0).toFixed(0)} ms (cpu ${cpuMs(cpu).toFixed(0)} ms)\n`,
    );
  }
}

main(process.argv.slice(2));
