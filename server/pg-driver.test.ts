// node-postgres (`pg`, with pg-cursor) against the server: parameters, prepared statements, binary
// results, cursors, errors followed by good queries, transactions, cancel and 100 clients at once.

import { connect } from 'node:net';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.test-kit.js';

let t: TestServer;

function client(options: pg.ClientConfig = {}): pg.Client {
  return new pg.Client({ host: '127.0.0.1', port: t.port, database: 'larch', user: 'app', ...options });
}

async function connected(options: pg.ClientConfig = {}): Promise<pg.Client> {
  const c = client(options);
  await c.connect();
  return c;
}

beforeAll(async () => {
  t = await startTestServer();
  const c = await connected();
  await c.query(
    `CREATE TABLE readings (id int PRIMARY KEY, sensor text, value double precision, at timestamptz, ok boolean)`,
  );
  await c.query(
    `INSERT INTO readings SELECT g, 's' || (g % 3), g * 0.5, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 minute', g % 2 = 0 FROM generate_series(1, 1000) AS s(g)`,
  );
  await c.end();
});

afterAll(async () => {
  await t.close();
});

describe('node-postgres', () => {
  it('sends parameters and infers their types', async () => {
    const c = await connected();
    const r = await c.query('SELECT id, sensor, value FROM readings WHERE id = $1 AND sensor = $2', [
      7,
      's1',
    ]);
    expect(r.rows).toEqual([{ id: 7, sensor: 's1', value: 3.5 }]);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 701]);
    const typed = await c.query('SELECT $1 + 1 AS n, $2 || $3 AS s', [41, 'a', 'b']);
    expect(typed.rows).toEqual([{ n: 42, s: 'ab' }]);
    await c.end();
  });

  it('runs named prepared statements again and again', async () => {
    const c = await connected();
    for (let i = 1; i <= 20; i++) {
      const r = await c.query({
        name: 'by_id',
        text: 'SELECT value FROM readings WHERE id = $1',
        values: [i],
      });
      expect(r.rows).toEqual([{ value: i * 0.5 }]);
    }
    await c.end();
  });

  it("refuses a named statement whose table's row type changed, as PostgreSQL does", async () => {
    const c = await connected();
    await c.query('CREATE TEMP TABLE shifting AS SELECT 1 AS a');
    const star = { name: 'star', text: 'SELECT * FROM shifting' };
    expect((await c.query(star)).rows).toEqual([{ a: 1 }]);
    await c.query('ALTER TABLE shifting ADD COLUMN b int');
    await expect(c.query(star)).rejects.toMatchObject({
      code: '0A000',
      message: 'cached plan must not change result type',
    });
    expect((await c.query('SELECT count(*)::int AS n FROM shifting')).rows).toEqual([{ n: 1 }]);
    await c.end();
  });

  it('lists named prepared statements in pg_prepared_statements', async () => {
    const c = await connected();
    const list =
      'SELECT name, statement, parameter_types::oid[] AS types, from_sql FROM pg_prepared_statements';
    expect((await c.query(list)).rows).toEqual([]);
    for (const value of [1, 2]) await c.query({ name: 'q1', text: 'SELECT $1::int', values: [value] });
    await c.query('SELECT $1::int', [3]); // unnamed: not listed
    const q1 = { name: 'q1', statement: 'SELECT $1::int', types: [23], from_sql: false };
    expect((await c.query(list)).rows).toEqual([q1]);
    // The same query text again (its plan is not reused) sees the statement SQL PREPARE adds.
    await c.query('PREPARE q2 AS SELECT 2');
    const q2 = { name: 'q2', statement: 'PREPARE q2 AS SELECT 2', types: [], from_sql: true };
    expect((await c.query(list)).rows).toEqual([q1, q2]);
    const plans = await c.query(
      "SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = 'q1'",
    );
    expect(plans.rows).toEqual([{ generic: 1, custom: 1 }]);
    await c.query('DEALLOCATE ALL');
    expect((await c.query(list)).rows).toEqual([]);
    await c.end();
  });

  it('reads every type in binary format', async () => {
    const c = await connected({ binary: true } as pg.ClientConfig);
    const r = await c.query(
      `SELECT 1::int2 AS i2, 2::int4 AS i4, 3000000000::int8 AS i8, 1.5::float4 AS f4, 2.25::float8 AS f8,
              true AS b, 'txt'::text AS t, 'vc'::varchar(5) AS vc, DATE '2024-02-29' AS d,
              TIMESTAMPTZ '2024-01-01 12:00:00+00' AS tz, 12.345::numeric(10,3) AS n`,
    );
    const row = r.rows[0] as Record<string, unknown>;
    expect(row.i2).toBe(1);
    expect(row.i4).toBe(2);
    expect(row.i8).toBe('3000000000');
    expect(row.f4).toBe(1.5);
    expect(row.f8).toBe(2.25);
    expect(row.b).toBe(true);
    expect(row.t).toBe('txt');
    expect(row.vc).toBe('vc');
    expect((row.tz as Date).toISOString()).toBe('2024-01-01T12:00:00.000Z');
    await c.end();
  });

  it('streams rows with pg-cursor (Execute with a row limit, PortalSuspended)', async () => {
    const c = await connected();
    const cursor = c.query(new Cursor('SELECT id FROM readings WHERE id <= $1 ORDER BY id', [250]));
    const seen: number[] = [];
    for (;;) {
      const rows = (await cursor.read(100)) as { id: number }[];
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.id));
    }
    await cursor.close();
    expect(seen.length).toBe(250);
    expect(seen[249]).toBe(250);
    const after = await c.query('SELECT count(*)::int AS n FROM readings');
    expect(after.rows[0].n).toBe(1000);
    await c.end();
  });

  it('answers good queries after errors, with SQLSTATE, position and hint', async () => {
    const c = await connected();
    await expect(c.query('SELECT nope FROM readings')).rejects.toMatchObject({
      code: '42703',
      position: '8',
    });
    await expect(c.query('SELECT $1::int', ['x'])).rejects.toMatchObject({ code: '22P02' });
    await expect(c.query({ name: 'bad', text: 'SELECT * FROM missing_table' })).rejects.toMatchObject({
      code: '42P01',
    });
    await expect(c.query('SELECT lenght($1)', ['a'])).rejects.toMatchObject({
      code: '42883',
      hint: expect.stringContaining('No function matches'),
    });
    const r = await c.query('SELECT count(*)::int AS n FROM readings WHERE ok');
    expect(r.rows[0].n).toBe(500);
    await c.end();
  });

  it('keeps transaction blocks: failed until ROLLBACK, committed data visible to others', async () => {
    const a = await connected();
    const b = await connected();
    await a.query('BEGIN');
    await a.query("INSERT INTO readings VALUES (5001, 'tx', 1, now(), true)");
    expect((await b.query('SELECT count(*)::int AS n FROM readings WHERE id = 5001')).rows[0].n).toBe(0);
    await expect(a.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
    await expect(a.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await a.query('ROLLBACK');
    await a.query('BEGIN');
    await a.query("INSERT INTO readings VALUES (5002, 'tx', 1, now(), true)");
    await a.query('COMMIT');
    expect((await b.query('SELECT count(*)::int AS n FROM readings WHERE id >= 5001')).rows[0].n).toBe(1);
    await a.query('DELETE FROM readings WHERE id = 5002');
    await a.end();
    await b.end();
  });

  it('rolls back a failed multi-statement query as one implicit transaction; parameterized writes commit at Sync', async () => {
    const a = await connected();
    const b = await connected();
    const n = async () =>
      (await b.query('SELECT count(*)::int AS n FROM readings WHERE id BETWEEN 6001 AND 6009')).rows[0].n;
    await expect(
      a.query(
        "INSERT INTO readings VALUES (6001, 'im', 1, now(), true); INSERT INTO readings VALUES (6002, 'im', 1, now(), true); SELECT 1/0",
      ),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await n()).toBe(0);
    await a.query(
      "INSERT INTO readings VALUES (6001, 'im', 1, now(), true); INSERT INTO readings VALUES (6002, 'im', 1, now(), true)",
    );
    expect(await n()).toBe(2);
    // The extended protocol (parameters): the INSERT commits at its Sync; a failing one leaves nothing.
    await a.query('INSERT INTO readings VALUES ($1, $2, 1, now(), true)', [6003, 'im']);
    await expect(
      a.query('INSERT INTO readings VALUES ($1, $2, 1 / 0, now(), true)', [6004, 'im']),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await n()).toBe(3);
    expect((await a.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await a.query('DELETE FROM readings WHERE id BETWEEN 6001 AND 6009');
    await a.end();
    await b.end();
  });

  it('cancels a running query with a CancelRequest (57014), and the connection goes on', async () => {
    const c = await connected();
    const slow = c.query('SELECT count(*) FROM generate_series(1, 300000000) AS s(g) WHERE g % 7 = 3').then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A CancelRequest on a new connection, carrying the backend key the server sent at startup.
    const key = c as unknown as { processID: number; secretKey: number };
    await new Promise<void>((resolve, reject) => {
      const socket = connect(t.port, '127.0.0.1', () => {
        const packet = Buffer.alloc(16);
        packet.writeInt32BE(16, 0);
        packet.writeInt32BE(80877102, 4);
        packet.writeInt32BE(key.processID, 8);
        packet.writeInt32BE(key.secretKey, 12);
        socket.end(packet);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    expect(await slow).toMatchObject({ code: '57014' });
    expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await c.end();
  });

  it('stops a statement at statement_timeout', async () => {
    const c = await connected({ statement_timeout: 200 } as pg.ClientConfig);
    await expect(
      c.query('SELECT count(*) FROM generate_series(1, 300000000) AS s(g) WHERE g % 7 = 3'),
    ).rejects.toMatchObject({
      code: '57014',
      message: 'canceling statement due to statement timeout',
    });
    expect((await c.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    await c.end();
  });

  it('serves 100 clients at once, each with its own session', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, () => connected()));
    const results = await Promise.all(
      clients.map(async (c, i) => {
        await c.query(`SET application_name = 'client${i}'`);
        await c.query(`CREATE TEMP TABLE mine AS SELECT ${i} AS v`);
        const r = await c.query(
          "SELECT (SELECT v FROM mine) AS v, current_setting('application_name') AS app, count(*)::int AS n FROM readings WHERE id % 100 = $1",
          [i],
        );
        return r.rows[0] as { v: number; app: string; n: number };
      }),
    );
    results.forEach((r, i) => expect(r).toEqual({ v: i, app: `client${i}`, n: i === 0 ? 10 : 10 }));
    await Promise.all(clients.map((c) => c.end()));
  });
});
