// Runs sqllogictest files against fresh engines and reports each failing record with its file and line.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { formatSltValue } from './format.js';
import { parseRecords, type Conditions, type SltRecord } from './records.js';

const TEST_DIR = '__TEST_DIR__';

/** Engine names this runner answers to in skipif/onlyif. */
const ENGINE_NAMES = new Set(['postgresql', 'larch']);

export interface Failure {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface FileResult {
  readonly file: string;
  passed: number;
  failed: number;
  skipped: number;
  readonly failures: Failure[];
}

/** What a query returned, in PostgreSQL's text format. */
export interface SltResult {
  readonly columns: readonly { readonly isBool: boolean }[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** Runs SQL for the runner: Larch by default, or a PostgreSQL server as the oracle. */
export interface SltExecutor {
  /** Runs the statements; resolves with the last one's result. */
  execute(sql: string): Promise<SltResult>;
  close(): Promise<void>;
}

export async function larchExecutor(threads?: number): Promise<SltExecutor> {
  const engine = await Engine.open(undefined, threads === undefined ? {} : { threads });
  const session = engine.session();
  return {
    async execute(sql) {
      const results = await session.execute(sql);
      const last = results[results.length - 1];
      if (last === undefined) return { columns: [], rows: [] };
      return { columns: last.schema.map((c) => ({ isBool: c.type.id === 'bool' })), rows: last.textRows() };
    },
    close: () => engine.close(),
  };
}

export interface RunOptions {
  /** Stop a file at its first failure. */
  readonly stopOnFailure?: boolean;
  /** Partitions per query (the threads setting). */
  readonly threads?: number;
  /** Creates the executor for a file (default: a fresh Larch engine). */
  readonly executor?: () => Promise<SltExecutor>;
}

function skipped(c: Conditions): boolean {
  if (c.skipif.some((e) => ENGINE_NAMES.has(e))) return true;
  if (c.onlyif.length > 0 && !c.onlyif.some((e) => ENGINE_NAMES.has(e))) return true;
  return false;
}

function errorMatches(pattern: string | null, e: { code?: string; message: string }): boolean {
  if (pattern === null || pattern === '') return true;
  const code = /^\(?([0-9A-Z]{5})\)?$/.exec(pattern);
  if (code !== null) return e.code === code[1];
  if (e.message.includes(pattern)) return true;
  try {
    return new RegExp(pattern).test(e.message);
  } catch {
    return false;
  }
}

function resultValues(result: SltResult, types: string): string[][] {
  return result.rows.map((row) =>
    row.map((v, i) => {
      const letter = types[i] ?? types[types.length - 1] ?? 'T';
      return formatSltValue(v, letter, result.columns[i]?.isBool ?? false);
    }),
  );
}

function compareRows(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}

function md5(values: readonly string[]): string {
  const h = createHash('md5');
  for (const v of values) h.update(v + '\n');
  return h.digest('hex');
}

/** Checks a query's output against the record; returns a message on mismatch. */
export function checkQuery(
  record: SltRecord & { kind: 'query' },
  result: SltResult,
  threshold: number,
): string | null {
  if (record.types.length > 0 && result.columns.length !== record.types.length) {
    return `expected ${record.types.length} columns, got ${result.columns.length}`;
  }
  let rows = resultValues(result, record.types);
  if (record.sortMode === 'rowsort') rows = [...rows].sort(compareRows);
  let values = rows.flat();
  if (record.sortMode === 'valuesort') values = [...values].sort();
  if (record.hash !== null) {
    const hash = md5(values);
    if (values.length !== record.hash.count || hash !== record.hash.md5) {
      return `expected ${record.hash.count} values hashing to ${record.hash.md5}, got ${values.length} values hashing to ${hash}`;
    }
    return null;
  }
  const expected = record.expected.map((l) => l.trimEnd());
  if (expected.length === values.length && expected.every((e, i) => e === values[i])) return null;
  if (expected.length === rows.length && record.sortMode !== 'valuesort') {
    const expectedRows = expected.map((l) => (l.includes('\t') ? l.split('\t') : l.split(/ +/)));
    const sortedExpected = record.sortMode === 'rowsort' ? [...expectedRows].sort(compareRows) : expectedRows;
    if (sortedExpected.every((e, i) => e.length === rows[i]!.length && e.every((v, k) => v === rows[i]![k])))
      return null;
    if (expected.every((e, i) => e === rows[i]!.join('\t'))) return null;
  }
  if (values.length > threshold && threshold > 0 && expected.length === 0) return null;
  const got = rows.map((r) => r.join('\t'));
  return `result mismatch\nexpected:\n${expected.join('\n')}\ngot:\n${got.join('\n')}`;
}

async function runRecord(
  executor: SltExecutor,
  record: SltRecord & { kind: 'statement' | 'query' },
  threshold: number,
): Promise<string | null> {
  let result: SltResult;
  try {
    result = await executor.execute(record.sql);
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (record.expectError) {
      return errorMatches(record.errorPattern, err)
        ? null
        : `expected error matching "${record.errorPattern}", got ${err.code}: ${err.message}`;
    }
    return `${err.code ?? 'ERROR'}: ${err.message}`;
  }
  if (record.expectError) return 'expected an error, but the statement succeeded';
  if (record.kind === 'statement') return null;
  return checkQuery(record, result, threshold);
}

export async function runFile(file: string, options: RunOptions = {}): Promise<FileResult> {
  const records = parseRecords(await readFile(file, 'utf8'));
  const executor = await (options.executor ?? (() => larchExecutor(options.threads)))();
  const out: FileResult = { file, passed: 0, failed: 0, skipped: 0, failures: [] };
  let threshold = 0;
  // __TEST_DIR__ in a record names a fresh folder for the files the file writes (as in DuckDB's tests).
  const uses = records.some((r) => 'sql' in r && r.sql.includes(TEST_DIR));
  const dir = uses ? await mkdtemp(join(tmpdir(), 'larch-slt-')) : '';
  try {
    for (const record of records) {
      if (record.kind === 'hash-threshold') {
        threshold = record.threshold;
        continue;
      }
      if (skipped(record.conditions)) {
        out.skipped++;
        continue;
      }
      if (record.kind === 'halt') break;
      const message = await runRecord(
        executor,
        uses ? { ...record, sql: record.sql.replaceAll(TEST_DIR, dir) } : record,
        threshold,
      );
      if (message === null) out.passed++;
      else {
        out.failed++;
        out.failures.push({
          file,
          line: record.line,
          message: `${message}\n  in: ${record.sql.split('\n').join('\n      ')}`,
        });
        if (options.stopOnFailure) break;
      }
    }
  } finally {
    await executor.close();
    if (uses) await rm(dir, { recursive: true, force: true });
  }
  return out;
}
