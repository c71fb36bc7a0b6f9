// Files of checksummed records, used by the write-ahead log and the manifest:
//
//   file   := magic (8 bytes, "LARCHWAL" or "LARCHMAN") | u32 format version | u32 0 | record*
//
// (Segment files start with the same 16-byte header, magic "LARCHSEG", followed by chunk blobs.)
//   record := u32 payload bytes | u32 CRC-32 of the payload | payload
//
// A reader stops at the first record that is cut short or fails its checksum: that is where a crash
// interrupted an append, and nothing after it was ever acknowledged.

import { crc32 } from './checksum.js';

export type FileKind = 'wal' | 'manifest' | 'segment';

const MAGIC: Readonly<Record<FileKind, string>> = {
  wal: 'LARCHWAL',
  manifest: 'LARCHMAN',
  segment: 'LARCHSEG',
};
const DESCRIPTION: Readonly<Record<FileKind, string>> = {
  wal: 'write-ahead log',
  manifest: 'manifest',
  segment: 'segment',
};
export const FORMAT_VERSION = 1;
export const FILE_HEADER_BYTES = 16;
export const RECORD_HEADER_BYTES = 8;

export function fileHeader(kind: FileKind): Buffer {
  const b = Buffer.alloc(FILE_HEADER_BYTES);
  b.write(MAGIC[kind], 0, 'latin1');
  b.writeUInt32LE(FORMAT_VERSION, 8);
  return b;
}

/** Why a file's header is not acceptable, or null when it is. */
export function checkFileHeader(bytes: Uint8Array, kind: FileKind): string | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.byteLength < FILE_HEADER_BYTES || b.toString('latin1', 0, 8) !== MAGIC[kind]) {
    return `not a Larch ${DESCRIPTION[kind]}`;
  }
  const version = b.readUInt32LE(8);
  return version === FORMAT_VERSION
    ? null
    : `format version ${version} is not supported (expected ${FORMAT_VERSION})`;
}

/** A record's bytes: its header followed by the payload parts (no copy of the parts). */
export function frameRecord(parts: readonly Uint8Array[]): Uint8Array[] {
  let crc = 0;
  let length = 0;
  for (const p of parts) {
    crc = crc32(p, crc);
    length += p.byteLength;
  }
  const header = Buffer.alloc(RECORD_HEADER_BYTES);
  header.writeUInt32LE(length, 0);
  header.writeUInt32LE(crc, 4);
  return [header, ...parts];
}

export interface RecordAt {
  /** File offset of the record's header. */
  readonly offset: number;
  readonly payload: Uint8Array;
}

/** The valid records after the file header, and where the valid part of the file ends. */
export function readRecords(bytes: Uint8Array): { records: RecordAt[]; end: number } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: RecordAt[] = [];
  let at = FILE_HEADER_BYTES;
  while (at + RECORD_HEADER_BYTES <= b.byteLength) {
    const length = b.readUInt32LE(at);
    // No record is empty: zeros where a crash left the file's tail unwritten are not records.
    if (length === 0) break;
    const start = at + RECORD_HEADER_BYTES;
    if (start + length > b.byteLength) break;
    const payload = b.subarray(start, start + length);
    if (crc32(payload) !== b.readUInt32LE(at + 4)) break;
    records.push({ offset: at, payload });
    at = start + length;
  }
  return { records, end: Math.min(at, b.byteLength) };
}
