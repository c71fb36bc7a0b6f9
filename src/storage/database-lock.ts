// The writer's lock on a database directory: a file holding the owner's process id, created
// exclusively. A lock whose process is gone (killed, crashed) is stale and is taken over.

import * as fs from 'node:fs';
import { join } from 'node:path';
import { LarchError, SqlState } from '../engine/errors.js';
import { fileError } from './file-errors.js';

export const LOCK_FILE = 'larch.lock';
/** Attempts before giving up when other processes keep racing for the lock. */
const MAX_ATTEMPTS = 10;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | null {
  try {
    const text = fs.readFileSync(path, 'utf8').trim();
    const pid = Number(text);
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError('read', path, e);
  }
}

export class DatabaseLock {
  private released = false;

  private constructor(
    readonly dir: string,
    private readonly path: string,
  ) {}

  /** Takes the lock or throws 55P03 naming the process that holds it. */
  static acquire(dir: string): DatabaseLock {
    const path = join(dir, LOCK_FILE);
    const mine = join(dir, `${LOCK_FILE}.${process.pid}`);
    try {
      fs.writeFileSync(mine, `${process.pid}\n`);
    } catch (e) {
      throw fileError('create', mine, e);
    }
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        // link() creates the lock with our pid already in it, and fails if any lock exists.
        try {
          fs.linkSync(mine, path);
          return new DatabaseLock(dir, path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError('create', path, e);
        }
        const holder = readPid(path);
        if (holder === null) continue; // released meanwhile
        if (holder !== 0 && isAlive(holder)) {
          throw new LarchError(
            SqlState.lockNotAvailable,
            `database "${dir}" is locked by process ${holder}`,
            {
              hint: `Close the other Larch process, or remove ${path} if process ${holder} is not Larch.`,
            },
          );
        }
        DatabaseLock.removeStale(dir, path, holder);
      }
      throw new LarchError(
        SqlState.lockNotAvailable,
        `database "${dir}" is locked: other processes keep taking the lock`,
      );
    } finally {
      fs.rmSync(mine, { force: true });
    }
  }

  /** Moves a dead holder's lock aside; puts it back if a live process took the lock meanwhile. */
  private static removeStale(dir: string, path: string, stalePid: number): void {
    const aside = join(dir, `${LOCK_FILE}.stale.${process.pid}`);
    try {
      fs.renameSync(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw fileError('rename', path, e);
    }
    const moved = readPid(aside);
    if (moved !== null && moved !== stalePid) {
      try {
        fs.linkSync(aside, path);
      } catch {
        // Someone holds the lock again; the next attempt sees it.
      }
    }
    fs.rmSync(aside, { force: true });
  }

  /** Removes the lock file if it is still ours. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (readPid(this.path) === process.pid) fs.rmSync(this.path, { force: true });
  }
}
