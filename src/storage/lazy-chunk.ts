// A stored table chunk that reads its blob's header, then each column's byte range, when first used.

import type { Batch } from '../columnar/batch.js';
import type { Vector } from '../columnar/vector.js';
import type { StoredChunk } from '../catalog/stored-chunk.js';
import { LarchError, SqlState } from '../engine/errors.js';
import {
  CHUNK_PREFIX_BYTES,
  type ChunkHeader,
  chunkHeaderBytes,
  decodeColumn,
  parseChunkHeader,
} from './chunk-codec.js';

export interface BlobReader {
  /** Bytes [start, end) of the chunk's blob, wherever the chunk is stored now. */
  readBlob(chunk: LazyChunk, start: number, end: number): Uint8Array;
  /** The file holding the chunk, for error messages. */
  fileOf(chunk: LazyChunk): string;
}

export class LazyChunk implements StoredChunk {
  private header: ChunkHeader | null = null;
  private readonly columns: Vector[] = [];
  private whole: Batch | null = null;

  constructor(
    readonly length: number,
    private readonly reader: BlobReader,
  ) {}

  private readHeader(): ChunkHeader {
    if (this.header !== null) return this.header;
    const file = this.reader.fileOf(this);
    const size = chunkHeaderBytes(this.reader.readBlob(this, 0, CHUNK_PREFIX_BYTES), file);
    const header = parseChunkHeader(this.reader.readBlob(this, 0, CHUNK_PREFIX_BYTES + size), file);
    if (header.rows !== this.length) {
      throw new LarchError(
        SqlState.dataCorrupted,
        `invalid data in file "${file}": chunk holds ${header.rows} rows, the catalog says ${this.length}`,
      );
    }
    this.header = header;
    return header;
  }

  column(c: number): Vector {
    const cached = this.columns[c];
    if (cached !== undefined) return cached;
    const header = this.readHeader();
    const range = header.ranges[c];
    const file = this.reader.fileOf(this);
    const section = range === undefined ? new Uint8Array() : this.reader.readBlob(this, range[0], range[1]);
    const v = decodeColumn(header, c, section, file);
    this.columns[c] = v;
    return v;
  }

  load(): Batch {
    if (this.whole !== null) return this.whole;
    const width = this.readHeader().columns.length;
    this.whole = { length: this.length, columns: Array.from({ length: width }, (_, c) => this.column(c)) };
    return this.whole;
  }
}
