// The real psql against the server: meta-commands that read the catalog (\dt, \d, \l, \dn, \dv),
// expanded output, \copy both ways, errors with VERBOSITY verbose, several statements per query.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psql, startServerWith, type TestServer } from './server.test-kit.js';

let t: TestServer;

beforeAll(async () => {
  t = await startServerWith(
    `CREATE TABLE trips (id int PRIMARY KEY, city text NOT NULL DEFAULT 'Oslo', fare numeric(8,2) CHECK (fare >= 0));
     CREATE UNIQUE INDEX trips_city_fare ON trips (city, fare);
     INSERT INTO trips VALUES (1, 'Oslo', 12.5), (2, 'Bergen', 7), (3, 'Oslo', NULL);
     CREATE VIEW oslo_trips AS SELECT id, fare FROM trips WHERE city = 'Oslo';
     CREATE SCHEMA staging;`,
  );
});

afterAll(async () => {
  await t.close();
});

describe('psql', () => {
  it('connects and runs a query', async () => {
    const r = await psql(t.port, ['-At', '-c', 'SELECT current_database(), current_user, version()']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(/^larch\|tester\|PostgreSQL 15\.\d+ /);
  });

  it('lists tables with \\dt', async () => {
    const r = await psql(t.port, ['-c', '\\dt']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('List of relations');
    expect(r.stdout).toMatch(/public \| trips \| table \| tester/);
    expect(r.stdout).not.toContain('oslo_trips');
  });

  it('describes a table with \\d: columns, defaults, indexes and check constraints', async () => {
    const r = await psql(t.port, ['-c', '\\d trips']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Table "public.trips"');
    expect(r.stdout).toMatch(/id\s+\| integer\s+\|\s+\| not null \|/);
    expect(r.stdout).toMatch(/city\s+\| text\s+\|\s+\| not null \| 'Oslo'/);
    expect(r.stdout).toMatch(/fare\s+\| numeric\(8,2\)/);
    expect(r.stdout).toContain('"trips_pkey" PRIMARY KEY, btree (id)');
    expect(r.stdout).toContain('"trips_city_fare" UNIQUE, btree (city, fare)');
    expect(r.stdout).toContain('"trips_fare_check" CHECK ((fare >= 0))');
  });

  it('describes a view with \\d and lists views with \\dv', async () => {
    const d = await psql(t.port, ['-c', '\\d oslo_trips']);
    expect(d.stderr).toBe('');
    expect(d.stdout).toContain('View "public.oslo_trips"');
    expect(d.stdout).toMatch(/fare\s+\| numeric\(8,2\)/);
    const dv = await psql(t.port, ['-c', '\\dv']);
    expect(dv.stdout).toMatch(/public \| oslo_trips \| view/);
  });

  it('lists databases with \\l and schemas with \\dn', async () => {
    const l = await psql(t.port, ['-c', '\\l']);
    expect(l.stderr).toBe('');
    expect(l.stdout).toMatch(/larch\s+\| tester\s+\| UTF8/);
    const dn = await psql(t.port, ['-c', '\\dn']);
    expect(dn.stderr).toBe('');
    expect(dn.stdout).toMatch(/public/);
    expect(dn.stdout).toMatch(/staging/);
    expect(dn.stdout).not.toMatch(/pg_catalog|information_schema/);
  });

  it('shows expanded output with \\x', async () => {
    const r = await psql(t.port, ['-c', '\\x', '-c', 'SELECT id, city FROM trips WHERE id = 2']);
    expect(r.stdout).toContain('-[ RECORD 1 ]');
    expect(r.stdout).toMatch(/city \| Bergen/);
  });

  it('copies rows in and out with \\copy', async () => {
    const input = '10,Tromsø,3.25\n11,"Ålesund, Sentrum",\n';
    const load = await psql(t.port, ['-c', '\\copy trips FROM STDIN WITH (FORMAT csv)'], input);
    expect(load.stderr).toBe('');
    expect(load.stdout.trim()).toBe('COPY 2');
    const out = await psql(t.port, [
      '-c',
      '\\copy (SELECT * FROM trips WHERE id >= 10 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)',
    ]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('id,city,fare\n10,Tromsø,3.25\n11,"Ålesund, Sentrum",\n');
    const text = await psql(t.port, ['-c', '\\copy trips TO STDOUT']);
    expect(text.stdout).toContain('3\tOslo\t\\N\n');
  });

  it('reports a bad COPY row with its SQLSTATE and leaves the table unchanged', async () => {
    const r = await psql(
      t.port,
      ['-c', '\\copy trips FROM STDIN WITH (FORMAT csv)'],
      '20,Bodø,1\n21,Bodø,not-a-number\n',
    );
    expect(r.stderr).toContain('invalid input syntax for type numeric: "not-a-number"');
    const count = await psql(t.port, ['-At', '-c', 'SELECT count(*) FROM trips WHERE id >= 20']);
    expect(count.stdout.trim()).toBe('0');
  });

  it('names the table, line and column of a bad COPY row, as PostgreSQL 15 does', async () => {
    const copy = (input: string) => psql(t.port, ['-c', '\\copy trips FROM STDIN WITH (FORMAT csv)'], input);
    // A quoted newline is a line of its own in the count.
    const bad = await copy('30,"Bodø\nsouth",1\n31,Oslo,x\n');
    expect(bad.stderr).toContain('CONTEXT:  COPY trips, line 3, column fare: "x"');
    const extra = await copy('32,Oslo,1\n33,Oslo,2,3\n');
    expect(extra.stderr).toContain('ERROR:  extra data after last expected column');
    expect(extra.stderr).toContain('CONTEXT:  COPY trips, line 2: "33,Oslo,2,3"');
    const missing = await copy('34,Oslo\n');
    expect(missing.stderr).toContain('ERROR:  missing data for column "fare"');
    expect(missing.stderr).toContain('CONTEXT:  COPY trips, line 1: "34,Oslo"');
  });

  it('prints errors with SQLSTATE, position and hint under VERBOSITY verbose', async () => {
    const r = await psql(t.port, ['-c', '\\set VERBOSITY verbose', '-c', 'SELECT nope FROM trips']);
    expect(r.stderr).toContain('ERROR:  42703: column "nope" does not exist');
    expect(r.stderr).toContain('LINE 1: SELECT nope FROM trips');
    const f = await psql(t.port, ['-c', '\\set VERBOSITY verbose', '-c', 'SELECT lenght(city) FROM trips']);
    expect(f.stderr).toContain('ERROR:  42883: function lenght(text) does not exist');
    expect(f.stderr).toContain('HINT:  No function matches');
  });

  it('runs several statements in one query and stops at the first error', async () => {
    const r = await psql(t.port, ['-c', 'SELECT 1 AS a; SELECT 2 AS b; SELECT 1/0; SELECT 3 AS c']);
    expect(r.stdout).toContain(' a \n');
    expect(r.stdout).toContain(' b \n');
    expect(r.stdout).not.toContain(' c \n');
    expect(r.stderr).toContain('division by zero');
  });

  it('keeps a transaction across commands and rolls it back', async () => {
    const r = await psql(t.port, [
      '-c',
      "BEGIN; INSERT INTO trips VALUES (50, 'Molde', 1); ROLLBACK; SELECT count(*) FROM trips WHERE id = 50;",
    ]);
    expect(r.stdout).toMatch(/\n\s+0\n/);
  });

  it('rolls back every statement of a -c that fails, as one implicit transaction, and commits one that succeeds', async () => {
    const failed = await psql(t.port, [
      '-c',
      "INSERT INTO trips VALUES (60, 'Narvik', 1); INSERT INTO trips VALUES (61, 'Narvik', 2); SELECT 1/0;",
    ]);
    expect(failed.stdout).toContain('INSERT 0 1\nINSERT 0 1');
    expect(failed.stderr).toContain('ERROR:  division by zero');
    const count = async () =>
      (await psql(t.port, ['-At', '-c', "SELECT count(*) FROM trips WHERE city = 'Narvik'"])).stdout.trim();
    expect(await count()).toBe('0');
    const ok = await psql(t.port, [
      '-c',
      "INSERT INTO trips VALUES (60, 'Narvik', 1); INSERT INTO trips VALUES (61, 'Narvik', 2);",
    ]);
    expect(ok.stderr).toBe('');
    expect(await count()).toBe('2');
    await psql(t.port, ['-c', "DELETE FROM trips WHERE city = 'Narvik'"]);
  });
});
