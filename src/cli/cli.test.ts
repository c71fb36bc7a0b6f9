// The built `larch` command run as a process: -c, -f, formats, errors with carets, exit codes, the shell
// on piped standard input, and the subcommands. Needs the build (`npx tsc -p tsconfig.build.json`).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'larch.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function larch(args: readonly string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, HOME: tmpdir() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const scratch = () => mkdtempSync(join(tmpdir(), 'larch-cli-'));

describe('larch', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
      throw new Error('build larch first: npx tsc -p tsconfig.build.json');
    }
  });

  it('prints a result as psql does', async () => {
    expect(await larch(['-c', "SELECT 1 AS a, 'x' AS b"])).toEqual({
      code: 0,
      stdout: ' a | b \n---+---\n 1 | x\n(1 row)\n\n',
      stderr: '',
    });
  });

  it('runs several -c in order, printing command tags', async () => {
    const r = await larch([
      '-c',
      'CREATE TABLE t (a int, b text)',
      '-c',
      "INSERT INTO t VALUES (1, 'one'), (20, NULL); INSERT INTO t VALUES (3, 'x') RETURNING a",
      '-c',
      'SELECT * FROM t ORDER BY a',
    ]);
    expect(r).toEqual({
      code: 0,
      stdout:
        'CREATE TABLE\nINSERT 0 2\n a \n---\n 3\n(1 row)\n\nINSERT 0 1\n' +
        ' a  |  b  \n----+-----\n  1 | one\n  3 | x\n 20 | \n(3 rows)\n\n',
      stderr: '',
    });
  });

  it('prints the tag of CREATE TABLE AS and SELECT INTO, as psql does, and rows of no columns', async () => {
    const r = await larch([
      '-c',
      'CREATE TABLE c AS SELECT g FROM generate_series(1, 3) g; SELECT * INTO d FROM c WHERE g > 1',
      '-c',
      'CREATE TABLE e AS SELECT * FROM c WITH NO DATA; SELECT FROM d',
    ]);
    expect(r).toEqual({
      code: 0,
      stdout: 'SELECT 3\nSELECT 2\nSELECT 0\n--\n(2 rows)\n\n',
      stderr: '',
    });
  });

  it('prints CSV and JSON', async () => {
    const sql = `SELECT 1 AS n, 'a,b' AS s, NULL::text AS z UNION ALL SELECT 2, 'say "hi"', 'q'`;
    expect((await larch(['--format', 'csv', '-c', sql])).stdout).toBe('n,s,z\n1,"a,b",\n2,"say ""hi""",q\n');
    const json = await larch(['--format=json', '-c', 'CREATE TABLE j (a int)', '-c', sql]);
    expect(JSON.parse(json.stdout)).toEqual([
      { n: 1, s: 'a,b', z: null },
      { n: 2, s: 'say "hi"', z: 'q' },
    ]);
  });

  it('prints an error with a caret under its position and stops with status 1', async () => {
    const r = await larch(['-c', 'SELECT 1 AS a', '-c', 'SELECT * FRM t', '-c', 'SELECT 2 AS b']);
    expect(r).toEqual({
      code: 1,
      stdout: ' a \n---\n 1\n(1 row)\n\n',
      stderr: 'ERROR:  syntax error at or near "FRM"\nLINE 1: SELECT * FRM t\n                 ^\n',
    });
  });

  it('runs nothing of a -c string with a syntax error, like the server', async () => {
    const r = await larch(['-c', 'CREATE TABLE u (a int); SELEC 1', '-c', 'SELECT * FROM u']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'ERROR:  syntax error at or near "SELEC"\nLINE 1: CREATE TABLE u (a int); SELEC 1\n                                ^\n',
    );
  });

  it('runs a file, naming the file and line of an error', async () => {
    const dir = scratch();
    const file = join(dir, 'script.sql');
    writeFileSync(
      file,
      'CREATE TABLE f (a int);\nINSERT INTO f VALUES (1);\n\n-- broken:\n  SELECT\n    nosuch FROM f;\nSELECT 2;\n',
    );
    const r = await larch(['-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('CREATE TABLE\nINSERT 0 1\n');
    expect(r.stderr).toBe(
      `larch:${file}:6: ERROR:  column "nosuch" does not exist\nLINE 2:     nosuch FROM f;\n            ^\n`,
    );
  });

  it('runs the shell on piped standard input, without prompts', async () => {
    expect(await larch([], 'SELECT 1;\n\\q\nSELECT 2;\n')).toEqual({
      code: 0,
      stdout: ' ?column? \n----------\n        1\n(1 row)\n\n',
      stderr: '',
    });
    // Errors do not stop piped input, but the exit status reports them.
    const r = await larch([], 'SELECT nosuch;\n\\x\nSELECT 1 AS a,\n  2 AS b');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'ERROR:  column "nosuch" does not exist\nLINE 1: SELECT nosuch;\n               ^\n',
    );
    expect(r.stdout).toBe('Expanded display is on.\n-[ RECORD 1 ]\na | 1\nb | 2\n\n');
  });

  it('keeps a --data database between runs and reports a directory it cannot use', async () => {
    const dir = join(scratch(), 'db');
    const create = await larch([
      '--data',
      dir,
      '-c',
      'CREATE TABLE t (x integer)',
      '-c',
      'INSERT INTO t VALUES (42)',
    ]);
    expect(create).toEqual({ code: 0, stdout: 'CREATE TABLE\nINSERT 0 1\n', stderr: '' });
    const read = await larch([`--data=${dir}`, '--csv', '-c', 'SELECT x FROM t']);
    expect(read).toEqual({ code: 0, stdout: 'x\n42\n', stderr: '' });
    const foreign = scratch();
    writeFileSync(join(foreign, 'notes.txt'), 'not a database');
    const refused = await larch(['--data', foreign, '-c', 'SELECT 1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^larch: directory ".*" is not a Larch database\nHINT: {2}/);
  });

  it('hands serve to the wire server, with its own help and usage errors', async () => {
    const help = await larch(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^larch serve runs Larch as a PostgreSQL server/);
    const bad = await larch(['serve', '--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unrecognized option "--nope"/);
  });

  it('reports usage errors and prints help', async () => {
    const bad = await larch(['--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'larch: unrecognized option "--nope"\nTry "larch --help" for more information.\n',
    );
    const help = await larch(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:$/m);
  });

  it('still runs sqllogictest files with `larch test`', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'tiny.test'), 'query I\nSELECT 1 + 1\n----\n2\n');
    const r = await larch(['test', dir]);
    expect(r).toEqual({ code: 0, stdout: '1 passed, 0 failed\n', stderr: '' });
  });
});
