// Open parquet-wasm files, shared by the scans of a thread: opening parses the footer in WASM, which
// every row group of every query would otherwise repeat. A handle is reused while the file's size
// and modification time stay the same, and freed once evicted and no longer in use.

import { openAsBlob, statSync } from 'node:fs';
import { SqlState } from '../../engine/errors.js';
import { dataError, fileError } from '../file-errors.js';
import { parquetWasm, wasmMessage } from './parquet-wasm.js';

type WasmFile = Awaited<ReturnType<Awaited<ReturnType<typeof parquetWasm>>['ParquetFile']['fromFile']>>;

interface Entry {
  readonly size: number;
  readonly mtime: number;
  readonly handle: Promise<WasmFile>;
  users: number;
  evicted: boolean;
}

/** Open files kept per thread. */
const OPEN_HANDLES = 8;
const open = new Map<string, Entry>();

function release(entry: Entry): void {
  if (entry.evicted && entry.users === 0) void entry.handle.then((h) => h.free()).catch(() => undefined);
}

function evict(path: string, entry: Entry): void {
  if (open.get(path) === entry) open.delete(path);
  entry.evicted = true;
  release(entry);
}

async function openFile(path: string): Promise<WasmFile> {
  const pw = await parquetWasm();
  let blob: Blob;
  try {
    blob = await openAsBlob(path);
  } catch (e) {
    throw fileError(e, path, 'open file');
  }
  try {
    return await pw.ParquetFile.fromFile(blob);
  } catch (e) {
    throw dataError(SqlState.dataCorrupted, path, '', `corrupt Parquet file: ${wasmMessage(e)}`);
  }
}

/** Runs `use` with the file open in parquet-wasm. */
export async function withWasmFile<T>(path: string, use: (file: WasmFile) => Promise<T>): Promise<T> {
  let size: number;
  let mtime: number;
  try {
    ({ size, mtimeMs: mtime } = statSync(path));
  } catch (e) {
    throw fileError(e, path, 'open file');
  }
  let entry = open.get(path);
  if (entry !== undefined && (entry.size !== size || entry.mtime !== mtime)) {
    evict(path, entry);
    entry = undefined;
  }
  if (entry === undefined) {
    const created: Entry = { size, mtime, handle: openFile(path), users: 0, evicted: false };
    created.handle.catch(() => evict(path, created));
    entry = created;
    open.set(path, entry);
    if (open.size > OPEN_HANDLES) {
      const [oldest, old] = open.entries().next().value!;
      evict(oldest, old);
    }
  } else {
    // Most recently used last.
    open.delete(path);
    open.set(path, entry);
  }
  entry.users++;
  try {
    return await use(await entry.handle);
  } finally {
    entry.users--;
    release(entry);
  }
}
