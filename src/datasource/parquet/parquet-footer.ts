// Parquet footers, read synchronously (binding and partitioning happen before any await) with
// hyparquet: the schema, row groups and their statistics, without touching the data pages.

import { closeSync, fstatSync, readSync, statSync } from 'node:fs';
import { openForReading } from '../byte-stream.js';
import { type FileMetaData, parquetMetadata } from 'hyparquet';
import { SqlState } from '../../engine/errors.js';
import { dataError, fileError } from '../file-errors.js';

const MAGIC = 0x31524150; // "PAR1", little-endian
const decoder = new TextDecoder();

/** Statistics as plain numbers: dates in days, timestamps in microseconds (see min-max-pruning). */
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => Number(v) * 1000,
  timestampFromMicroseconds: (v: bigint) => Number(v),
  timestampFromNanoseconds: (v: bigint) => Number(v) / 1000,
  dateFromDays: (days: number) => days,
  stringFromBytes: (b: Uint8Array) => b && decoder.decode(b),
};

/** Footers by path, reused while the file's size and modification time stay the same. */
const cache = new Map<string, { size: number; mtime: number; metadata: FileMetaData }>();
const CACHE_LIMIT = 256;

function readAt(fd: number, path: string, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw dataError(SqlState.dataCorrupted, path, '', 'unexpected end of Parquet file');
    done += n;
  }
  return buf;
}

/** The footer of a Parquet file; a clear error (XX001) when the file is not Parquet or is cut short. */
export function parquetFooter(path: string): FileMetaData {
  // A footer read before is reused after one stat (no open) while the file is unchanged.
  const seen = cache.get(path);
  if (seen !== undefined) {
    try {
      const { size, mtimeMs } = statSync(path);
      if (seen.size === size && seen.mtime === mtimeMs) return seen.metadata;
    } catch {
      // Opening below reports the error.
    }
  }
  const fd = openForReading(path);
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const hit = cache.get(path);
    if (hit !== undefined && hit.size === size && hit.mtime === mtimeMs) return hit.metadata;
    if (size < 12)
      throw dataError(SqlState.dataCorrupted, path, '', `not a Parquet file (only ${size} bytes)`);
    const tail = readAt(fd, path, size - 8, 8);
    const view = new DataView(tail.buffer);
    if (view.getUint32(4, true) !== MAGIC)
      throw dataError(
        SqlState.dataCorrupted,
        path,
        '',
        'not a Parquet file (no PAR1 footer): truncated or another format',
      );
    const length = view.getUint32(0, true);
    if (length + 8 > size - 4)
      throw dataError(
        SqlState.dataCorrupted,
        path,
        '',
        `Parquet footer length ${length} exceeds the file size ${size}: the file is truncated or corrupt`,
      );
    const footer = readAt(fd, path, size - 8 - length, length + 8);
    let metadata: FileMetaData;
    try {
      metadata = parquetMetadata(footer, { parsers: PARSERS } as Parameters<typeof parquetMetadata>[1]);
    } catch (e) {
      throw dataError(SqlState.dataCorrupted, path, '', `corrupt Parquet footer: ${(e as Error).message}`);
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(path, { size, mtime: mtimeMs, metadata });
    return metadata;
  } catch (e) {
    throw fileError(e, path, 'read file');
  } finally {
    closeSync(fd);
  }
}
