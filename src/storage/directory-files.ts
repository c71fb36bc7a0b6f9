// The names of the files in a database directory, and clearing out the ones nothing refers to.

import * as fs from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from './database-lock.js';
import { fileError } from './file-errors.js';

export const MANIFEST_FILE = 'manifest';
export const MANIFEST_TEMP_FILE = 'manifest.tmp';

/** Files are numbered from one counter kept in the manifest and the log, so names never repeat. */
export function walFileName(n: number): string {
  return `wal-${String(n).padStart(6, '0')}.log`;
}

export function segmentFileName(n: number): string {
  return `seg-${String(n).padStart(6, '0')}.lsg`;
}

const REPLACEABLE = /^(wal-\d+\.log|seg-\d+\.lsg|manifest\.tmp)$/;

/** Files Larch may delete when nothing refers to them (never the manifest, the lock or foreign files). */
export function isReplaceable(name: string): boolean {
  return REPLACEABLE.test(name);
}

export function isOwnFile(name: string): boolean {
  return name === MANIFEST_FILE || name.startsWith(LOCK_FILE) || isReplaceable(name);
}

/** Deletes log, segment and temporary files not in `keep`; returns how many went. */
export function removeUnreferenced(dir: string, keep: ReadonlySet<string>): number {
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!isReplaceable(name) || keep.has(name)) continue;
    const path = join(dir, name);
    try {
      fs.rmSync(path, { force: true });
      removed++;
    } catch (e) {
      throw fileError('remove', path, e);
    }
  }
  return removed;
}
