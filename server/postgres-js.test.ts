// postgres.js against the server: tagged-template queries with parameters, transactions, errors,
// cursors and the type oids it reads.

import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.test-kit.js';

let t: TestServer;
let sql: postgres.Sql;

beforeAll(async () => {
  t = await startTestServer();
  sql = postgres({
    host: '127.0.0.1',
    port: t.port,
    database: 'larch',
    username: 'pjs',
    max: 4,
    onnotice: () => {},
  });
  await sql`CREATE TABLE animals (id int PRIMARY KEY, kind text, weight numeric(6,2), born date)`;
});

afterAll(async () => {
  await sql.end();
  await t.close();
});

describe('postgres.js', () => {
  it('inserts and selects with parameters', async () => {
    await sql`INSERT INTO animals ${sql([
      { id: 1, kind: 'cat', weight: 4.25, born: '2020-05-01' },
      { id: 2, kind: 'dog', weight: 20, born: '2018-01-15' },
    ])}`;
    const rows = await sql`SELECT id, kind, weight, born FROM animals WHERE weight > ${5} ORDER BY id`;
    expect(rows.length).toBe(1);
    expect(rows[0]).toMatchObject({ id: 2, kind: 'dog', weight: '20.00' });
    expect(rows[0]!.born).toBeInstanceOf(Date);
  });

  it('runs transactions and rolls back on error', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx`INSERT INTO animals VALUES (3, 'owl', 1.5, NULL)`;
        await tx`SELECT 1/0`;
      }),
    ).rejects.toMatchObject({ code: '22012' });
    expect((await sql`SELECT count(*)::int AS n FROM animals WHERE id = 3`)[0]!.n).toBe(0);
    await sql.begin(async (tx) => {
      await tx`INSERT INTO animals VALUES (3, 'owl', 1.5, NULL)`;
    });
    expect((await sql`SELECT count(*)::int AS n FROM animals`)[0]!.n).toBe(3);
  });

  it('reports errors with SQLSTATE and keeps working', async () => {
    await expect(sql`SELECT * FROM no_such_table`).rejects.toMatchObject({ code: '42P01' });
    expect((await sql`SELECT ${'ok'}::text AS v`)[0]!.v).toBe('ok');
  });

  it('reads a large result through a cursor in chunks', async () => {
    let seen = 0;
    await sql`SELECT g FROM generate_series(1, 5000) AS s(g)`.cursor(1000, (rows) => {
      seen += rows.length;
    });
    expect(seen).toBe(5000);
  });
});
