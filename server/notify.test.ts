// LISTEN / NOTIFY over the wire: NotificationResponse messages as node-postgres and psql receive
// them — at once to an idle client, at COMMIT for a transaction block, held while the listener is
// inside a transaction block, and no subscriptions left once a client disconnects.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, psql, startTestServer, type TestServer } from './server.test-kit.js';

let t: TestServer;

interface Received {
  readonly channel: string;
  readonly payload: string | undefined;
  readonly processId: number;
}

/** The backend pid from BackendKeyData (node-postgres keeps it; its types do not declare it). */
function pidOf(c: pg.Client): number {
  return (c as unknown as { processID: number }).processID;
}

async function connected(): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port: t.port, database: 'larch', user: 'app' });
  await c.connect();
  return c;
}

/** A client that records its notifications. */
async function listener(): Promise<{ client: pg.Client; got: Received[]; next: () => Promise<Received> }> {
  const client = await connected();
  const got: Received[] = [];
  let waiting: ((n: Received) => void) | null = null;
  client.on('notification', (m) => {
    const n = { channel: m.channel, payload: m.payload, processId: m.processId };
    got.push(n);
    waiting?.(n);
    waiting = null;
  });
  const next = () => new Promise<Received>((resolve) => (waiting = resolve));
  return { client, got, next };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

describe('LISTEN / NOTIFY with node-postgres', () => {
  it('sends a NOTIFY to an idle listener with the sender backend pid', async () => {
    const l = await listener();
    const sender = await connected();
    await l.client.query('LISTEN jobs');
    const arrived = l.next();
    await sender.query("NOTIFY jobs, 'job 42 done'");
    const n = await arrived;
    expect(n).toEqual({ channel: 'jobs', payload: 'job 42 done', processId: pidOf(sender) });
    expect(pidOf(sender)).not.toBe(pidOf(l.client));
    await sender.end();
    await l.client.end();
  });

  it('delivers a NOTIFY in BEGIN … COMMIT only at COMMIT, and never after ROLLBACK', async () => {
    const l = await listener();
    const sender = await connected();
    await l.client.query('LISTEN ch');
    await sender.query('BEGIN');
    await sender.query("NOTIFY ch, 'one'");
    await sender.query("NOTIFY ch, 'one'");
    await sender.query("SELECT pg_notify('ch', 'two')");
    await l.client.query('SELECT 1');
    expect(l.got).toEqual([]);
    await sender.query('COMMIT');
    await until(() => l.got.length === 2);
    expect(l.got.map((n) => n.payload)).toEqual(['one', 'two']);
    await sender.query("BEGIN; NOTIFY ch, 'rolled back'; ROLLBACK");
    await sender.query("NOTIFY ch, 'last'");
    await until(() => l.got.length === 3);
    expect(l.got.map((n) => n.payload)).toEqual(['one', 'two', 'last']);
    await sender.end();
    await l.client.end();
  });

  it('sends pg_notify with parameters (extended protocol) and the session its own notifications', async () => {
    const l = await listener();
    await l.client.query('LISTEN self');
    const r = await l.client.query('SELECT pg_notify($1, $2) AS sent', ['self', 'by parameter']);
    expect(r.rows).toEqual([{ sent: '' }]);
    // Written before the ReadyForQuery that completes the query.
    expect(l.got).toEqual([{ channel: 'self', payload: 'by parameter', processId: pidOf(l.client) }]);
    await l.client.end();
  });

  it('holds notifications while the listener is in a transaction block, until it ends', async () => {
    const l = await listener();
    const sender = await connected();
    await l.client.query('LISTEN held');
    await l.client.query('BEGIN');
    await sender.query("NOTIFY held, 'while in a block'");
    await l.client.query('SELECT 1');
    expect(l.got).toEqual([]);
    await l.client.query('COMMIT');
    expect(l.got.map((n) => n.payload)).toEqual(['while in a block']);
    await sender.end();
    await l.client.end();
  });

  it('reports errors as PostgreSQL does', async () => {
    const c = await connected();
    await expect(c.query(`NOTIFY ch, '${'x'.repeat(8000)}'`)).rejects.toMatchObject({
      code: '22023',
      message: 'payload string too long',
    });
    await expect(c.query("SELECT pg_notify('', 'x')")).rejects.toMatchObject({
      code: '22023',
      message: 'channel name cannot be empty',
    });
    await c.end();
  });

  it('removes every subscription when the client disconnects', async () => {
    const hub = t.engine.database.notifications;
    const before = hub.listenerCount();
    const l = await listener();
    await l.client.query('LISTEN a; LISTEN b');
    const r = await l.client.query('SELECT * FROM pg_listening_channels()');
    expect(r.rows).toEqual([{ pg_listening_channels: 'a' }, { pg_listening_channels: 'b' }]);
    expect(hub.listenerCount()).toBe(before + 2);
    await l.client.end();
    await until(() => hub.listenerCount() === before);
  });
});

describe.runIf(hasCommand('psql'))('LISTEN / NOTIFY with psql', () => {
  it('prints the notifications psql receives after each command', async () => {
    const r = await psql(t.port, [
      '-c',
      'LISTEN ch',
      '-c',
      "NOTIFY ch, 'hello'",
      '-c',
      "BEGIN; NOTIFY ch, 'at commit'; NOTIFY ch; COMMIT",
      '-c',
      "SELECT pg_notify('ch', 'from a function') AS sent",
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const pids = [...r.stdout.matchAll(/received from server process with PID (\d+)\./g)].map((m) => m[1]);
    expect(new Set(pids).size).toBe(1);
    const pid = pids[0]!;
    expect(r.stdout.split('\n').filter((line) => line.startsWith('Asynchronous'))).toEqual([
      `Asynchronous notification "ch" with payload "hello" received from server process with PID ${pid}.`,
      `Asynchronous notification "ch" with payload "at commit" received from server process with PID ${pid}.`,
      `Asynchronous notification "ch" received from server process with PID ${pid}.`,
      `Asynchronous notification "ch" with payload "from a function" received from server process with PID ${pid}.`,
    ]);
  });

  it('shows a notification sent by another client once psql runs its next command', async () => {
    const sender = await connected();
    const script = 'LISTEN remote;\n\\! sleep 1\nSELECT 1 AS one;\n';
    const listening = psql(t.port, ['-f', '-'], script);
    await until(() => t.engine.database.notifications.listenerCount('remote') === 1);
    await sender.query("NOTIFY remote, 'from node'");
    const r = await listening;
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `Asynchronous notification "remote" with payload "from node" received from server process with PID ${pidOf(sender)}.`,
    );
    await sender.end();
  });
});
