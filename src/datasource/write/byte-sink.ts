// Where writers put bytes: a file written atomically (a hidden temporary file renamed over the
// target when complete, removed on failure, so a failed COPY leaves no half-written file), or a
// caller's stream (COPY … TO STDOUT), optionally gzip-compressed.

import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip, type Gzip } from 'node:zlib';
import { fileError } from '../file-errors.js';

export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes everything and makes the output visible. */
  close(): Promise<void>;
  /** Gives up: removes partial output. */
  abort(): Promise<void>;
}

/** A hidden name next to `path` for writing before the final rename. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes go to a temporary file that replaces `path` on close. */
export class AtomicFileSink implements ByteSink {
  private readonly temp: string;
  private handle: FileHandle | null = null;
  private opening: Promise<FileHandle> | null = null;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {
    this.temp = temporaryPath(path);
  }

  private file(): Promise<FileHandle> {
    this.opening ??= (async () => {
      try {
        await mkdir(dirname(this.temp), { recursive: true });
        this.handle = await open(this.temp, 'wx');
        return this.handle;
      } catch (e) {
        throw fileError(e, this.path, 'open file for writing');
      }
    })();
    return this.opening;
  }

  /** Writes run one after another: concurrent writes at the file position could reorder. */
  write(bytes: Uint8Array): Promise<void> {
    const run = this.tail.then(async () => {
      const fh = await this.file();
      try {
        let done = 0;
        while (done < bytes.length) {
          const { bytesWritten } = await fh.write(bytes, done, bytes.length - done);
          done += bytesWritten;
        }
      } catch (e) {
        throw fileError(e, this.path, 'write to file');
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.tail;
    const fh = await this.file();
    try {
      await fh.sync();
      await fh.close();
      this.handle = null;
      await rename(this.temp, this.path);
    } catch (e) {
      await this.abort();
      throw fileError(e, this.path, 'write to file');
    }
  }

  async abort(): Promise<void> {
    await this.opening?.catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
    await rm(this.temp, { force: true }).catch(() => undefined);
  }
}

/** Writes to a caller's stream (the wire protocol's COPY … TO STDOUT), respecting backpressure. */
export class StreamSink implements ByteSink {
  constructor(private readonly stream: Writable) {}

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      const ok = this.stream.write(bytes, (e) =>
        e ? reject(fileError(e, 'output stream', 'write to')) : undefined,
      );
      if (ok) resolve();
      else this.stream.once('drain', resolve);
    });
  }

  async close(): Promise<void> {}

  async abort(): Promise<void> {}
}

/** Gzip-compresses into another sink. */
export class GzipSink implements ByteSink {
  private readonly gzip: Gzip = createGzip();
  private readonly pending: Promise<void>[] = [];
  private failure: unknown = null;

  constructor(private readonly inner: ByteSink) {
    this.gzip.on('data', (chunk: Buffer) => {
      this.pending.push(this.inner.write(chunk).catch((e: unknown) => void (this.failure ??= e)));
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (!this.gzip.write(bytes)) await new Promise((r) => this.gzip.once('drain', r));
    await Promise.all(this.pending.splice(0));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.gzip.end(resolve));
    await Promise.all(this.pending.splice(0));
    if (this.failure !== null) {
      await this.inner.abort();
      throw this.failure;
    }
    await this.inner.close();
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.inner.abort();
  }
}
