// TPC-H: the 22 queries on Larch and DuckDB (and PostgreSQL with --postgres), each engine in its own
// process over the same data; prints per query the median times and ratios, their geometric mean,
// whether the answers agree, and each engine's load time and peak memory. With --scaling, Larch also
// runs on one thread, and each query's speedup from N threads is shown.
//   npm run bench -- tpch [--sf 1] [--runs 3] [--threads N] [--queries 1,6,18] [--postgres URL] [--scaling]

import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { formatMs, printTable } from '../measure.js';
import { tpchParquet } from './data.js';
import { sameAnswer } from './answers.js';
import type { RunReport, RunRequest } from './tpch-run.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

export interface TpchOptions {
  readonly sf: number;
  readonly runs: number;
  readonly threads: number | undefined;
  readonly queries: readonly number[] | undefined;
  readonly postgres: string | undefined;
  /** Also run Larch on one thread and show each query's speedup. */
  readonly scaling: boolean;
}

async function measure(request: RunRequest): Promise<RunReport> {
  const { stdout } = await run(process.execPath, [join(here, 'tpch-run.js'), JSON.stringify(request)], {
    maxBuffer: 1 << 28,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as RunReport;
}

const geomean = (xs: readonly number[]): number =>
  Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

export async function tpchBench(options: TpchOptions): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const dir = await tpchParquet(options.sf, log);
  const threads = options.threads ?? availableParallelism();
  const queries = options.queries ?? Array.from({ length: 22 }, (_, i) => i + 1);
  const request = { dir, sf: options.sf, runs: options.runs, threads, queries };
  log(
    `tpch: SF ${options.sf}, ${threads} threads, median of ${options.runs} runs after a warm-up, each engine in its own process\n`,
  );
  const larch = await measure({ ...request, engine: 'larch' });
  const single = options.scaling ? await measure({ ...request, engine: 'larch', threads: 1 }) : null;
  const duck = await measure({ ...request, engine: 'duckdb' });
  const pgReport =
    options.postgres === undefined
      ? null
      : await measure({ ...request, engine: 'postgres', postgres: options.postgres });
  const header = ['query', 'larch ms', 'duckdb ms', 'larch/duckdb'];
  if (pgReport !== null) header.push('postgres ms', 'larch/postgres');
  if (single !== null) header.push('larch 1 thread ms', `speedup ${threads}/1`);
  header.push('same answer');
  const ratios: number[] = [];
  const pgRatios: number[] = [];
  const rows = queries.map((q, i) => {
    const l = larch.queries[i]!;
    const d = duck.queries[i]!;
    const ratio = l.ms / d.ms;
    if (Number.isFinite(ratio)) ratios.push(ratio);
    const row = [`Q${q}`, formatMs(l.ms), formatMs(d.ms), ratio.toFixed(2)];
    if (pgReport !== null) {
      const p = pgReport.queries[i]!;
      const pgRatio = l.ms / p.ms;
      if (Number.isFinite(pgRatio)) pgRatios.push(pgRatio);
      row.push(formatMs(p.ms), pgRatio.toFixed(2));
    }
    if (single !== null) {
      const one = single.queries[i]!;
      row.push(formatMs(one.ms), (one.ms / l.ms).toFixed(2));
    }
    row.push(l.error !== undefined ? `error: ${l.error}` : sameAnswer(l.rows, d.rows) ? 'yes' : 'NO');
    return row;
  });
  const total = (r: RunReport) => formatMs(r.queries.reduce((s, q) => s + q.ms, 0));
  const summary = ['geomean / total', total(larch), total(duck), geomean(ratios).toFixed(2)];
  if (pgReport !== null) summary.push(total(pgReport), geomean(pgRatios).toFixed(2));
  if (single !== null) summary.push(total(single), '');
  summary.push('');
  printTable(header, [...rows, summary]);
  log('');
  const engines: [string, RunReport | null][] = [
    ['larch', larch],
    ['duckdb', duck],
    ['postgres', pgReport],
  ];
  for (const [name, r] of engines) {
    if (r !== null) log(`${name}: load ${formatMs(r.loadMs)} ms, peak memory ${r.peakMb.toFixed(0)} MB`);
  }
}
