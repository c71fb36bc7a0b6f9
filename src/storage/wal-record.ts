// One commit in the write-ahead log: the entries it created, changed or dropped, and the chunk blobs
// of a small commit (large ones go to a segment file first, and the record refers to it):
//
//   payload := u32 blob bytes | blobs | commit (UTF-8 JSON)

import type { StoredEntry } from './catalog-codec.js';
import { RECORD_HEADER_BYTES } from './record-file.js';

export interface CommitRecord {
  readonly seq: number;
  readonly nextOid: number;
  readonly nextFile: number;
  /** Entries created or changed, in full. */
  readonly put: readonly StoredEntry[];
  /** Entries dropped, as [schema, name]. */
  readonly drop: readonly (readonly [string, string])[];
}

/** File offset of the first blob of a record that starts at `recordOffset`. */
export function inlineBlobsOffset(recordOffset: number): number {
  return recordOffset + RECORD_HEADER_BYTES + 4;
}

export function commitPayload(blobs: readonly Uint8Array[], commit: CommitRecord): Uint8Array[] {
  const count = Buffer.alloc(4);
  count.writeUInt32LE(blobs.reduce((s, b) => s + b.byteLength, 0));
  return [count, ...blobs, Buffer.from(JSON.stringify(commit), 'utf8')];
}

export function parseCommitPayload(payload: Uint8Array): CommitRecord {
  const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const blobBytes = b.readUInt32LE(0);
  return JSON.parse(b.toString('utf8', 4 + blobBytes)) as CommitRecord;
}
