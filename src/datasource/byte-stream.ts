// Reading a file as a stream of large byte blocks, gunzipping it when it is gzip-compressed, and
// reading its first bytes synchronously for sniffing at bind time.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { LarchError, SqlState } from '../engine/errors.js';
import { dataError, fileError } from './file-errors.js';

/** Bytes handed to parsers at a time. */
export const BLOCK_BYTES = 4 << 20;

export type Compression = 'auto' | 'gzip' | 'none';

function isGzipMagic(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

export function compressionOption(value: string | undefined): Compression {
  const v = (value ?? 'auto').toLowerCase();
  if (v === 'auto' || v === 'gzip' || v === 'none') return v;
  if (v === 'uncompressed') return 'none';
  throw new LarchError(
    SqlState.invalidParameterValue,
    `unsupported compression "${value}" (use auto, gzip or none)`,
  );
}

/** A file descriptor to read `path`, or the error naming it (58P01 when missing). */
export function openForReading(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    throw fileError(e, path, 'open file');
  }
}

/** The first `bytes` bytes of a file (uncompressed), and whether that is the whole file. */
export function readHead(
  path: string,
  bytes: number,
  compression: Compression,
): { data: Uint8Array; complete: boolean } {
  const fd = openForReading(path);
  try {
    const raw = new Uint8Array(bytes);
    let n = 0;
    for (;;) {
      const k = readSync(fd, raw, n, bytes - n, null);
      if (k === 0 || n + k >= bytes) {
        n += k;
        break;
      }
      n += k;
    }
    const head = raw.subarray(0, n);
    const gzip = compression === 'gzip' || (compression === 'auto' && isGzipMagic(head));
    if (!gzip) return { data: head, complete: n < bytes };
    try {
      const data = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
      return {
        data: data.subarray(0, Math.min(data.length, bytes)),
        complete: n < bytes && data.length <= bytes,
      };
    } catch (e) {
      throw dataError(SqlState.dataCorrupted, path, '', `corrupt gzip data: ${(e as Error).message}`);
    }
  } catch (e) {
    throw fileError(e, path, 'read file');
  } finally {
    closeSync(fd);
  }
}

async function isGzipFile(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await fh.read(new Uint8Array(2), 0, 2, 0);
      return isGzipMagic(buffer.subarray(0, bytesRead));
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw fileError(e, path, 'open file');
  }
}

/** The file's bytes in blocks of about BLOCK_BYTES, gunzipped when compressed. */
export async function* byteBlocks(path: string, compression: Compression): AsyncGenerator<Uint8Array> {
  const gzip = compression === 'gzip' || (compression === 'auto' && (await isGzipFile(path)));
  const file = createReadStream(path, { highWaterMark: BLOCK_BYTES });
  let source: Readable = file;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    source = pipeline(file, gunzip, () => undefined);
  }
  let pending: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= BLOCK_BYTES) {
        yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        pending = [];
        size = 0;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('Z_'))
      throw dataError(SqlState.dataCorrupted, path, '', `corrupt gzip data: ${(e as Error).message}`);
    throw fileError(e, path, 'read file');
  } finally {
    file.destroy();
  }
  if (size > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
}

/** Whether a file is read gunzipped: by the option, or by its magic bytes when 'auto'. */
export function isCompressed(path: string, compression: Compression): boolean {
  if (compression !== 'auto') return compression === 'gzip';
  const fd = openForReading(path);
  try {
    const b = new Uint8Array(2);
    const n = readSync(fd, b, 0, 2, 0);
    return isGzipMagic(b.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes [start, end) of an uncompressed file in blocks of about BLOCK_BYTES, each read into a new
 * array after the bytes a parser carried over from the last block (`carried.bytes`, set between
 * blocks): no block is copied again to join a record split between two.
 */
export async function* carriedBlocks(
  path: string,
  start: number,
  end: number,
  carried: { bytes: Uint8Array },
): AsyncGenerator<Uint8Array> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileError(e, path, 'open file');
  }
  try {
    for (let pos = start; pos < end;) {
      const carry = carried.bytes;
      const want = Math.min(BLOCK_BYTES, end - pos);
      const buf = new Uint8Array(carry.length + want);
      buf.set(carry);
      const { bytesRead } = await fh.read(buf, carry.length, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      yield bytesRead === want ? buf : buf.subarray(0, carry.length + bytesRead);
    }
  } catch (e) {
    throw fileError(e, path, 'read file');
  } finally {
    await fh.close();
  }
}

/** An uncompressed file's bytes from `start` to its end, in blocks. */
export async function* rangeBlocks(path: string, start: number): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { start, highWaterMark: BLOCK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } catch (e) {
    throw fileError(e, path, 'read file');
  } finally {
    stream.destroy();
  }
}

/** The 1-based line number of byte `offset` of a file (counted on error paths only); 0 if unreadable. */
export function lineAt(file: string, offset: number): number {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = new Uint8Array(1 << 20);
      let line = 1;
      for (let pos = 0; pos < offset;) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
        if (n === 0) break;
        for (let i = 0; i < n; i++) if (buf[i] === 10) line++;
        pos += n;
      }
      return line;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}

/** Blocks of a stream (gunzipped data) each joined after the bytes carried over, as carriedBlocks. */
async function* joinCarried(
  blocks: AsyncIterable<Uint8Array>,
  carried: { bytes: Uint8Array },
): AsyncGenerator<Uint8Array> {
  for await (const block of blocks) {
    const carry = carried.bytes;
    const buf = new Uint8Array(carry.length + block.length);
    buf.set(carry);
    buf.set(block, carry.length);
    yield buf;
  }
}

/** A file's bytes (a range of it, or all of it gunzipped when compressed) as carried blocks. */
export function textBlocks(
  path: string,
  compression: Compression,
  range: readonly [number, number] | undefined,
  carried: { bytes: Uint8Array },
): AsyncGenerator<Uint8Array> {
  if (range !== undefined) return carriedBlocks(path, range[0], range[1], carried);
  if (!isCompressed(path, compression)) return carriedBlocks(path, 0, Infinity, carried);
  return joinCarried(byteBlocks(path, 'gzip'), carried);
}
