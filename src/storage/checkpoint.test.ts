// CHECKPOINT folds the log into the manifest, merges small segments into one, removes files nothing
// refers to, and moves chunks without disturbing readers, including snapshots older than it.

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../index.js';

function scratch(): string {
  return join(fs.mkdtempSync(join(tmpdir(), 'larch-checkpoint-')), 'db');
}

const files = (dir: string, prefix: string) =>
  fs
    .readdirSync(dir)
    .filter((n) => n.startsWith(prefix))
    .sort();

/** Rows that barely compress, so 40,000 of them make a segment file of their own (over 1 MiB). */
const bulk = (table: string, rows: number) =>
  `CREATE TABLE ${table} AS SELECT g AS id, md5(g::text) || md5((g * 3)::text) AS v FROM generate_series(1, ${rows}) g`;

const summary = async (e: Engine, table: string) =>
  (await e.sql(`SELECT count(*) AS n, sum(id) AS s, max(v) AS m FROM ${table}`)).rows[0];

describe('CHECKPOINT', () => {
  it('merges the log and small segments into one segment and removes the rest', async () => {
    const dir = scratch();
    let e = await Engine.open(dir, { threads: 1 });
    await e.sql(bulk('a', 40_000));
    await e.sql(bulk('b', 40_000));
    await e.sql(bulk('dropped', 40_000));
    await e.sql('CREATE TABLE small (x integer)');
    for (let i = 0; i < 50; i++) await e.sql(`INSERT INTO small VALUES (${i})`);
    await e.sql('DROP TABLE dropped');
    expect(files(dir, 'seg-')).toHaveLength(3);
    const before = [await summary(e, 'a'), await summary(e, 'b')];
    const walBefore = fs.statSync(join(dir, files(dir, 'wal-')[0]!)).size;
    expect(walBefore).toBeGreaterThan(50 * 100);

    await e.sql('CHECKPOINT');
    expect(files(dir, 'seg-')).toHaveLength(1);
    const [wal] = files(dir, 'wal-');
    expect(files(dir, 'wal-')).toHaveLength(1);
    expect(fs.statSync(join(dir, wal!)).size).toBe(16); // just the header
    expect(fs.readdirSync(dir).sort()).toEqual(
      ['larch.lock', 'manifest', files(dir, 'seg-')[0]!, wal!].sort(),
    );
    expect([await summary(e, 'a'), await summary(e, 'b')]).toEqual(before);

    await e.close();
    e = await Engine.open(dir, { threads: 1 });
    expect([await summary(e, 'a'), await summary(e, 'b')]).toEqual(before);
    expect((await e.sql('SELECT count(*) AS n, sum(x) AS s FROM small')).rows).toEqual([{ n: 50, s: 1225 }]);
    const unchanged = fs.readdirSync(dir).sort();
    await e.sql('CHECKPOINT'); // nothing logged, nothing to compact
    expect(fs.readdirSync(dir).sort()).toEqual(unchanged);
    await e.close();
  });

  it('moves chunks kept in the log by a previous process', async () => {
    const dir = scratch();
    let e = await Engine.open(dir, { threads: 1 });
    await e.sql("CREATE TABLE t AS SELECT g AS id, 'v' || g AS v FROM generate_series(1, 1000) g");
    const before = await summary(e, 't');
    await e.close();
    e = await Engine.open(dir, { threads: 1 });
    await e.sql('CHECKPOINT');
    expect(files(dir, 'seg-')).toHaveLength(1);
    expect(await summary(e, 't')).toEqual(before);
    await e.close();
    e = await Engine.open(dir, { threads: 1 });
    expect(await summary(e, 't')).toEqual(before);
    await e.close();
  });

  it('moves chunks that were never read, and old snapshots still read dropped tables', async () => {
    const dir = scratch();
    let e = await Engine.open(dir, { threads: 1 });
    await e.sql(bulk('kept', 40_000));
    await e.sql(bulk('doomed', 40_000));
    const expected = [await summary(e, 'kept'), await summary(e, 'doomed')];
    await e.close();
    e = await Engine.open(dir, { threads: 1 }); // nothing read yet: every chunk is on disk only
    const reader = e.session();
    await reader.sql('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await reader.sql('SELECT 1'); // the snapshot that still has "doomed"
    await e.sql('DROP TABLE doomed');
    await e.sql('CHECKPOINT');
    expect(files(dir, 'seg-')).toHaveLength(1);
    expect(await summary(e, 'kept')).toEqual(expected[0]);
    expect((await reader.sql('SELECT count(*) AS n, sum(id) AS s, max(v) AS m FROM doomed')).rows[0]).toEqual(
      expected[1],
    );
    await reader.sql('COMMIT');
    await e.close();
  });
});
