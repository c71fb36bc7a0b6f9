// The plan cache: a prepared statement (or repeated query text) is planned once and its plan reused
// while the catalog, settings and parameter types are unchanged; results never change because of it.

import { describe, expect, it } from 'vitest';
import { Engine, type PreparedStatement, type Session, type Statement } from '../index.js';

async function session(): Promise<Session> {
  const engine = await Engine.open();
  const s = engine.session();
  await s.execute(
    "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 20) AS s(g)",
  );
  return s;
}

async function rows(
  s: Session,
  target: PreparedStatement | Statement,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const e = await s.open(target, params);
  if (e.kind !== 'rows') throw new Error('expected rows');
  return (await e.cursor.fetch()).rows as Record<string, unknown>[];
}

describe('plan cache', () => {
  it('reuses a prepared statement plan with new parameter values each time', async () => {
    const s = await session();
    const p = await s.prepare('SELECT name FROM t WHERE id = $1');
    const before = { ...s.plans.stats };
    expect(await rows(s, p, ['3'])).toEqual([{ name: 'n3' }]);
    expect(await rows(s, p, ['7'])).toEqual([{ name: 'n7' }]);
    expect(await rows(s, p, [11])).toEqual([{ name: 'n11' }]);
    expect(await rows(s, p, ['999'])).toEqual([]);
    expect(s.plans.stats.planned - before.planned).toBe(1);
    expect(s.plans.stats.reused - before.reused).toBe(3);
  });

  it('sees new rows, refuses a changed row type (as PostgreSQL), and sees DROP + CREATE of the table', async () => {
    const s = await session();
    const p = await s.prepare('SELECT * FROM t WHERE id >= $1 ORDER BY id');
    expect(await rows(s, p, [19])).toEqual([
      { id: 19, name: 'n19' },
      { id: 20, name: 'n20' },
    ]);
    await s.sql("INSERT INTO t VALUES (21, 'n21')");
    expect(await rows(s, p, [20])).toEqual([
      { id: 20, name: 'n20' },
      { id: 21, name: 'n21' },
    ]);
    await s.sql('ALTER TABLE t ADD COLUMN extra int');
    await expect(rows(s, p, [21])).rejects.toMatchObject({
      code: '0A000',
      message: 'cached plan must not change result type',
    });
    const again = await s.prepare('SELECT * FROM t WHERE id >= $1 ORDER BY id');
    await s.sql('UPDATE t SET extra = id * 10 WHERE id = 21');
    expect(await rows(s, again, [21])).toEqual([{ id: 21, name: 'n21', extra: 210 }]);
    await s.sql('DROP TABLE t');
    await expect(rows(s, p, [1])).rejects.toMatchObject({ code: '42P01' });
    await s.sql("CREATE TABLE t (id int, name text); INSERT INTO t VALUES (5, 'five')");
    expect(await rows(s, p, [1])).toEqual([{ id: 5, name: 'five' }]);
  });

  it('re-plans after a setting changes and for a temporary table that hides the table', async () => {
    const s = await session();
    const p = await s.prepare('SELECT count(*) AS n FROM t WHERE id <= $1');
    expect(await rows(s, p, [5])).toEqual([{ n: 5 }]);
    const planned = s.plans.stats.planned;
    await s.sql('SET threads = 2');
    expect(await rows(s, p, [6])).toEqual([{ n: 6 }]);
    expect(s.plans.stats.planned).toBe(planned + 1);
    await s.sql('CREATE TEMP TABLE t (id int); INSERT INTO t VALUES (1), (2)');
    expect(await rows(s, p, [6])).toEqual([{ n: 2 }]);
  });

  it('sees the transaction’s own changes and returns to the committed state after ROLLBACK', async () => {
    const s = await session();
    const p = await s.prepare('SELECT count(*) AS n FROM t');
    expect(await rows(s, p)).toEqual([{ n: 20 }]);
    await s.sql('BEGIN');
    await s.sql('DELETE FROM t WHERE id > 10');
    expect(await rows(s, p)).toEqual([{ n: 10 }]);
    await s.sql('ROLLBACK');
    expect(await rows(s, p)).toEqual([{ n: 20 }]);
  });

  it('evaluates now(), random() and parameters at every execution', async () => {
    const s = await session();
    const p = await s.prepare('SELECT now() AS t, random() AS r, $1::int + 1 AS x');
    const a = (await rows(s, p, [1]))[0]!;
    await new Promise((done) => setTimeout(done, 5));
    const b = (await rows(s, p, [41]))[0]!;
    expect(b.x).toBe(42);
    expect(a.x).toBe(2);
    expect(b.t).not.toEqual(a.t);
    expect(b.r).not.toEqual(a.r);
    expect(s.plans.stats.reused).toBeGreaterThan(0);
  });

  it('does not keep a plan that folded the clock in while being made', async () => {
    const s = await session();
    const p = await s.prepare("SELECT 'now'::timestamptz AS t");
    const a = (await rows(s, p))[0]!;
    await new Promise((done) => setTimeout(done, 5));
    const b = (await rows(s, p))[0]!;
    expect(b.t).not.toEqual(a.t);
  });

  it('reuses the plan of repeated query text (the parse cache gives the same statement)', async () => {
    const s = await session();
    const [first] = s.parse('SELECT name FROM t WHERE id = 4');
    const [again] = s.parse('SELECT name FROM t WHERE id = 4');
    expect(again).toBe(first);
    const before = { ...s.plans.stats };
    expect(await rows(s, first!)).toEqual([{ name: 'n4' }]);
    expect(await rows(s, again!)).toEqual([{ name: 'n4' }]);
    expect(s.plans.stats.reused - before.reused).toBe(1);
    await s.sql("UPDATE t SET name = 'four' WHERE id = 4");
    expect(await rows(s, again!)).toEqual([{ name: 'four' }]);
  });

  it('gives the same text with values of other types the results it gives uncached', async () => {
    const s = await session();
    const [stmt] = s.parse('SELECT $1 AS v, $2 + 1 AS w');
    for (const params of [
      [5, 1],
      ['x', '2'],
      [6, 3.5],
      [null, 4],
    ]) {
      const expected = (await s.sql('SELECT $1 AS v, $2 + 1 AS w', params)).rows;
      expect(await rows(s, stmt!, params)).toEqual(expected);
    }
  });

  it('runs two open executions of one prepared statement side by side', async () => {
    const s = await session();
    const p = await s.prepare('SELECT id FROM t WHERE id <= $1 ORDER BY id');
    await rows(s, p, [1]);
    const a = await s.open(p, [10]);
    const b = await s.open(p, [4]);
    if (a.kind !== 'rows' || b.kind !== 'rows') throw new Error('expected rows');
    expect((await a.cursor.fetch(3)).rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect((await b.cursor.fetch()).rowCount).toBe(4);
    expect((await a.cursor.fetch()).rowCount).toBe(7);
  });
});
