// The manifest: the whole catalog at the last checkpoint, and which write-ahead log continues it.
// It is replaced atomically (write manifest.tmp, fsync, rename over manifest, fsync the directory),
// so a crash leaves either the old or the new one, never a mix.

import * as fs from 'node:fs';
import { join } from 'node:path';
import { LarchError, SqlState } from '../engine/errors.js';
import type { StoredEntry } from './catalog-codec.js';
import { writeNewFile } from './data-file.js';
import { MANIFEST_FILE, MANIFEST_TEMP_FILE } from './directory-files.js';
import { fileError } from './file-errors.js';
import { checkFileHeader, fileHeader, frameRecord, readRecords } from './record-file.js';

export interface Manifest {
  /** Commits folded into this manifest (the log's next record is seq + 1). */
  readonly seq: number;
  /** Number for the next new file's name. */
  readonly nextFile: number;
  readonly nextOid: number;
  /** The write-ahead log that continues from here. */
  readonly wal: string;
  readonly entries: readonly StoredEntry[];
}

/** Writes the next manifest beside the current one (manifest.tmp), fsynced; nothing uses it yet. */
export async function prepareManifest(dir: string, manifest: Manifest): Promise<void> {
  const record = frameRecord([Buffer.from(JSON.stringify(manifest), 'utf8')]);
  await writeNewFile(join(dir, MANIFEST_TEMP_FILE), [fileHeader('manifest'), ...record]);
}

/** Puts the prepared manifest in place: the moment a checkpoint takes effect. */
export async function installManifest(dir: string): Promise<void> {
  const temp = join(dir, MANIFEST_TEMP_FILE);
  try {
    await fs.promises.rename(temp, join(dir, MANIFEST_FILE));
  } catch (e) {
    throw fileError('rename', temp, e);
  }
}

function corrupt(path: string, what: string): LarchError {
  return new LarchError(SqlState.dataCorrupted, `database manifest "${path}" is corrupt: ${what}`);
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    throw fileError('read', path, e);
  }
  const bad = checkFileHeader(bytes, 'manifest');
  if (bad !== null) throw corrupt(path, bad);
  const { records } = readRecords(bytes);
  if (records.length !== 1) throw corrupt(path, 'checksum mismatch');
  const manifest = JSON.parse(Buffer.from(records[0]!.payload).toString('utf8')) as Manifest;
  if (typeof manifest.wal !== 'string' || !Array.isArray(manifest.entries))
    throw corrupt(path, 'missing fields');
  return manifest;
}
