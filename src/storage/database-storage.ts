// A database directory: the catalog and table data on disk, durable at every commit.
//
//   larch.lock       the writer's process id (database-lock.ts)
//   manifest         the catalog at the last checkpoint and the name of the log that follows it
//   wal-NNNNNN.log   the write-ahead log: one checksummed record per commit since that checkpoint
//   seg-NNNNNN.lsg   segments: chunk blobs (chunk-codec.ts), immutable once written
//
// A commit encodes only chunks not stored yet (table versions share unchanged chunks), writes them
// into a new segment when large or into its log record when small, then appends the record and
// fsyncs: it is durable when commit() returns. Opening reads the manifest, replays the log up to
// its first torn or corrupt record (cutting that tail off) and deletes files nothing refers to;
// table data stays on disk until a scan needs it. CHECKPOINT copies the chunks living in the log
// and in small or mostly-dead segments into one new segment, starts a new log, and replaces the
// manifest atomically; the files it replaced are removed.

import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { type CatalogEntry, CatalogState, entryKey } from '../catalog/catalog.js';
import { type ChunkSlot, loadChunk } from '../catalog/stored-chunk.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { type ChunkRefs, decodeEntry, encodeEntry, entryChunks, type StoredEntry } from './catalog-codec.js';
import { encodeChunk } from './chunk-codec.js';
import { ChunkStore, type Location, segmentCopy } from './chunk-store.js';
import { AppendFile, AppendFileBroken, DataFile, syncDirectory, writeNewFile } from './data-file.js';
import { DatabaseLock } from './database-lock.js';
import {
  isOwnFile,
  MANIFEST_FILE,
  removeUnreferenced,
  segmentFileName,
  walFileName,
} from './directory-files.js';
import { fileError } from './file-errors.js';
import { LoggedChunkLists } from './logged-chunk-lists.js';
import { installManifest, type Manifest, prepareManifest, readManifest } from './manifest-file.js';
import { checkFileHeader, FILE_HEADER_BYTES, fileHeader, frameRecord, readRecords } from './record-file.js';
import { commitPayload, type CommitRecord, inlineBlobsOffset, parseCommitPayload } from './wal-record.js';

/** A commit whose new chunks take at most this many bytes keeps them in its log record. */
const INLINE_BLOB_BYTES = 1 << 20;
/**
 * Once the log is longer than this, the database asks for a checkpoint. Reopening replays the log:
 * 5,000 single-row INSERTs log about 9 MB and replay in 150 ms.
 */
const CHECKPOINT_LOG_BYTES = 16 << 20;
/** CHECKPOINT rewrites segments smaller than this, or less than half live. */
const COMPACT_SEGMENT_BYTES = 16 << 20;

/** What opening a directory found: the committed catalog and the next object id. */
export interface OpenedStorage {
  readonly storage: DatabaseStorage;
  readonly state: CatalogState;
  readonly nextOid: number;
}

