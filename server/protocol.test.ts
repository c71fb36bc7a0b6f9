// The protocol message by message: SSL/GSS answers, empty queries, pipelines with errors, row
// limits, parameter type inference, notices, transaction status, and misbehaving clients
// (garbage, a 1 GB length, an unfinished startup, a disconnect mid-query) that must not hurt others.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fe, fields, RawClient, types } from './raw-client.test-kit.js';
import { startTestServer, type TestServer } from './server.test-kit.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ startupTimeoutMs: 500, maxConnections: 40 });
  const c = await RawClient.ready(t.port);
  c.send(
    fe.query(
      "CREATE TABLE items (id int, name text, price numeric(8,2)); INSERT INTO items SELECT g, 'item' || g, g * 1.25 FROM generate_series(1, 10) AS s(g)",
    ),
  );
  await c.until('Z');
  c.end();
});

afterAll(async () => {
  await t.close();
});

async function stillServes(): Promise<void> {
  const c = await RawClient.ready(t.port);
  c.send(fe.query('SELECT count(*) FROM items'));
  const m = await c.until('Z');
  expect(types(m)).toBe('TDCZ');
  c.end();
}

describe('protocol', () => {
  it('answers SSLRequest and GSSENCRequest with N, then starts up on the same socket', async () => {
    const c = await RawClient.open(t.port);
    c.send(fe.gssRequest());
    expect(await c.byte()).toBe('N');
    c.send(fe.sslRequest());
    expect(await c.byte()).toBe('N');
    c.send(fe.startup({ user: 'u', database: 'larch', application_name: 'raw-test' }));
    const startup = await c.until('Z');
    expect(startup[0]!.type).toBe('R');
    const status = new Map(
      startup
        .filter((m) => m.type === 'S')
        .map((m) => {
          const [k, v] = m.body.toString('utf8').split('\0');
          return [k!, v!];
        }),
    );
    expect(status.get('server_version')).toMatch(/^\d+\.\d+/);
    expect(status.get('client_encoding')).toBe('UTF8');
    expect(status.get('DateStyle')).toMatch(/^ISO/);
    expect(status.get('integer_datetimes')).toBe('on');
    expect(status.get('standard_conforming_strings')).toBe('on');
    expect(status.get('TimeZone')).toBeDefined();
    expect(status.get('application_name')).toBe('raw-test');
    expect(types(startup.slice(-2))).toBe('KZ');
    c.end();
  });

  it('answers empty and comment-only queries with EmptyQueryResponse', async () => {
    const c = await RawClient.ready(t.port);
    c.send(fe.query(''));
    expect(types(await c.until('Z'))).toBe('IZ');
    c.send(fe.query('-- ping'));
    expect(types(await c.until('Z'))).toBe('IZ');
    c.send(fe.parse('', ''), fe.bind('', ''), fe.execute(''), fe.sync());
    expect(types(await c.until('Z'))).toBe('12IZ');
    c.end();
  });

  it('processes a pipeline in order and skips to Sync after an error', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      fe.parse('s1', 'SELECT name FROM items WHERE id = $1'),
      fe.bind('', 's1', ['3']),
      fe.execute(''),
      fe.parse('', 'SELECT * FROM no_such_table'),
      fe.bind('', ''),
      fe.execute(''),
      fe.sync(),
      fe.bind('', 's1', ['4']),
      fe.execute(''),
      fe.sync(),
    );
    const first = await c.until('Z');
    expect(types(first)).toBe('12DCEZ');
    expect(fields(first[4]!).C).toBe('42P01');
    const second = await c.until('Z');
    expect(types(second)).toBe('2DCZ');
    expect(second[1]!.body.toString('utf8', 6)).toBe('item4');
    c.end();
  });

  it('infers parameter types and describes statements without running them', async () => {
    const c = await RawClient.ready(t.port);
    c.send(fe.parse('ins', 'INSERT INTO items VALUES ($1, $2, $3)'), fe.describe('S', 'ins'), fe.sync());
    const m = await c.until('Z');
    expect(types(m)).toBe('1tnZ');
    const oids = [m[1]!.body.readInt32BE(2), m[1]!.body.readInt32BE(6), m[1]!.body.readInt32BE(10)];
    expect(oids).toEqual([23, 25, 1700]);
    c.send(
      fe.parse('sel', 'SELECT id, price * $1 AS total FROM items WHERE name = $2'),
      fe.describe('S', 'sel'),
      fe.sync(),
    );
    const s = await c.until('Z');
    expect(types(s)).toBe('1tTZ');
    expect(s[1]!.body.readInt32BE(2)).toBe(1700);
    expect(s[1]!.body.readInt32BE(6)).toBe(25);
    c.send(fe.query('SELECT count(*) FROM items WHERE id > 10'));
    expect((await c.until('Z'))[1]!.body.toString('utf8', 6)).toBe('0');
    c.end();
  });

  it('suspends a portal at the row limit and resumes it', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      fe.parse('', 'SELECT id FROM items ORDER BY id'),
      fe.bind('p', ''),
      fe.execute('p', 4),
      fe.flush(),
    );
    expect(types(await c.until('s'))).toBe('12DDDDs');
    c.send(fe.execute('p', 4), fe.flush());
    expect(types(await c.until('s'))).toBe('DDDDs');
    c.send(fe.execute('p', 4), fe.sync());
    const last = await c.until('Z');
    expect(types(last)).toBe('DDCZ');
    expect(last[2]!.body.toString('utf8')).toBe('SELECT 2\0');
    c.end();
  });

  it('reports transaction status I / T / E and sends notices', async () => {
    const c = await RawClient.ready(t.port);
    const status = async () => {
      const m = await c.until('Z');
      return { status: String.fromCharCode(m[m.length - 1]!.body[0]!), messages: m };
    };
    c.send(fe.query('BEGIN'));
    expect((await status()).status).toBe('T');
    c.send(fe.query('BEGIN'));
    const again = await status();
    expect(again.status).toBe('T');
    const notice = again.messages.find((m) => m.type === 'N')!;
    expect(fields(notice)).toMatchObject({
      S: 'WARNING',
      C: '25001',
      M: 'there is already a transaction in progress',
    });
    c.send(fe.query('SELECT 1/0'));
    expect((await status()).status).toBe('E');
    c.send(fe.query('ROLLBACK'));
    expect((await status()).status).toBe('I');
    c.end();
  });

  it('runs a Query of several statements as one implicit transaction, as PostgreSQL does', async () => {
    const c = await RawClient.ready(t.port);
    const run = async (sql: string) => {
      c.send(fe.query(sql));
      const m = await c.until('Z');
      return { types: types(m), status: String.fromCharCode(m[m.length - 1]!.body[0]!), messages: m };
    };
    const count = async () => {
      const m = (await run('SELECT count(*) FROM implicit_q')).messages;
      return Number(m.find((x) => x.type === 'D')!.body.toString('utf8', 6));
    };
    await run('CREATE TABLE implicit_q (a int)');
    // An error undoes the statements before it; ReadyForQuery says idle.
    const failed = await run(
      'INSERT INTO implicit_q VALUES (1); INSERT INTO implicit_q VALUES (2); SELECT 1/0',
    );
    expect(failed.types).toMatch(/^CC.*EZ$/);
    expect(failed.status).toBe('I');
    expect(await count()).toBe(0);
    // DDL too: the table created by the failed text does not exist.
    await run('CREATE TABLE implicit_gone (a int); INSERT INTO implicit_gone VALUES (1); SELECT 1/0');
    expect(fields((await run('SELECT * FROM implicit_gone')).messages[0]!).C).toBe('42P01');
    // Without an error everything commits.
    expect((await run('INSERT INTO implicit_q VALUES (1); INSERT INTO implicit_q VALUES (2)')).status).toBe(
      'I',
    );
    expect(await count()).toBe(2);
    // COMMIT commits what came before (with PostgreSQL's warning); the rest fails alone.
    const commit = await run(
      'INSERT INTO implicit_q VALUES (3); COMMIT; INSERT INTO implicit_q VALUES (4); SELECT 1/0',
    );
    expect(fields(commit.messages.find((m) => m.type === 'N')!)).toMatchObject({
      S: 'WARNING',
      C: '25P01',
      M: 'there is no transaction in progress',
    });
    expect(await count()).toBe(3);
    // BEGIN makes the implicit transaction a block: an error leaves it failed (E) until ROLLBACK.
    const begun = await run(
      'INSERT INTO implicit_q VALUES (5); BEGIN; INSERT INTO implicit_q VALUES (6); SELECT 1/0',
    );
    expect(begun.status).toBe('E');
    expect((await run('ROLLBACK')).status).toBe('I');
    expect(await count()).toBe(3);
    // BEGIN without COMMIT leaves the block open (T), earlier statements in it.
    expect(
      (await run('INSERT INTO implicit_q VALUES (5); BEGIN; INSERT INTO implicit_q VALUES (6)')).status,
    ).toBe('T');
    expect((await run('COMMIT')).status).toBe('I');
    expect(await count()).toBe(5);
    // SAVEPOINT outside a block fails and undoes the text; SET is undone too.
    const savepoint = await run(
      "INSERT INTO implicit_q VALUES (7); SET TimeZone = 'Asia/Tokyo'; SAVEPOINT s",
    );
    expect(fields(savepoint.messages.find((m) => m.type === 'E')!).M).toBe(
      'SAVEPOINT can only be used in transaction blocks',
    );
    expect(await count()).toBe(5);
    const zone = (await run('SHOW TimeZone')).messages.find((m) => m.type === 'D')!;
    expect(zone.body.toString('utf8', 6)).not.toBe('Asia/Tokyo');
    // A single statement still commits on its own.
    expect((await run('INSERT INTO implicit_q VALUES (8)')).status).toBe('I');
    expect(await count()).toBe(6);
    c.end();
    await stillServes();
  });

  it('runs the extended messages up to Sync as one implicit transaction', async () => {
    const c = await RawClient.ready(t.port);
    const pbe = (sql: string, params: string[] = []) => [
      fe.parse('', sql),
      fe.bind('', '', params),
      fe.execute(''),
    ];
    const count = async () => {
      c.send(fe.query('SELECT count(*) FROM implicit_x'));
      const m = await c.until('Z');
      return Number(m.find((x) => x.type === 'D')!.body.toString('utf8', 6));
    };
    c.send(fe.query('CREATE TABLE implicit_x (a int)'));
    await c.until('Z');
    // The INSERT before the failing statement is rolled back at Sync.
    c.send(...pbe('INSERT INTO implicit_x VALUES (1)'), ...pbe('SELECT 1/0'), fe.sync());
    const failed = await c.until('Z');
    expect(types(failed)).toMatch(/^12C.*EZ$/);
    expect(fields(failed.find((m) => m.type === 'E')!).C).toBe('22012');
    expect(failed[failed.length - 1]!.body.toString()).toBe('I');
    expect(await count()).toBe(0);
    // A failed Bind undoes it too.
    c.send(...pbe('INSERT INTO implicit_x VALUES (1)'), fe.bind('', '', ['1']), fe.sync());
    expect(types(await c.until('Z'))).toBe('12CEZ');
    expect(await count()).toBe(0);
    // Without an error it commits at Sync, DDL included, and others see it.
    c.send(
      ...pbe('CREATE TABLE implicit_y (a int)'),
      ...pbe('INSERT INTO implicit_y VALUES ($1)', ['7']),
      ...pbe('INSERT INTO implicit_x SELECT a FROM implicit_y'),
      ...pbe('INSERT INTO implicit_x VALUES ($1)', ['2']),
      fe.sync(),
    );
    const ok = await c.until('Z');
    expect(types(ok)).toBe('12C12C12C12CZ');
    expect(ok[ok.length - 1]!.body.toString()).toBe('I');
    const other = await RawClient.ready(t.port);
    other.send(fe.query('SELECT count(*) FROM implicit_x'));
    expect((await other.until('Z')).find((m) => m.type === 'D')!.body.toString('utf8', 6)).toBe('2');
    other.end();
    // COMMIT inside commits what came before; BEGIN leaves a block open after Sync.
    c.send(
      ...pbe('INSERT INTO implicit_x VALUES (3)'),
      ...pbe('COMMIT'),
      ...pbe('INSERT INTO implicit_x VALUES (4)'),
      ...pbe('SELECT 1/0'),
      fe.sync(),
    );
    await c.until('Z');
    expect(await count()).toBe(3);
    c.send(...pbe('INSERT INTO implicit_x VALUES (5)'), ...pbe('BEGIN'), fe.sync());
    const begun = await c.until('Z');
    expect(begun[begun.length - 1]!.body.toString()).toBe('T');
    c.send(fe.query('ROLLBACK'));
    await c.until('Z');
    expect(await count()).toBe(3);
    // A SELECT alone commits nothing and leaves the session idle.
    c.send(...pbe('SELECT count(*) FROM implicit_x'), fe.sync());
    const read = await c.until('Z');
    expect(types(read)).toBe('12DCZ');
    expect(read[read.length - 1]!.body.toString()).toBe('I');
    c.end();
    await stillServes();
  });

  it('runs SQL cursors: DECLARE … WITH HOLD, FETCH, CLOSE (the Tableau pattern)', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      fe.query(
        'BEGIN; DECLARE "SQL_CUR01" CURSOR WITH HOLD FOR SELECT id FROM items ORDER BY id; FETCH 3 IN "SQL_CUR01"; COMMIT',
      ),
    );
    const m = await c.until('Z');
    expect(types(m)).toBe('CCTDDDCCZ');
    expect(m[6]!.body.toString('utf8')).toBe('FETCH 3\0');
    c.send(fe.query('FETCH 100 IN "SQL_CUR01"; CLOSE "SQL_CUR01"'));
    const rest = await c.until('Z');
    expect(types(rest)).toBe('TDDDDDDDCCZ');
    c.send(fe.query('FETCH 1 IN "SQL_CUR01"'));
    expect(fields((await c.until('Z'))[0]!).C).toBe('34000');
    c.end();
  });

  it('refuses another database name with 3D000', async () => {
    const c = await RawClient.open(t.port);
    c.send(fe.startup({ user: 'u', database: 'postgres' }));
    const m = await c.next();
    expect(m.type).toBe('E');
    expect(fields(m)).toMatchObject({ S: 'FATAL', C: '3D000', M: 'database "postgres" does not exist' });
    await c.closed();
  });

  it('closes a connection that sends garbage, and serves everyone else', async () => {
    const c = await RawClient.ready(t.port);
    c.send(Buffer.from('\x01\x02garbage that is not a message\x00\x00\x00\x00'));
    await c.closed();
    const g = await RawClient.open(t.port);
    g.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await g.closed();
    await stillServes();
  });

  it('refuses a message that claims a 1 GB length without allocating it', async () => {
    const before = process.memoryUsage().rss;
    const c = await RawClient.ready(t.port);
    const head = Buffer.alloc(5);
    head.write('Q', 0);
    head.writeInt32BE(1024 * 1024 * 1024, 1);
    c.send(head, Buffer.from('SELECT 1'));
    const m = await c.next();
    expect(fields(m)).toMatchObject({ S: 'FATAL', C: '08P01' });
    await c.closed();
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    await stillServes();
  });

  it('drops a client that never finishes its startup', async () => {
    const c = await RawClient.open(t.port);
    c.send(Buffer.from([0, 0, 0, 40, 0, 3, 0, 0]));
    await c.closed();
    const silent = await RawClient.open(t.port);
    await silent.closed();
    await stillServes();
  });

  it('survives a client that disconnects mid-query and frees its connection', async () => {
    const c = await RawClient.ready(t.port);
    c.send(fe.query('SELECT count(*) FROM generate_series(1, 200000000) AS s(g) WHERE g % 3 = 1'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    c.socket.destroy();
    const deadline = Date.now() + 5000;
    while (t.server.connectionCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(t.server.connectionCount).toBe(0);
    await stillServes();
  });

  it('closes a session idle in a transaction past idle_in_transaction_session_timeout', async () => {
    const c = await RawClient.ready(t.port);
    c.send(fe.query('SET idle_in_transaction_session_timeout = 150; BEGIN'));
    await c.until('Z');
    const m = await c.next();
    expect(fields(m)).toMatchObject({ S: 'FATAL', C: '25P03' });
    await c.closed();
  });

  it('refuses clients past max_connections with 53300', async () => {
    const small = await startTestServer({ maxConnections: 3 });
    const clients = await Promise.all(Array.from({ length: 3 }, () => RawClient.ready(small.port)));
    const extra = await RawClient.open(small.port);
    extra.send(fe.startup({ user: 'u', database: 'larch' }));
    expect(fields(await extra.next())).toMatchObject({
      S: 'FATAL',
      C: '53300',
      M: 'sorry, too many clients already',
    });
    await extra.closed();
    clients[0]!.end();
    await clients[0]!.closed();
    const deadline = Date.now() + 5000;
    while (small.server.connectionCount > 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const late = await RawClient.ready(small.port);
    late.send(fe.query('SELECT 1'));
    expect(types(await late.until('Z'))).toBe('TDCZ');
    [late, clients[1]!, clients[2]!].forEach((c) => c.end());
    await small.close();
  });
});
