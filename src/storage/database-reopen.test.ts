// A database directory keeps everything committed and nothing else: reopening finds tables (every
// column type), views, schemas, indexes and constraints as the last commit left them; temp objects
// and rolled-back work never reach the disk; a torn log tail and corrupt data are handled.

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, LarchError } from '../index.js';

const open: Engine[] = [];

async function openDb(dir: string): Promise<Engine> {
  const e = await Engine.open(dir);
  open.push(e);
  return e;
}

async function reopen(engine: Engine, dir: string): Promise<Engine> {
  await engine.close();
  return openDb(dir);
}

function scratch(): string {
  return join(fs.mkdtempSync(join(tmpdir(), 'larch-reopen-')), 'db');
}

async function rows(e: Engine, sql: string): Promise<unknown[]> {
  return (await e.sql(sql)).rows;
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

afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

describe('reopening a database directory', () => {
  it('creates the directory and finds every column type again', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql(`CREATE TABLE every (
      b boolean, s smallint, i integer, l bigint, r real, d double precision, n numeric(12,3),
      wide numeric, t text, v varchar(5), c char(3), dt date, tm time, ts timestamp,
      tz timestamptz, iv interval, j json, by bytea, u uuid, ai integer[], at text[])`);
    await e.sql(`INSERT INTO every VALUES
      (true, 1, 2, 9007199254740991, 1.5, -0.0, 123.456, 123456789012345678901234567890.5, 'héllo 😀',
       'abc', 'xy', '2024-02-29', '13:14:15.5', '2024-01-02 03:04:05.678901', '2024-01-02 03:04:05+02',
       '1 year 2 days 03:04:05', '{"a": [1, "x", null]}', '\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
       '{1,NULL,3}', '{"a b",c}'),
      (NULL, NULL, NULL, NULL, 'NaN', '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL)`);
    const query = 'SELECT * FROM every ORDER BY i';
    const before = await rows(e, query);
    e = await reopen(e, dir);
    expect(await rows(e, query)).toEqual(before);
    expect((await e.sql('SELECT * FROM every LIMIT 0')).columns).toEqual(
      (await e.sql('SELECT * FROM every LIMIT 0')).columns,
    );
    expect(
      await rows(e, 'SELECT pg_typeof(n)::text AS n, pg_typeof(v)::text AS v FROM every LIMIT 1'),
    ).toEqual([{ n: 'numeric', v: 'character varying' }]);
  });

  it('keeps schemas, views, indexes, constraints and defaults', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql(`CREATE SCHEMA s;
      CREATE TABLE s.item (id integer PRIMARY KEY, name text NOT NULL UNIQUE, qty integer DEFAULT 7 CHECK (qty >= 0));
      INSERT INTO s.item (id, name) VALUES (1, 'one');
      CREATE VIEW s.named AS SELECT id, upper(name) AS name FROM s.item;
      CREATE TABLE plain (k integer, v text);
      CREATE UNIQUE INDEX plain_k ON plain (k);
      CREATE INDEX plain_v ON plain (v)`);
    e = await reopen(e, dir);
    expect(await rows(e, 'SELECT * FROM s.named')).toEqual([{ id: 1, name: 'ONE' }]);
    await e.sql("INSERT INTO s.item (id, name) VALUES (2, 'two')");
    expect(await rows(e, 'SELECT id, qty FROM s.item ORDER BY id')).toEqual([
      { id: 1, qty: 7 },
      { id: 2, qty: 7 },
    ]);
    expect((await failure(e.sql("INSERT INTO s.item VALUES (1, 'again', 1)"))).code).toBe('23505');
    expect((await failure(e.sql("INSERT INTO s.item VALUES (3, 'one', 1)"))).code).toBe('23505');
    expect((await failure(e.sql("INSERT INTO s.item VALUES (3, 'three', -1)"))).code).toBe('23514');
    expect((await failure(e.sql('INSERT INTO s.item VALUES (3, NULL, 1)'))).code).toBe('23502');
    await e.sql("INSERT INTO plain VALUES (1, 'a')");
    expect((await failure(e.sql("INSERT INTO plain VALUES (1, 'b')"))).message).toMatch(/plain_k/);
    expect((await failure(e.sql('CREATE INDEX plain_v ON plain (k)'))).code).toBe('42P07');
    await e.sql('DROP INDEX plain_k');
    e = await reopen(e, dir);
    await e.sql("INSERT INTO plain VALUES (1, 'b')");
    expect(await rows(e, 'SELECT count(*) AS n FROM plain')).toEqual([{ n: 2 }]);
  });

  it('keeps the data every kind of write left', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql(`CREATE TABLE t AS SELECT g AS id, g % 10 AS grp, 'v' || g AS label FROM generate_series(1, 50000) g;
      CREATE TABLE gone (x integer); INSERT INTO gone VALUES (1);
      CREATE TABLE emptied AS SELECT 1 AS x`);
    e = await reopen(e, dir);
    await e.sql(`UPDATE t SET label = 'changed' WHERE grp = 3;
      DELETE FROM t WHERE grp = 4;
      INSERT INTO t VALUES (0, 0, 'zero');
      ALTER TABLE t ADD COLUMN extra integer DEFAULT 5;
      ALTER TABLE t DROP COLUMN grp;
      ALTER TABLE t RENAME COLUMN label TO name;
      ALTER TABLE t RENAME TO renamed;
      DROP TABLE gone;
      TRUNCATE emptied`);
    const summary =
      "SELECT count(*) AS n, sum(id) AS ids, count(*) FILTER (WHERE name = 'changed') AS changed, min(extra) AS e FROM renamed";
    const before = await rows(e, summary);
    expect(before).toEqual([{ n: 45001, ids: 1250025000 - 5000 * 24999, changed: 5000, e: 5 }]);
    e = await reopen(e, dir);
    expect(await rows(e, summary)).toEqual(before);
    expect(await rows(e, 'SELECT * FROM renamed WHERE id = 0')).toEqual([{ id: 0, name: 'zero', extra: 5 }]);
    expect((await failure(e.sql('SELECT * FROM gone'))).code).toBe('42P01');
    expect((await failure(e.sql('SELECT * FROM t'))).code).toBe('42P01');
    expect(await rows(e, 'SELECT count(*) AS n FROM emptied')).toEqual([{ n: 0 }]);
  });

  it('keeps committed transactions and drops rolled-back ones', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql('CREATE TABLE t (x integer)');
    await e.sql('BEGIN; INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); COMMIT');
    await e.sql('BEGIN; INSERT INTO t VALUES (3); CREATE TABLE never (y integer); ROLLBACK');
    const other = e.session();
    await other.sql('BEGIN; INSERT INTO t VALUES (4)'); // left open when the engine closes
    e = await reopen(e, dir);
    expect(await rows(e, 'SELECT x FROM t ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }]);
    expect((await failure(e.sql('SELECT * FROM never'))).code).toBe('42P01');
  });

  it('never writes temp tables or temp views', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql(`CREATE TABLE kept (x integer);
      CREATE TEMP TABLE ephemeral_tbl AS SELECT 'ephemeral_value' AS secret FROM generate_series(1, 5000);
      CREATE TEMP VIEW ephemeral_view AS SELECT 1 AS one;
      INSERT INTO ephemeral_tbl VALUES ('ephemeral_value');
      INSERT INTO kept VALUES (1)`);
    expect(await rows(e, 'SELECT count(*) AS n FROM ephemeral_tbl')).toEqual([{ n: 5001 }]);
    await e.sql('CHECKPOINT');
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(join(dir, name)).toString('latin1');
      expect(text).not.toMatch(/ephemeral/);
    }
    e = await reopen(e, dir);
    expect((await failure(e.sql('SELECT * FROM ephemeral_tbl'))).code).toBe('42P01');
    expect((await failure(e.sql('SELECT * FROM ephemeral_view'))).code).toBe('42P01');
    expect(await rows(e, 'SELECT x FROM kept')).toEqual([{ x: 1 }]);
  });

  it('hands out new object ids after reopening', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql('CREATE TABLE a (x integer)');
    const oidOf = (name: string) =>
      (e.database.committed.get('public', name) as { oid: number } | undefined)?.oid ?? -1;
    const first = oidOf('a');
    e = await reopen(e, dir);
    await e.sql('CREATE TABLE b (x integer)');
    expect(oidOf('a')).toBe(first);
    expect(oidOf('b')).toBeGreaterThan(first);
  });

  it('recovers from a torn or garbage log tail, losing only the unfinished commit', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql('CREATE TABLE t (x integer)');
    for (let i = 1; i <= 5; i++) await e.sql(`INSERT INTO t VALUES (${i})`);
    await e.close();
    const wal = join(
      dir,
      fs.readdirSync(dir).find((n) => n.startsWith('wal-'))!,
    );
    const size = fs.statSync(wal).size;
    fs.truncateSync(wal, size - 3); // the last INSERT's record, cut short
    fs.appendFileSync(wal, Buffer.from('garbage after a crash'));
    e = await openDb(dir);
    expect(await rows(e, 'SELECT x FROM t ORDER BY x')).toEqual([1, 2, 3, 4].map((x) => ({ x })));
    await e.sql('INSERT INTO t VALUES (6)'); // appends after the last complete record
    e = await reopen(e, dir);
    expect(await rows(e, 'SELECT x FROM t ORDER BY x')).toEqual([1, 2, 3, 4, 6].map((x) => ({ x })));
  });

  it('reads only the columns a query needs, and reports corrupt data with its file', async () => {
    const dir = scratch();
    let e = await openDb(dir);
    await e.sql(
      "CREATE TABLE t AS SELECT g AS a, repeat('z', 50) || g AS b FROM generate_series(1, 100000) g",
    );
    await e.sql('CHECKPOINT'); // moves the chunk from the log into a segment
    await e.close();
    const segment = join(
      dir,
      fs.readdirSync(dir).find((n) => n.startsWith('seg-'))!,
    );
    const bytes = fs.readFileSync(segment);
    bytes[bytes.byteLength - 10]! ^= 0xff; // inside the last column of the last chunk
    fs.writeFileSync(segment, bytes);
    e = await openDb(dir);
    // Column a decodes although column b of the same chunk is damaged.
    const table = e.database.committed.get('public', 't');
    if (table?.kind !== 'table') throw new Error('t is missing');
    const lengths = table.data.slots.map((_, i) => table.data.chunkColumn(i, 0).length);
    expect(lengths.reduce((x, y) => x + y, 0)).toBe(100000);
    const err = await failure(e.sql('SELECT max(b) FROM t'));
    expect(err.code).toBe('XX001');
    expect(err.message).toContain(segment);
    await e.sql('CREATE TABLE fine AS SELECT 1 AS x'); // the database stays usable
    expect(await rows(e, 'SELECT x FROM fine')).toEqual([{ x: 1 }]);
  });

  it('refuses a directory that holds other files', async () => {
    const dir = scratch();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(join(dir, 'notes.txt'), 'mine');
    const err = await failure(Engine.open(dir));
    expect(err.code).toBe('55000');
    expect(err.message).toBe(`directory "${dir}" is not a Larch database`);
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
  });
});
