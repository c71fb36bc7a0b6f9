// Reading and writing the database directory's files durably: reads by position on a cached
// descriptor; new files are written, fsynced and closed before anything refers to them; appends
// fsync before they count; renames and creations are made durable by fsyncing the directory.

import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileError } from './file-errors.js';

/** A file blobs are read from: a segment, or the write-ahead log (whose records hold small blobs). */
export class DataFile {
  private fd: number | null = null;

  constructor(
    readonly dir: string,
    readonly name: string,
  ) {}

  get path(): string {
    return join(this.dir, this.name);
  }

  /** Opens the descriptor now (a removed file stays readable through an open descriptor). */
  ensureOpen(): number {
    if (this.fd !== null) return this.fd;
    try {
      this.fd = fs.openSync(this.path, 'r');
    } catch (e) {
      throw fileError('open', this.path, e);
    }
    return this.fd;
  }

  /** `length` bytes at `offset`, read synchronously (scans decode chunks as they reach them). */
  read(offset: number, length: number): Uint8Array {
    const fd = this.ensureOpen();
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    try {
      while (done < length) {
        const n = fs.readSync(fd, out, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
    } catch (e) {
      throw fileError('read', this.path, e);
    }
    if (done < length) {
      throw fileError(
        'read',
        this.path,
        new Error(`read only ${done} of ${length} bytes at offset ${offset}`),
      );
    }
    return out;
  }

  /** The descriptor, handed over (the caller closes it); null if never opened. */
  takeDescriptor(): number | null {
    const fd = this.fd;
    this.fd = null;
    return fd;
  }

  close(): void {
    const fd = this.takeDescriptor();
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Writes all of `bytes` at `position`, however many calls the system needs. */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
    done += bytesWritten;
  }
}

/** Makes creations, renames and removals in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    // Some systems (Windows) cannot open or fsync a directory; their renames are durable anyway.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL')
      throw fileError('fsync', dir, e, 'directory');
  } finally {
    await handle?.close();
  }
}

/**
 * Creates (or replaces) a file with `parts` (produced one at a time, so a large file never sits in
 * memory), fsynced and closed; removes it again on failure.
 */
export async function writeNewFile(path: string, parts: Iterable<Uint8Array>): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'w');
  } catch (e) {
    throw fileError('create', path, e);
  }
  try {
    let at = 0;
    for (const p of parts) {
      await writeAll(handle, p, at);
      at += p.byteLength;
    }
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => {});
    await fs.promises.rm(path, { force: true }).catch(() => {});
    throw fileError('write to', path, e);
  }
  try {
    await handle.close();
  } catch (e) {
    throw fileError('write to', path, e);
  }
}

/** A file that grows only at its end and is fsynced after every append (the write-ahead log). */
export class AppendFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private length: number,
  ) {}

  static async open(path: string, length: number): Promise<AppendFile> {
    try {
      return new AppendFile(path, await open(path, 'r+'), length);
    } catch (e) {
      throw fileError('open', path, e);
    }
  }

  get size(): number {
    return this.length;
  }

  /**
   * Appends the parts and fsyncs. On failure the file is cut back to its old length, so a half-written
   * record never sits before later ones; if even that fails, the error says so and the file must
   * not be appended to again.
   */
  async append(parts: readonly Uint8Array[]): Promise<void> {
    const start = this.length;
    let at = start;
    try {
      for (const p of parts) {
        await writeAll(this.handle, p, at);
        at += p.byteLength;
      }
      await this.handle.datasync();
    } catch (e) {
      const error = fileError('write to', this.path, e);
      try {
        await this.handle.truncate(start);
        await this.handle.datasync();
      } catch (cleanup) {
        throw new AppendFileBroken(error, fileError('truncate', this.path, cleanup));
      }
      throw error;
    }
    this.length = at;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** An append failed and the file could not be restored: it may end in a partial record. */
export class AppendFileBroken extends Error {
  constructor(
    readonly error: Error,
    readonly cleanup: Error,
  ) {
    super(error.message);
  }
}