export class DatabaseStorage {
  private readonly chunks: ChunkStore;
  private readonly logged = new LoggedChunkLists();
  /** The log as a file chunks are read from (small commits keep their chunks in their records). */
  private walFile: DataFile;
  /** Set when a failed append could not be undone: no more commits until the database is reopened. */
  private broken: LarchError | null = null;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly lock: DatabaseLock,
    private wal: AppendFile,
    walName: string,
    private seq: number,
    private nextFile: number,
  ) {
    this.chunks = new ChunkStore(dir);
    this.walFile = this.chunks.file(walName);
  }

  /**
   * Opens (creating if needed) the database in `dir`, taking its lock; `initial` is the catalog of a
   * new database.
   */
  static async open(dir: string, initial: CatalogState, initialOid: number): Promise<OpenedStorage> {
    const path = resolve(dir);
    await createDirectory(path);
    const lock = DatabaseLock.acquire(path);
    try {
      if (!fs.existsSync(`${path}/${MANIFEST_FILE}`))
        await DatabaseStorage.initialize(path, initial, initialOid);
      return await DatabaseStorage.recover(path, lock);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  private static async initialize(dir: string, initial: CatalogState, nextOid: number): Promise<void> {
    const foreign = fs.readdirSync(dir).filter((n) => !isOwnFile(n));
    if (foreign.length > 0) {
      throw new LarchError(
        SqlState.objectNotInPrerequisiteState,
        `directory "${dir}" is not a Larch database`,
        {
          detail: `It has no manifest and holds other files, such as "${foreign[0]}".`,
          hint: 'Give a new or empty directory to create a database.',
        },
      );
    }
    removeUnreferenced(dir, new Set());
    const wal = walFileName(1);
    await writeNewFile(`${dir}/${wal}`, [fileHeader('wal')]);
    const noChunks: ChunkRefs = {
      refOf: () => internal('new database'),
      slotAt: () => internal('new database'),
    };
    const entries = initial.all().map((e) => encodeEntry(e, noChunks));
    await prepareManifest(dir, { seq: 0, nextFile: 2, nextOid, wal, entries });
    await installManifest(dir);
    await syncDirectory(dir);
  }

  private static async recover(dir: string, lock: DatabaseLock): Promise<OpenedStorage> {
    const manifest = readManifest(dir);
    const walPath = `${dir}/${manifest.wal}`;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(walPath);
    } catch (e) {
      throw fileError('read', walPath, e);
    }
    const bad = checkFileHeader(bytes, 'wal');
    if (bad !== null)
      throw new LarchError(SqlState.dataCorrupted, `write-ahead log "${walPath}" is corrupt: ${bad}`);
    const { records, end } = readRecords(bytes);
    if (end < bytes.byteLength) await cutTail(walPath, end);
    const wal = await AppendFile.open(walPath, end);
    const storage = new DatabaseStorage(dir, lock, wal, manifest.wal, manifest.seq, manifest.nextFile);
    try {
      return storage.replay(
        manifest,
        records.map((r) => parseCommitPayload(r.payload)),
      );
    } catch (e) {
      await storage.release();
      throw e;
    }
  }

  /** The catalog from the manifest with every logged commit applied in order. */
  private replay(manifest: Manifest, commits: readonly CommitRecord[]): OpenedStorage {
    // Entries are decoded once, in their last version: a table logged by thousands of commits is
    // built once, not once per commit.
    const stored = new Map<string, StoredEntry>();
    const put = (e: StoredEntry) => {
      const full = this.logged.record(e, this.walFile.path);
      stored.set(entryKey(String(full['schema']), String(full['name'])), full);
    };
    manifest.entries.forEach(put);
    let nextOid = manifest.nextOid;
    for (const commit of commits) {
      if (commit.seq !== this.seq + 1) {
        throw new LarchError(SqlState.dataCorrupted, `write-ahead log "${this.walFile.path}" is corrupt`, {
          detail: `Commit ${commit.seq} follows commit ${this.seq}.`,
        });
      }
      commit.put.forEach(put);
      for (const [schema, name] of commit.drop) {
        stored.delete(entryKey(schema, name));
        this.logged.forget(schema, name);
      }
      nextOid = Math.max(nextOid, commit.nextOid);
      this.nextFile = Math.max(this.nextFile, commit.nextFile);
      this.seq = commit.seq;
    }
    // One lazy chunk per stored blob, even when several tables refer to it.
    const slots = new Map<string, ChunkSlot>();
    const refs: ChunkRefs = {
      refOf: () => internal('replay'),
      slotAt: (ref) => {
        const key = `${ref[0]}:${ref[1]}`;
        let slot = slots.get(key);
        if (slot === undefined) {
          slot = this.chunks.lazyChunk(ref);
          slots.set(key, slot);
        }
        return slot;
      },
    };
    const entries = new Map<string, CatalogEntry>();
    for (const [key, e] of stored) entries.set(key, decodeEntry(e, refs));
    const state = new CatalogState(entries);
    this.chunks.checkFiles(state);
    removeUnreferenced(this.dir, this.referencedFiles(state));
    return { storage: this, state, nextOid };
  }

  private referencedFiles(state: CatalogState): Set<string> {
    return new Set([this.walFile.name, ...this.chunks.referencedFiles(state)]);
  }

  private checkWritable(): void {
    if (this.closed)
      throw new LarchError(SqlState.objectNotInPrerequisiteState, `database "${this.dir}" is closed`);
    if (this.broken !== null) throw this.broken;
  }

  /** True when the log has grown enough that a checkpoint should fold it into the manifest. */
  get wantsCheckpoint(): boolean {
    return !this.closed && this.broken === null && this.wal.size > CHECKPOINT_LOG_BYTES;
  }

  /**
   * Makes a commit durable: `state` is the catalog after it, `changed` the keys of the entries it
   * created, changed or dropped. Throws (and changes nothing on disk that matters) on failure.
   */
  async commit(state: CatalogState, changed: ReadonlySet<string>, nextOid: number): Promise<void> {
    this.checkWritable();
    const puts: CatalogEntry[] = [];
    const drops: [string, string][] = [];
    for (const key of changed) {
      const entry = state.entries.get(key);
      if (entry !== undefined) puts.push(entry);
      else drops.push(splitKey(key));
    }
    const fresh = [...new Set(puts.flatMap(entryChunks))].filter((s) => !this.chunks.has(s));
    const blobs = await Promise.all(fresh.map((s) => encodeChunk(loadChunk(s))));
    const blobBytes = blobs.reduce((s, b) => s + b.byteLength, 0);
    let nextFile = this.nextFile;
    let segment: DataFile | null = null;
    let offset = inlineBlobsOffset(this.wal.size);
    if (blobBytes > INLINE_BLOB_BYTES) {
      segment = new DataFile(this.dir, segmentFileName(nextFile++));
      offset = FILE_HEADER_BYTES;
    }
    const pending = new Map<ChunkSlot, Location>();
    fresh.forEach((slot, i) => {
      const bytes = blobs[i]!.byteLength;
      pending.set(slot, { file: segment ?? this.walFile, offset, bytes, rows: slot.length });
      offset += bytes;
    });
    if (segment !== null) {
      await writeNewFile(segment.path, [fileHeader('segment'), ...blobs]);
      await syncDirectory(this.dir);
    }
    const full = puts.map((e) => encodeEntry(e, this.chunks.refs(pending)));
    const record: CommitRecord = {
      seq: this.seq + 1,
      nextOid,
      nextFile,
      put: full.map((e) => this.logged.compact(e)),
      drop: drops,
    };
    try {
      await this.wal.append(frameRecord(commitPayload(segment === null ? blobs : [], record)));
    } catch (e) {
      if (segment !== null) fs.rmSync(segment.path, { force: true });
      if (!(e instanceof AppendFileBroken)) throw e;
      this.broken = new LarchError(SqlState.ioError, `${e.cleanup.message}; reopen the database to recover`, {
        cause: e.cleanup,
      });
      throw e.error;
    }
    this.seq++;
    this.nextFile = nextFile;
    for (const [schema, name] of drops) this.logged.forget(schema, name);
    full.forEach((e) => this.logged.record(e, this.walFile.path));
    for (const [slot, loc] of pending) this.chunks.place(slot, loc);
  }

  /**
   * Folds the log into a new manifest for `state` (the committed catalog), moving the chunks kept in
   * the log, small segments and mostly-dead segments into one new segment, and removes the files
   * this leaves unreferenced.
   */
  async checkpoint(state: CatalogState, nextOid: number): Promise<void> {
    this.checkWritable();
    const live = this.chunks.live(state);
    const rewrite = this.filesToRewrite(live);
    if (rewrite.size === 1 && this.wal.size === FILE_HEADER_BYTES) return; // nothing logged, nothing to compact
    let nextFile = this.nextFile;
    const walName = walFileName(nextFile++);
    const moved = new Map<ChunkSlot, Location>();
    const created: string[] = [];
    let newWal: AppendFile | null = null;
    let entries: StoredEntry[];
    try {
      const moving = [...live].filter(([, loc]) => rewrite.has(loc.file));
      if (moving.length > 0) {
        const segment = new DataFile(this.dir, segmentFileName(nextFile++));
        created.push(segment.path);
        const copied = new Map<Location, Location>();
        let at = FILE_HEADER_BYTES;
        for (const [slot, loc] of moving) {
          let to = copied.get(loc);
          if (to === undefined) {
            to = { ...loc, file: segment, offset: at };
            copied.set(loc, to);
            at += loc.bytes;
          }
          moved.set(slot, to);
        }
        await writeNewFile(segment.path, segmentCopy([...copied.keys()]));
      }
      created.push(`${this.dir}/${walName}`);
      await writeNewFile(`${this.dir}/${walName}`, [fileHeader('wal')]);
      newWal = await AppendFile.open(`${this.dir}/${walName}`, FILE_HEADER_BYTES);
      await syncDirectory(this.dir); // the new files' names are durable before the manifest names them
      entries = state.all().map((e) => encodeEntry(e, this.chunks.refs(moved)));
      await prepareManifest(this.dir, { seq: this.seq, nextFile, nextOid, wal: walName, entries });
      await installManifest(this.dir);
    } catch (e) {
      await newWal?.close().catch(() => {});
      for (const path of created) fs.rmSync(path, { force: true });
      throw e;
    }
    // The new manifest is in place: switch to it.
    const oldWal = this.wal;
    this.wal = newWal;
    this.nextFile = nextFile;
    this.walFile = this.chunks.file(walName);
    for (const [slot, loc] of moved) this.chunks.place(slot, loc);
    this.logged.clear();
    entries.forEach((e) => this.logged.record(e, this.walFile.path));
    await oldWal.close().catch(() => {});
    await syncDirectory(this.dir); // the rename; until it is durable the old files must stay
    this.chunks.retire(this.referencedFiles(state));
  }

  /** The log, segments that are mostly unreferenced, and small segments when there is a merge to make. */
  private filesToRewrite(live: ReadonlyMap<ChunkSlot, Location>): Set<DataFile> {
    const liveBytes = new Map<DataFile, number>();
    for (const loc of new Set(live.values()))
      liveBytes.set(loc.file, (liveBytes.get(loc.file) ?? 0) + loc.bytes);
    const rewrite = new Set<DataFile>([this.walFile]);
    const small: DataFile[] = [];
    for (const [file, bytes] of liveBytes) {
      if (file === this.walFile) continue;
      const size = fs.statSync(file.path).size;
      if (bytes < size / 2) rewrite.add(file);
      else if (size < COMPACT_SEGMENT_BYTES) small.push(file);
    }
    // Small segments are merged with each other or with moving chunks, never rewritten alone.
    const moving = liveBytes.has(this.walFile) || rewrite.size > 1 ? 1 : 0;
    if (small.length + moving >= 2) small.forEach((f) => rewrite.add(f));
    return rewrite;
  }

  private async release(): Promise<void> {
    this.closed = true;
    await this.wal.close().catch(() => {});
    this.chunks.close();
    this.lock.release();
  }

  /** Closes the files and releases the lock; every commit is already durable. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.release();
  }
}

function internal(what: string): never {
  throw new LarchError(SqlState.internalError, `internal error: ${what} has no table data to store`);
}

function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
}

async function createDirectory(path: string): Promise<void> {
  let created: string | undefined;
  try {
    created = await fs.promises.mkdir(path, { recursive: true });
  } catch (e) {
    throw fileError('create', path, e, 'directory');
  }
  if (created !== undefined) await syncDirectory(resolve(path, '..'));
}

/** Cuts a torn record off the log so the next append follows the last complete one. */
async function cutTail(path: string, end: number): Promise<void> {
  try {
    const handle = await fs.promises.open(path, 'r+');
    try {
      await handle.truncate(end);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw fileError('truncate', path, e);
  }
}
