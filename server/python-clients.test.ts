// Python's psycopg2 and SQLAlchemy (Debian's python3-psycopg2 and python3-sqlalchemy) against the
// server: Superset's stack. Skipped, with the reason printed, where the packages are absent.

import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, startTestServer, type TestServer } from './server.test-kit.js';

/** The first Python that has both packages, or null. */
async function findPython(): Promise<string | null> {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const r = await run(python, ['-c', 'import psycopg2, sqlalchemy']);
      if (r.status === 0) return python;
    } catch {
      // not installed
    }
  }
  return null;
}

const SCRIPT = `
import json, sys
import psycopg2
import sqlalchemy
from sqlalchemy import inspect, text

port = int(sys.argv[1])
out = {}
conn = psycopg2.connect(host='127.0.0.1', port=port, dbname='larch', user='py')
cur = conn.cursor()
cur.execute('CREATE TABLE flights (id int PRIMARY KEY, origin text NOT NULL, delay double precision)')
cur.executemany('INSERT INTO flights VALUES (%s, %s, %s)', [(1, 'OSL', 4.5), (2, 'BGO', None), (3, 'OSL', 12.0)])
conn.commit()
cur.execute('SELECT origin, count(*) FROM flights WHERE delay > %s GROUP BY origin ORDER BY origin', (1,))
out['grouped'] = cur.fetchall()
try:
    cur.execute('SELECT nope FROM flights')
except psycopg2.Error as e:
    out['error'] = e.pgcode
    conn.rollback()
cur.execute('SELECT count(*) FROM flights')
out['after_error'] = cur.fetchone()[0]
named = conn.cursor(name='big')
named.itersize = 2
named.execute('SELECT g FROM generate_series(1, 5) AS s(g)')
out['named_cursor'] = [r[0] for r in named]
named.close()
conn.commit()
conn.close()

engine = sqlalchemy.create_engine(f'postgresql+psycopg2://py@127.0.0.1:{port}/larch')
with engine.connect() as c:
    out['version'] = c.execute(text('select version()')).scalar()
    out['rows'] = [list(r) for r in c.execute(text('SELECT id, origin FROM flights ORDER BY id'))]
insp = inspect(engine)
out['schemas'] = insp.get_schema_names()
out['tables'] = insp.get_table_names()
out['columns'] = [[c['name'], str(c['type']), c['nullable']] for c in insp.get_columns('flights')]
out['pk'] = insp.get_pk_constraint('flights')['constrained_columns']
print(json.dumps(out))
`;

let t: TestServer;
let python: string | null;

beforeAll(async () => {
  python = await findPython();
  if (python === null) {
    process.stdout.write(
      'python-clients.test.ts: skipped: python3-psycopg2 and python3-sqlalchemy are not installed\n',
    );
  }
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

describe('psycopg2 and SQLAlchemy', () => {
  it('connect, query with parameters, recover from errors, use named cursors and reflect tables', async (ctx) => {
    if (python === null) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'larch-py-'));
    const file = join(dir, 'client.py');
    writeFileSync(file, SCRIPT);
    const r = await run(python!, [file, String(t.port)]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.grouped).toEqual([['OSL', 2]]);
    expect(out.error).toBe('42703');
    expect(out.after_error).toBe(3);
    expect(out.named_cursor).toEqual([1, 2, 3, 4, 5]);
    expect(out.version).toMatch(/^PostgreSQL 15/);
    expect(out.rows).toEqual([
      [1, 'OSL'],
      [2, 'BGO'],
      [3, 'OSL'],
    ]);
    expect(out.schemas).toContain('public');
    expect(out.tables).toEqual(['flights']);
    expect(out.columns).toEqual([
      ['id', 'INTEGER', false],
      ['origin', 'TEXT', false],
      ['delay', 'DOUBLE_PRECISION', true],
    ]);
    expect(out.pk).toEqual(['id']);
  });
});
