// A table chunk (a batch of column vectors) as one self-describing blob, each column readable alone:
//
//   u32 magic "LCK1" | u32 header bytes | u32 header CRC-32 | header (UTF-8 JSON) | column sections
//
// The header gives the row count and, per column, its vector description (vector-codec.ts) and how
// each of its buffers is stored (buffer-codec.ts); a column's buffers lie back to back, columns in
// order, so a scan reads only the byte ranges of the columns it needs.

import type { Batch } from '../columnar/batch.js';
import type { Vector } from '../columnar/vector.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { type BufferLayout, packBuffer, unpackBuffer } from './buffer-codec.js';
import { crc32 } from './checksum.js';
import { decodeVector, type ElementType, encodeVector, type VectorMeta } from './vector-codec.js';

const MAGIC = 0x314b434c; // "LCK1" read as a little-endian u32
/** Magic, header length and header CRC. */
export const CHUNK_PREFIX_BYTES = 12;

export interface ColumnLayout {
  readonly meta: VectorMeta;
  readonly elements: readonly ElementType[];
  readonly buffers: readonly BufferLayout[];
}

export interface ChunkHeader {
  readonly rows: number;
  readonly columns: readonly ColumnLayout[];
  /** Where each column's section starts and ends, from the start of the blob (not stored). */
  readonly ranges: readonly (readonly [number, number])[];
}

/** Encodes a chunk; buffers are compressed in parallel on the thread pool. */
export async function encodeChunk(chunk: Batch): Promise<Uint8Array> {
  const encoded = chunk.columns.map((v) => encodeVector(v));
  const packed = await Promise.all(
    encoded.map((e) => Promise.all(e.buffers.map((b, i) => packBuffer(b, e.elements[i]!)))),
  );
  const columns: ColumnLayout[] = encoded.map((e, c) => ({
    meta: e.meta,
    elements: e.elements,
    buffers: packed[c]!.map((p) => p.layout),
  }));
  const header = Buffer.from(JSON.stringify({ rows: chunk.length, columns }), 'utf8');
  const prefix = Buffer.alloc(CHUNK_PREFIX_BYTES);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(header.byteLength, 4);
  prefix.writeUInt32LE(crc32(header), 8);
  return Buffer.concat([prefix, header, ...packed.flat().map((p) => p.bytes)]);
}

function corrupt(file: string, what: string): LarchError {
  return new LarchError(SqlState.dataCorrupted, `invalid data in file "${file}": ${what}`);
}

/** The header's length from the blob's first CHUNK_PREFIX_BYTES bytes. */
export function chunkHeaderBytes(prefix: Uint8Array, file: string): number {
  const view = Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (view.byteLength < CHUNK_PREFIX_BYTES || view.readUInt32LE(0) !== MAGIC)
    throw corrupt(file, 'not a chunk');
  return view.readUInt32LE(4);
}

/** Parses the header from the blob's first CHUNK_PREFIX_BYTES + chunkHeaderBytes() bytes. */
export function parseChunkHeader(head: Uint8Array, file: string): ChunkHeader {
  const length = chunkHeaderBytes(head, file);
  const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const text = view.subarray(CHUNK_PREFIX_BYTES, CHUNK_PREFIX_BYTES + length);
  if (text.byteLength !== length || crc32(text) !== view.readUInt32LE(8))
    throw corrupt(file, 'chunk header checksum');
  const parsed = JSON.parse(text.toString('utf8')) as Omit<ChunkHeader, 'ranges'>;
  let at = CHUNK_PREFIX_BYTES + length;
  const ranges = parsed.columns.map((c) => {
    const start = at;
    for (const b of c.buffers) at += b.stored;
    return [start, at] as const;
  });
  return { ...parsed, ranges };
}

/** Decodes column `c` from its section's bytes (the range `header.ranges[c]` of the blob). */
export function decodeColumn(header: ChunkHeader, c: number, section: Uint8Array, file: string): Vector {
  const column = header.columns[c];
  if (column === undefined) throw corrupt(file, `chunk has no column ${c}`);
  let at = 0;
  const buffers = column.buffers.map((layout, i) => {
    const stored = section.subarray(at, at + layout.stored);
    at += layout.stored;
    return unpackBuffer(stored, layout, column.elements[i]!, file);
  });
  if (at !== section.byteLength) throw corrupt(file, 'column section size');
  const v = decodeVector(column.meta, buffers);
  if (v.length !== header.rows) throw corrupt(file, 'column length');
  return v;
}
