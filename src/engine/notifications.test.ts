import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine, LarchError, type Notification, type Session } from '../index.js';

/** A session that records the notifications it receives. */
function listener(engine: Engine): { session: Session; got: Notification[] } {
  const session = engine.session();
  const got: Notification[] = [];
  session.onNotification = (n) => got.push(n);
  return { session, got };
}

function payloads(got: readonly Notification[]): string[] {
  return got.map((n) => `${n.channel}:${n.payload}`);
}

async function sqlState(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    expect(e).toBeInstanceOf(LarchError);
    return `${(e as LarchError).code} ${(e as LarchError).message}`;
  }
  throw new Error('expected an error');
}

describe('LISTEN / NOTIFY (engine)', () => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await Engine.open();
  });
  afterEach(async () => {
    await engine.close();
  });

  it('delivers NOTIFY to listeners of the channel, with the sender process id', async () => {
    const a = listener(engine);
    const b = listener(engine);
    await a.session.sql('LISTEN jobs');
    await b.session.sql('LISTEN other');
    const sender = engine.session();
    sender.processId = 4242;
    await sender.sql("NOTIFY jobs, 'job 1'");
    await sender.sql('NOTIFY jobs');
    expect(a.got).toEqual([
      { channel: 'jobs', payload: 'job 1', processId: 4242 },
      { channel: 'jobs', payload: '', processId: 4242 },
    ]);
    expect(b.got).toEqual([]);
  });

  it('queues NOTIFY in a transaction block until COMMIT and drops it on ROLLBACK', async () => {
    const a = listener(engine);
    await a.session.sql('LISTEN ch');
    const s = engine.session();
    await s.sql('BEGIN');
    await s.sql("NOTIFY ch, 'one'");
    await s.sql("SELECT pg_notify('ch', 'two')");
    expect(a.got).toEqual([]);
    await s.sql('COMMIT');
    expect(payloads(a.got)).toEqual(['ch:one', 'ch:two']);
    await s.sql("BEGIN; NOTIFY ch, 'dropped'; ROLLBACK");
    await s.sql("BEGIN; NOTIFY ch, 'failed'; SELECT 1/0").catch(() => {});
    await s.sql('COMMIT');
    expect(payloads(a.got)).toEqual(['ch:one', 'ch:two']);
  });

  it('sends an identical (channel, payload) once per transaction', async () => {
    const a = listener(engine);
    await a.session.sql('LISTEN ch; LISTEN ch2');
    await engine.sql(
      "BEGIN; NOTIFY ch, 'x'; NOTIFY ch, 'x'; NOTIFY ch, 'y'; NOTIFY ch2, 'x'; SELECT pg_notify('ch', 'x'); COMMIT",
    );
    expect(payloads(a.got)).toEqual(['ch:x', 'ch:y', 'ch2:x']);
    await engine.sql("NOTIFY ch, 'x'");
    expect(payloads(a.got)).toEqual(['ch:x', 'ch:y', 'ch2:x', 'ch:x']);
  });

  it('drops what follows a savepoint on ROLLBACK TO', async () => {
    const a = listener(engine);
    await a.session.sql('LISTEN ch');
    await engine.sql(
      "BEGIN; NOTIFY ch, 'a'; SAVEPOINT s; NOTIFY ch, 'b'; ROLLBACK TO s; NOTIFY ch, 'c'; NOTIFY ch, 'b'; COMMIT",
    );
    expect(payloads(a.got)).toEqual(['ch:a', 'ch:c', 'ch:b']);
  });

  it('rejects payloads of 8000 bytes or more and bad channel names with 22023', async () => {
    const s = engine.session();
    expect(await sqlState(s.sql(`NOTIFY ch, '${'x'.repeat(8000)}'`))).toBe('22023 payload string too long');
    expect(await sqlState(s.sql(`SELECT pg_notify('ch', repeat('é', 4000))`))).toBe(
      '22023 payload string too long',
    );
    expect(await sqlState(s.sql("SELECT pg_notify('', 'x')"))).toBe('22023 channel name cannot be empty');
    expect(await sqlState(s.sql("SELECT pg_notify(NULL, 'x')"))).toBe('22023 channel name cannot be empty');
    expect(await sqlState(s.sql(`SELECT pg_notify(repeat('c', 64), 'x')`))).toBe(
      '22023 channel name too long',
    );
    const a = listener(engine);
    await a.session.sql('LISTEN ch');
    await s.sql(`SELECT pg_notify('ch', repeat('x', 7999)), pg_notify('ch', NULL)`);
    expect(a.got.map((n) => n.payload.length)).toEqual([7999, 0]);
  });

  it('applies LISTEN and UNLISTEN at commit, and UNLISTEN * stops every channel', async () => {
    const a = listener(engine);
    const channels = async () => (await a.session.sql('SELECT * FROM pg_listening_channels()')).rows;
    await a.session.sql('BEGIN; LISTEN x; LISTEN y');
    expect(await channels()).toEqual([]);
    await engine.sql("NOTIFY x, 'before commit'");
    await a.session.sql('COMMIT');
    expect(await channels()).toEqual([{ pg_listening_channels: 'x' }, { pg_listening_channels: 'y' }]);
    await a.session.sql('BEGIN; UNLISTEN *; ROLLBACK');
    expect((await channels()).length).toBe(2);
    await a.session.sql("NOTIFY y, 'self'");
    expect(payloads(a.got)).toEqual(['y:self']);
    await a.session.sql('UNLISTEN x');
    expect(await channels()).toEqual([{ pg_listening_channels: 'y' }]);
    await a.session.sql('UNLISTEN *');
    expect(await channels()).toEqual([]);
    await engine.sql("NOTIFY x, 'a'; NOTIFY y, 'b'");
    expect(payloads(a.got)).toEqual(['y:self']);
    expect(engine.database.notifications.listenerCount()).toBe(0);
  });

  it('delivers a LISTEN and NOTIFY of the same transaction at its commit', async () => {
    const a = listener(engine);
    await a.session.sql("BEGIN; LISTEN ch; NOTIFY ch, 'mine'; COMMIT");
    expect(payloads(a.got)).toEqual(['ch:mine']);
  });

  it('stops listening on DISCARD ALL and unlistenAll()', async () => {
    const a = listener(engine);
    await a.session.sql('LISTEN p; LISTEN q');
    expect(engine.database.notifications.listenerCount()).toBe(2);
    await a.session.sql('DISCARD ALL');
    expect(engine.database.notifications.listenerCount()).toBe(0);
    await a.session.sql('LISTEN p');
    a.session.unlistenAll();
    await engine.sql("NOTIFY p, 'gone'");
    expect(a.got).toEqual([]);
    expect(engine.database.notifications.listenerCount()).toBe(0);
  });

  it('lets code outside SQL publish on the hub', async () => {
    const a = listener(engine);
    await a.session.sql('LISTEN feed');
    engine.database.notifications.publish('feed', 'from a sink', 7);
    expect(a.got).toEqual([{ channel: 'feed', payload: 'from a sink', processId: 7 }]);
    const seen: string[] = [];
    const stop = engine.database.notifications.subscribe('feed', (n) => seen.push(n.payload));
    await engine.sql("NOTIFY feed, 'sql'");
    stop();
    stop();
    await engine.sql("NOTIFY feed, 'after'");
    expect(seen).toEqual(['sql']);
    expect(engine.database.notifications.listenerCount('feed')).toBe(1);
  });
});
