// Runs sqllogictest files against a real PostgreSQL server, the oracle for Larch's results:
//   node dist/sql-tests/oracle/postgres.js [--host /tmp/pg] [--complete] FILES_OR_FOLDERS…
// prints each failing record as `FAIL file:line message` and a summary line. With --complete it
// rewrites each query's expected rows with PostgreSQL's answer (one row per line, tab-separated).

import { readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { findTestFiles } from '../runner/files.js';
import { formatSltValue } from '../runner/format.js';
import { parseRecords } from '../runner/records.js';
import { runFile, type SltExecutor } from '../runner/runner.js';

// Every value stays in PostgreSQL's text format (arrays and bytea too), as Larch's textRows give it.
const RAW_TEXT = { getTypeParser: () => (v: string) => v };

interface Options {
  host: string;
  port: number;
  user: string;
}

let serial = 0;

async function postgresExecutor(options: Options): Promise<SltExecutor> {
  const admin = new pg.Client({
    host: options.host,
    port: options.port,
    user: options.user,
    database: 'postgres',
  });
  await admin.connect();
  const database = `slt_${process.pid}_${serial++}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const client = new pg.Client({ host: options.host, port: options.port, user: options.user, database });
  await client.connect();
  return {
    async execute(sql) {
      const raw: unknown = await client.query({ text: sql, rowMode: 'array', types: RAW_TEXT });
      const results = (Array.isArray(raw) ? raw : [raw]) as pg.QueryArrayResult[];
      const r = results[results.length - 1]!;
      return {
        columns: (r.fields ?? []).map((f) => ({ isBool: f.dataTypeID === 16 })),
        rows: (r.rows ?? []).map((row) => row.map((v) => (v === null ? null : String(v)))),
      };
    },
    async close() {
      await client.end();
      await admin.query(`DROP DATABASE ${database}`);
      await admin.end();
    },
  };
}

/** Rewrites the expected output of every query record with what PostgreSQL returns. */
async function complete(file: string, options: Options): Promise<void> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const records = parseRecords(text);
  const executor = await postgresExecutor(options);
  const replacements: { start: number; end: number; rows: string[] }[] = [];
  try {
    for (const r of records) {
      if (r.kind === 'statement') {
        try {
          await executor.execute(r.sql);
        } catch (e) {
          if (!r.expectError) throw new Error(`${file}:${r.line}: ${(e as Error).message}`, { cause: e });
        }
        continue;
      }
      if (r.kind !== 'query' || r.expectError) continue;
      const result = await executor.execute(r.sql);
      let rows = result.rows.map((row) =>
        row
          .map((v, i) => formatSltValue(v, r.types[i] ?? 'T', result.columns[i]?.isBool ?? false))
          .join('\t'),
      );
      if (r.sortMode === 'rowsort') rows = [...rows].sort();
      // The expected block starts after the `----` line that follows the SQL.
      let start = r.line;
      while (
        start < lines.length &&
        lines[start]!.trim() !== '----' &&
        !(start > r.line && lines[start]!.trim() === '')
      )
        start++;
      if (lines[start]?.trim() !== '----')
        throw new Error(`${file}:${r.line}: query record has no ---- line`);
      start++;
      let end = start;
      while (end < lines.length && lines[end]!.trim() !== '') end++;
      replacements.push({ start, end, rows });
    }
  } finally {
    await executor.close();
  }
  for (const rep of replacements.reverse()) lines.splice(rep.start, rep.end - rep.start, ...rep.rows);
  await writeFile(file, lines.join('\n'));
}

async function main(argv: string[]): Promise<void> {
  const options: Options = { host: '/tmp/pg', port: 5432, user: 'postgres' };
  const paths: string[] = [];
  let completeMode = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--host') options.host = argv[++i]!;
    else if (a === '--port') options.port = Number(argv[++i]);
    else if (a === '--user') options.user = argv[++i]!;
    else if (a === '--complete') completeMode = true;
    else paths.push(a);
  }
  if (completeMode) {
    for (const file of await findTestFiles(paths)) await complete(file, options);
    return;
  }
  let passed = 0;
  let failed = 0;
  for (const file of await findTestFiles(paths)) {
    const r = await runFile(file, { executor: () => postgresExecutor(options) });
    passed += r.passed;
    failed += r.failed;
    for (const f of r.failures)
      process.stdout.write(`FAIL ${f.file}:${f.line} ${f.message.split('\n')[0]}\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}

await main(process.argv.slice(2));
