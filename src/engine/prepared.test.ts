// The embedding API the wire server is built on: prepare (types without running), open (rows as
// they are produced, a few at a time), SQL cursors, COPY through the API, savepoints and DISCARD.

import { describe, expect, it } from 'vitest';
import { Engine, LarchError, type Session } from '../index.js';

async function session(): Promise<Session> {
  const engine = await Engine.open();
  const s = engine.session();
  await s.execute(
    "CREATE TABLE t (id int PRIMARY KEY, name text, price numeric(8,2)); INSERT INTO t SELECT g, 'n' || g, g * 1.5 FROM generate_series(1, 100) AS s(g)",
  );
  return s;
}

describe('Session.prepare', () => {
  it('infers parameter types from their use and describes the result without running it', async () => {
    const s = await session();
    const p = await s.prepare('SELECT name, price * $1 AS total FROM t WHERE id = $2');
    expect(p.paramTypes.map((t) => t.id)).toEqual(['numeric', 'int4']);
    expect(p.columns?.map((c) => [c.name, c.type.id])).toEqual([
      ['name', 'text'],
      ['total', 'numeric'],
    ]);
    const ins = await s.prepare('INSERT INTO t VALUES ($1, $2, $3)');
    expect(ins.paramTypes.map((t) => t.id)).toEqual(['int4', 'text', 'numeric']);
    expect(ins.columns).toBeNull();
    expect((await s.sql('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 100 }]);
    const ret = await s.prepare('DELETE FROM t WHERE id = $1 RETURNING id');
    expect(ret.columns?.map((c) => c.name)).toEqual(['id']);
    expect((await s.sql('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 100 }]);
  });

  it('keeps given parameter types and leaves unused ones text', async () => {
    const s = await session();
    const p = await s.prepare('SELECT $1 AS a', [{ id: 'int8' }]);
    expect(p.paramTypes.map((t) => t.id)).toEqual(['int8']);
    expect((await s.prepare('SELECT $1 AS a')).paramTypes.map((t) => t.id)).toEqual(['text']);
  });

  it('refuses several statements', async () => {
    const s = await session();
    await expect(s.prepare('SELECT 1; SELECT 2')).rejects.toMatchObject({ code: '42601' });
  });
});

describe('Session.open', () => {
  it('reads rows a few at a time and reports the command', async () => {
    const s = await session();
    const p = await s.prepare('SELECT id FROM t WHERE id <= $1 ORDER BY id');
    const e = await s.open(p, ['25']);
    if (e.kind !== 'rows') throw new Error('expected rows');
    const first = await e.cursor.fetch(10);
    expect(first.rowCount).toBe(10);
    expect(first.rows[9]).toEqual({ id: 10 });
    const rest = await e.cursor.fetch();
    expect(rest.rowCount).toBe(15);
    expect(e.cursor.done).toBe(true);
    expect(e.cursor.command).toBe('SELECT 25');
  });

  it('runs DECLARE, FETCH, MOVE and CLOSE, with WITH HOLD cursors outliving their transaction', async () => {
    const s = await session();
    await expect(s.execute('DECLARE c CURSOR FOR SELECT 1')).rejects.toMatchObject({ code: '25P01' });
    const r = await s.execute(
      'BEGIN; DECLARE c CURSOR WITH HOLD FOR SELECT id FROM t ORDER BY id; FETCH 2 FROM c; MOVE 3 IN c; COMMIT',
    );
    expect(r.map((x) => x.command)).toEqual(['BEGIN', 'DECLARE CURSOR', 'FETCH 2', 'MOVE 3', 'COMMIT']);
    expect(r[2]!.rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect((await s.sql('FETCH 2 FROM c')).rows).toEqual([{ id: 6 }, { id: 7 }]);
    expect((await s.sql('FETCH ALL FROM c')).rowCount).toBe(93);
    await s.sql('CLOSE c');
    await expect(s.sql('FETCH c')).rejects.toMatchObject({ code: '34000' });
  });

  it('copies text and CSV in and out', async () => {
    const s = await session();
    const [stmt] = s.parse('COPY t (id, name) FROM STDIN WITH (FORMAT csv)');
    const e = await s.open(stmt!);
    if (e.kind !== 'copy_in') throw new Error('expected COPY IN');
    e.copy.write('200,"a, b"\n20');
    e.copy.write('1,\n');
    const done = await e.copy.end();
    expect(done.command).toBe('COPY 2');
    expect((await s.sql('SELECT id, name, price FROM t WHERE id >= 200 ORDER BY id')).rows).toEqual([
      { id: 200, name: 'a, b', price: null },
      { id: 201, name: null, price: null },
    ]);
    const [out] = s.parse('COPY (SELECT id, name FROM t WHERE id >= 200 ORDER BY id) TO STDOUT');
    const o = await s.open(out!);
    if (o.kind !== 'copy_out') throw new Error('expected COPY OUT');
    let text = '';
    for await (const chunk of o.copy.chunks()) text += chunk;
    expect(text).toBe('200\ta, b\n201\t\\N\n');
    expect(o.copy.rowCount).toBe(2);
  });

  it('refuses a bad COPY row with 22P04 and loads nothing', async () => {
    const s = await session();
    const [stmt] = s.parse('COPY t FROM STDIN');
    const e = await s.open(stmt!);
    if (e.kind !== 'copy_in') throw new Error('expected COPY IN');
    e.copy.write('300\tx\n');
    await expect(e.copy.end()).rejects.toMatchObject({
      code: '22P04',
      message: 'missing data for column "price"',
    });
    expect((await s.sql('SELECT count(*) AS n FROM t WHERE id = 300')).rows).toEqual([{ n: 0 }]);
  });
});

describe('transactions', () => {
  it('rolls back to a savepoint and recovers from a failed statement', async () => {
    const s = await session();
    await s.execute(
      "BEGIN; INSERT INTO t VALUES (500, 'a', 1); SAVEPOINT sp; INSERT INTO t VALUES (501, 'b', 1)",
    );
    await expect(s.sql('SELECT 1/0')).rejects.toBeInstanceOf(LarchError);
    expect(s.transactionStatus).toBe('E');
    await s.sql('ROLLBACK TO SAVEPOINT sp');
    expect(s.transactionStatus).toBe('T');
    await s.sql('COMMIT');
    expect((await s.sql('SELECT id FROM t WHERE id >= 500 ORDER BY id')).rows).toEqual([{ id: 500 }]);
    await expect(s.sql('RELEASE nope')).rejects.toMatchObject({ code: '25P01' });
  });

  it('DISCARD ALL drops temp tables, settings and prepared statements', async () => {
    const s = await session();
    await s.execute("CREATE TEMP TABLE tmp AS SELECT 1 AS x; SET application_name = 'x'");
    s.prepared.set('p', await s.prepare('SELECT 1'));
    expect((await s.sql('DISCARD ALL')).command).toBe('DISCARD ALL');
    expect(s.prepared.size).toBe(0);
    expect(s.settings.get('application_name')).toBe('');
    await expect(s.sql('SELECT * FROM tmp')).rejects.toMatchObject({ code: '42P01' });
  });
});

describe('the system catalog from the embedded API', () => {
  it('answers pg_catalog and information_schema queries over the session’s objects', async () => {
    const s = await session();
    await s.execute('CREATE TEMP TABLE scratch (a int); CREATE VIEW v AS SELECT id FROM t');
    const classes = await s.sql(
      "SELECT c.relname, c.relkind, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    );
    expect(classes.rows).toEqual([
      { relname: 'scratch', relkind: 'r', nspname: 'pg_temp_1' },
      { relname: 't', relkind: 'r', nspname: 'public' },
      { relname: 't_pkey', relkind: 'i', nspname: 'public' },
      { relname: 'v', relkind: 'v', nspname: 'public' },
    ]);
    const columns = await s.sql(
      "SELECT column_name, data_type, is_nullable, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position",
    );
    expect(columns.rows).toEqual([
      { column_name: 'id', data_type: 'integer', is_nullable: 'NO', numeric_precision: 32, numeric_scale: 0 },
      {
        column_name: 'name',
        data_type: 'text',
        is_nullable: 'YES',
        numeric_precision: null,
        numeric_scale: null,
      },
      {
        column_name: 'price',
        data_type: 'numeric',
        is_nullable: 'YES',
        numeric_precision: 8,
        numeric_scale: 2,
      },
    ]);
    const casts = await s.sql(
      "SELECT 't'::regclass::oid = (SELECT oid FROM pg_class WHERE relname = 't') AS same, 'pg_class'::regclass::text AS name, 'int4'::regtype::text AS type, format_type(1043, 14) AS vc",
    );
    expect(casts.rows).toEqual([
      { same: true, name: 'pg_class', type: 'integer', vc: 'character varying(10)' },
    ]);
    await expect(s.sql("SELECT 'nope'::regclass")).rejects.toMatchObject({ code: '42P01' });
  });
});
