import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, LarchError } from '../index.js';

describe('Engine (embedding API)', () => {
  it('runs a query with parameters and describes its columns', async () => {
    const engine = await Engine.open();
    const r = await engine.sql('SELECT 1 AS x, $1::text AS y', ['a']);
    expect(r.columns).toEqual([
      { name: 'x', type: 'integer' },
      { name: 'y', type: 'text' },
    ]);
    expect(r.rows).toEqual([{ x: 1, y: 'a' }]);
    expect(r.rowCount).toBe(1);
    expect(r.command).toBe('SELECT 1');
    await engine.close();
  });

  it('returns Arrow tables', async () => {
    const engine = await Engine.open();
    const t = (
      await engine.sql("SELECT x, x * 1.5 AS y, 'v' || x AS z FROM generate_series(1, 3) AS s(x)")
    ).toArrow();
    expect(t.numRows).toBe(3);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['x', 'y', 'z']);
    expect(t.getChild('x')!.toArray()).toEqual(Int32Array.from([1, 2, 3]));
    expect(t.getChild('z')!.get(2)).toBe('v3');
  });

  it('runs several statements in order and returns the last result', async () => {
    const engine = await Engine.open();
    const r = await engine.sql(
      'CREATE TABLE t (a int); INSERT INTO t VALUES (1), (2); SELECT sum(a) AS s FROM t',
    );
    expect(r.rows).toEqual([{ s: 3 }]);
  });

  it('gives each session its own temp views, settings and transaction', async () => {
    const engine = await Engine.open();
    const a = engine.session();
    const b = engine.session();
    await a.sql('CREATE TABLE shared (x int)');
    await a.sql('CREATE TEMP VIEW mine AS SELECT 1 AS one');
    await expect(b.sql('SELECT * FROM mine')).rejects.toMatchObject({ code: '42P01' });
    await a.sql("SET TimeZone = 'America/New_York'");
    expect((await b.sql('SHOW TimeZone')).rows).toEqual([{ TimeZone: 'UTC' }]);
    await a.sql('BEGIN');
    await a.sql('INSERT INTO shared VALUES (1)');
    expect((await b.sql('SELECT count(*) AS n FROM shared')).rows).toEqual([{ n: 0 }]);
    await a.sql('ROLLBACK');
    expect((await a.sql('SELECT count(*) AS n FROM shared')).rows).toEqual([{ n: 0 }]);
  });

  it('reports errors with SQLSTATE and position', async () => {
    const engine = await Engine.open();
    const err = await engine.sql('SELECT * FROM missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LarchError);
    expect(err).toMatchObject({ code: '42P01', message: 'relation "missing" does not exist', position: 15 });
  });

  it('can be imported by package name from a script outside the repository', () => {
    const root = resolve(import.meta.dirname, '..', '..');
    const dir = mkdtempSync(join(tmpdir(), 'larch-import-'));
    execFileSync('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', root], {
      cwd: dir,
      stdio: 'ignore',
    });
    writeFileSync(
      join(dir, 'main.mjs'),
      "import { Engine } from 'larch';\nconst e = await Engine.open();\nconst r = await e.sql('SELECT 40 + 2 AS answer');\nconsole.log(JSON.stringify(r.rows));\n",
    );
    const out = execFileSync('node', ['main.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(out.trim()).toBe('[{"answer":42}]');
  });
});
