// A full disk fails the statement with SQLSTATE 53100 and the file's name, leaves the table as it
// was and the engine running, and the database opens afterwards. Runs on a 2 MB tmpfs when this
// process may mount one (root); otherwise the full disk is simulated by pointing the next segment
// file at /dev/full, which fails every write with ENOSPC.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, LarchError } from '../index.js';

let mountPoint: string | null = null;

function tryMount(): string | null {
  const dir = fs.mkdtempSync(join(tmpdir(), 'larch-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

async function failure(p: Promise<unknown>): Promise<LarchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LarchError);
    return e as LarchError;
  }
  throw new Error('expected an error');
}

const count = async (e: Engine, table: string) =>
  ((await e.sql(`SELECT count(*) AS n FROM ${table}`)).rows[0] as { n: number }).n;

/** Rows that do not compress: about 64 bytes each on disk. */
const bulk = (table: string, from: number, to: number) =>
  `INSERT INTO ${table} SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(${from}, ${to}) g`;

beforeAll(() => {
  mountPoint = tryMount();
});

afterAll(() => {
  if (mountPoint === null) return;
  execFileSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

describe('a full disk', () => {
  it('fails the write with 53100, keeps the table and the engine, and the database reopens', async () => {
    if (mountPoint === null) {
      // Not permitted to mount here: the /dev/full test below still runs.
      return;
    }
    const dir = join(mountPoint, 'db');
    let e = await Engine.open(dir, { threads: 1 });
    try {
      await e.sql('CREATE TABLE t (id integer, v text)');
      await e.sql(bulk('t', 1, 5000));
      // Too big for the disk: its segment file cannot be written.
      const big = await failure(e.sql(bulk('t', 5001, 100_000)));
      expect(big.code).toBe('53100');
      expect(big.message).toMatch(
        new RegExp(`^could not write to file "${dir}/seg-\\d+\\.lsg": No space left on device$`),
      );
      expect(await count(e, 't')).toBe(5000);
      // Fill the rest with commits small enough for the log, until the log itself cannot grow.
      let last: LarchError | null = null;
      let rows = 5000;
      for (let i = 0; i < 200 && last === null; i++) {
        try {
          await e.sql(bulk('t', rows + 1, rows + 2000));
          rows += 2000;
        } catch (err) {
          last = err as LarchError;
        }
      }
      expect(last?.code).toBe('53100');
      expect(last?.message).toMatch(/^could not write to file ".*\/wal-\d+\.log": No space left on device$/);
      expect(await count(e, 't')).toBe(rows);
      // The same inside a transaction block: COMMIT fails and rolls back.
      await e.sql(`BEGIN; ${bulk('t', 900_001, 910_000)}`);
      expect((await failure(e.sql('COMMIT'))).code).toBe('53100');
      expect(await count(e, 't')).toBe(rows);
      // The engine keeps working: reads, and writes that fit.
      expect(await count(e, 't WHERE id <= 10')).toBe(10);
      await e.close();
      e = await Engine.open(dir, { threads: 1 });
      expect(await count(e, 't')).toBe(rows);
      expect(fs.readdirSync(dir).filter((n) => n.startsWith('seg-'))).toEqual([]);
    } finally {
      await e.close();
    }
  });

  it('fails a segment write on a device that is always full (/dev/full)', async () => {
    if (!fs.existsSync('/dev/full')) return;
    const dir = join(fs.mkdtempSync(join(tmpdir(), 'larch-devfull-')), 'db');
    let e = await Engine.open(dir, { threads: 1 });
    try {
      await e.sql('CREATE TABLE t (id integer, v text)');
      await e.sql(bulk('t', 1, 100));
      // The next file the database creates is seg-000002.lsg (file 1 is the first log).
      const segment = join(dir, 'seg-000002.lsg');
      fs.symlinkSync('/dev/full', segment);
      const err = await failure(e.sql(bulk('t', 101, 60_000)));
      expect(err.code).toBe('53100');
      expect(err.message).toBe(`could not write to file "${segment}": No space left on device`);
      expect(await count(e, 't')).toBe(100);
      await e.sql(bulk('t', 101, 200)); // small enough for the log
      await e.close();
      e = await Engine.open(dir, { threads: 1 });
      expect(await count(e, 't')).toBe(200);
    } finally {
      await e.close();
    }
  });
});
