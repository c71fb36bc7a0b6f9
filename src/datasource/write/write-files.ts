// Writing query results to files: one file written atomically, or with PARTITION_BY a folder of
// hive partitions (year=2024/month=1/data_0.parquet) built in a hidden temporary folder and moved
// into place when complete, so a failed COPY leaves nothing half-written behind.

import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import { type Batch, gatherBatch, projectBatch } from '../../columnar/batch.js';
import type { Scalar } from '../../columnar/vector.js';
import { getScalar } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { fileError } from '../file-errors.js';
import { hivePath } from '../hive-partitions.js';
import { ArrowWriter, ParquetWriter } from './arrow-writers.js';
import { AtomicFileSink, type ByteSink, GzipSink, StreamSink, temporaryPath } from './byte-sink.js';
import { DelimitedWriter } from './delimited-writer.js';
import type { FileWriter, WriteColumn, WriteOptions } from './file-writer.js';
import { JsonWriter } from './json-writer.js';

export type ExistingOutput = 'error' | 'overwrite' | 'overwrite_or_ignore';

const EXTENSIONS = { csv: 'csv', text: 'txt', json: 'json', parquet: 'parquet', arrow: 'arrow' } as const;

function createWriter(sink: ByteSink, columns: readonly WriteColumn[], o: WriteOptions): FileWriter {
  const textual = o.format === 'csv' || o.format === 'text' || o.format === 'json';
  if (textual && o.compression !== 'none' && o.compression !== 'gzip')
    throw new LarchError(
      SqlState.invalidParameterValue,
      `unsupported compression "${o.compression}" for ${o.format} (use gzip or none)`,
    );
  const s = textual && o.compression === 'gzip' ? new GzipSink(sink) : sink;
  switch (o.format) {
    case 'csv':
    case 'text':
      return new DelimitedWriter(s, columns, o);
    case 'json':
      return new JsonWriter(s, columns, o);
    case 'parquet':
      return new ParquetWriter(s, columns, o);
    case 'arrow':
      return new ArrowWriter(s, columns, o);
  }
}

async function writeAll(writer: FileWriter, batches: AsyncIterable<Batch>): Promise<number> {
  let rows = 0;
  try {
    for await (const b of batches) {
      rows += b.length;
      await writer.write(b);
    }
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return rows;
}

/** Writes batches to one file that appears only when complete. */
export function writeFile(
  path: string,
  columns: readonly WriteColumn[],
  batches: AsyncIterable<Batch>,
  o: WriteOptions,
): Promise<number> {
  return writeAll(createWriter(new AtomicFileSink(path), columns, o), batches);
}

/** Writes batches to a caller's stream (COPY … TO STDOUT for the wire protocol). */
export function writeStream(
  stream: Writable,
  columns: readonly WriteColumn[],
  batches: AsyncIterable<Batch>,
  o: WriteOptions,
): Promise<number> {
  return writeAll(createWriter(new StreamSink(stream), columns, o), batches);
}

async function exists(path: string): Promise<'none' | 'file' | 'empty' | 'full'> {
  try {
    const s = await stat(path);
    if (!s.isDirectory()) return 'file';
    return (await readdir(path)).length === 0 ? 'empty' : 'full';
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return 'none';
    throw fileError(e, path, 'open directory');
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/**
 * Writes batches into hive partitions under `dir` by the values of the `partitionBy` columns
 * (which are left out of the files, as Hive and DuckDB do).
 */
export async function writePartitioned(
  dir: string,
  columns: readonly WriteColumn[],
  partitionBy: readonly number[],
  batches: AsyncIterable<Batch>,
  o: WriteOptions,
  existing: ExistingOutput,
): Promise<number> {
  const state = await exists(dir);
  if (state === 'file' || (state === 'full' && existing === 'error')) {
    throw new LarchError(
      SqlState.duplicateFile,
      `"${dir}" already exists${state === 'full' ? ' and is not empty' : ''}`,
      {
        hint:
          state === 'full' ? 'Use OVERWRITE to replace it or OVERWRITE_OR_IGNORE to add to it.' : undefined,
      },
    );
  }
  const keep = columns.map((_, k) => k).filter((k) => !partitionBy.includes(k));
  const fileColumns = keep.map((k) => columns[k]!);
  const hive = partitionBy.map((k) => columns[k]!);
  const fileOptions: WriteOptions = { ...o, numericScales: keep.map((k) => o.numericScales[k]!) };
  const temp = temporaryPath(dir);
  const writers = new Map<string, FileWriter>();
  const name = `data_0.${EXTENSIONS[o.format]}${o.compression === 'gzip' && o.format !== 'parquet' ? '.gz' : ''}`;
  let rows = 0;
  try {
    await mkdir(temp, { recursive: true });
    for await (const b of batches) {
      rows += b.length;
      const groups = new Map<string, number[]>();
      const values: Scalar[] = new Array(partitionBy.length);
      for (let i = 0; i < b.length; i++) {
        for (let p = 0; p < partitionBy.length; p++) values[p] = getScalar(b.columns[partitionBy[p]!]!, i);
        const key = hivePath(hive, values);
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = []));
        g.push(i);
      }
      const projected = projectBatch(b, keep);
      for (const [key, indices] of groups) {
        let w = writers.get(key);
        if (w === undefined) {
          w = createWriter(new AtomicFileSink(join(temp, key, name)), fileColumns, fileOptions);
          writers.set(key, w);
        }
        await w.write(gatherBatch(projected, Int32Array.from(indices)));
      }
    }
    for (const w of writers.values()) await w.close();
    await publish(temp, dir, state, existing);
  } catch (e) {
    await Promise.all([...writers.values()].map((w) => w.abort().catch(() => undefined)));
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
  return rows;
}

/** Moves the finished temporary folder into place. */
async function publish(
  temp: string,
  dir: string,
  state: Awaited<ReturnType<typeof exists>>,
  existing: ExistingOutput,
): Promise<void> {
  try {
    if (state === 'none' || state === 'empty') {
      if (state === 'empty') await rm(dir, { recursive: true });
      await mkdir(dirname(dir), { recursive: true });
      await rename(temp, dir);
    } else if (existing === 'overwrite') {
      const old = temporaryPath(dir);
      await rename(dir, old);
      await rename(temp, dir);
      await rm(old, { recursive: true, force: true });
    } else {
      for (const f of await filesUnder(temp)) {
        const dest = join(dir, relative(temp, f));
        await mkdir(dirname(dest), { recursive: true });
        await rename(f, dest);
      }
      await rm(temp, { recursive: true, force: true });
    }
  } catch (e) {
    throw fileError(e, dir, 'write directory');
  }
}
