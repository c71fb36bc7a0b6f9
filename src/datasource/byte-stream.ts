// Reading a file as a stream of large byte blocks, gunzipping it when it is gzip-compressed, and
// reading its first bytes synchronously for sniffing at bind time.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
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

/** The first `bytes` bytes of a file (uncompressed), and whether that is the whole file. */
export function readHead(
  path: string,
  bytes: number,
  compression: Compression,
): { data: Uint8Array; complete: boolean } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fileError(e, path, 'open file');
  }
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
