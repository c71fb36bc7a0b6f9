// Where stored chunks live: the data files (read through cached descriptors), each chunk's current
// location (CHECKPOINT moves them), and removing the files nothing refers to any more.

import * as fs from 'node:fs';
import type { CatalogState } from '../catalog/catalog.js';
import type { ChunkSlot } from '../catalog/stored-chunk.js';
import { invariant, LarchError, SqlState } from '../engine/errors.js';
import { type ChunkRef, type ChunkRefs, entryChunks } from './catalog-codec.js';
import { DataFile } from './data-file.js';
import { removeUnreferenced } from './directory-files.js';
import { type BlobReader, LazyChunk } from './lazy-chunk.js';
import { fileHeader } from './record-file.js';

export interface Location {
  readonly file: DataFile;
  readonly offset: number;
  readonly bytes: number;
  readonly rows: number;
}

/** Closes the descriptors of removed files once no old snapshot can read them any more. */
const retiredFiles = new FinalizationRegistry<number>((fd) => fs.close(fd, () => {}));

export class ChunkStore {
  private readonly files = new Map<string, DataFile>();
  /** Keyed by in-memory batches and lazy chunks alike: whatever TableData holds. */
  private readonly locations = new WeakMap<ChunkSlot, Location>();
  private readonly retired = new Set<WeakRef<DataFile>>();

  constructor(readonly dir: string) {}

  file(name: string): DataFile {
    let f = this.files.get(name);
    if (f === undefined) {
      f = new DataFile(this.dir, name);
      this.files.set(name, f);
    }
    return f;
  }

  has(slot: ChunkSlot): boolean {
    return this.locations.has(slot);
  }

  place(slot: ChunkSlot, location: Location): void {
    this.files.set(location.file.name, location.file);
    this.locations.set(slot, location);
  }

  /** A chunk that reads the blob at `ref` when first used. */
  lazyChunk(ref: ChunkRef): LazyChunk {
    const [name, offset, bytes, rows] = ref;
    const chunk = new LazyChunk(rows, this.blobReader);
    this.locations.set(chunk, { file: this.file(name), offset, bytes, rows });
    return chunk;
  }

  private readonly blobReader: BlobReader = {
    readBlob: (chunk, start, end) => {
      const loc = this.locations.get(chunk)!;
      if (end > loc.bytes) {
        throw new LarchError(
          SqlState.dataCorrupted,
          `invalid data in file "${loc.file.path}": chunk ends early`,
        );
      }
      return loc.file.read(loc.offset + start, end - start);
    },
    fileOf: (chunk) => this.locations.get(chunk)!.file.path,
  };

  /** References for encoding entries: `pending` holds chunks being written by the current commit. */
  refs(pending: ReadonlyMap<ChunkSlot, Location> = new Map()): ChunkRefs {
    return {
      refOf: (slot) => {
        const loc = pending.get(slot) ?? this.locations.get(slot);
        invariant(loc !== undefined, 'a committed chunk has no stored location');
        return [loc.file.name, loc.offset, loc.bytes, loc.rows];
      },
      slotAt: (ref) => this.lazyChunk(ref),
    };
  }

  /** Every chunk of the catalog's tables and where it is. */
  live(state: CatalogState): Map<ChunkSlot, Location> {
    const live = new Map<ChunkSlot, Location>();
    for (const entry of state.all()) {
      for (const slot of entryChunks(entry)) {
        const loc = this.locations.get(slot);
        invariant(loc !== undefined, 'a committed chunk has no stored location');
        live.set(slot, loc);
      }
    }
    return live;
  }

  referencedFiles(state: CatalogState): Set<string> {
    return new Set([...this.live(state).values()].map((loc) => loc.file.name));
  }

  /** Every blob the catalog refers to must lie inside its file, or opening fails now, not at a scan. */
  checkFiles(state: CatalogState): void {
    const sizes = new Map<DataFile, number>();
    for (const loc of this.live(state).values()) {
      let size = sizes.get(loc.file);
      if (size === undefined) {
        try {
          size = fs.statSync(loc.file.path).size;
        } catch (e) {
          throw new LarchError(SqlState.dataCorrupted, `database file "${loc.file.path}" is missing`, {
            cause: e,
          });
        }
        sizes.set(loc.file, size);
      }
      if (loc.offset + loc.bytes > size) {
        throw new LarchError(
          SqlState.dataCorrupted,
          `database file "${loc.file.path}" is shorter than the catalog says`,
          {
            detail: `A chunk lies at bytes ${loc.offset}..${loc.offset + loc.bytes}; the file has ${size}.`,
          },
        );
      }
    }
  }

  /**
   * Removes every data file not in `keep`. Descriptors stay open while old snapshots may still read
   * a removed file's chunks, and close when those are garbage collected.
   */
  retire(keep: ReadonlySet<string>): void {
    for (const [name, file] of this.files) {
      if (keep.has(name)) continue;
      this.files.delete(name);
      let fd: number | null = null;
      try {
        fd = file.ensureOpen();
      } catch {
        // Never opened and already gone: nothing can read it.
      }
      if (fd !== null) {
        retiredFiles.register(file, fd, file);
        this.retired.add(new WeakRef(file));
      }
    }
    removeUnreferenced(this.dir, keep);
  }

  close(): void {
    for (const file of this.files.values()) file.close();
    for (const ref of this.retired) {
      const file = ref.deref();
      if (file === undefined) continue;
      retiredFiles.unregister(file);
      file.close();
    }
    this.retired.clear();
  }
}

/** A segment holding the blobs at `locations`, read one at a time as the segment is written. */
export function* segmentCopy(locations: readonly Location[]): Generator<Uint8Array> {
  yield fileHeader('segment');
  for (const loc of locations) yield loc.file.read(loc.offset, loc.bytes);
}
