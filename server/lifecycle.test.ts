// The server's life: password authentication (SCRAM-SHA-256, md5), refusing to listen beyond
// loopback without it, TLS when configured, and `larch serve` stopping cleanly on SIGTERM.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/index.js';
import { LarchServer } from './server.js';
import { hasCommand, psql, startTestServer } from './server.test-kit.js';

async function login(port: number, user: string, password: string): Promise<unknown> {
  const c = new pg.Client({ host: '127.0.0.1', port, database: 'larch', user, password });
  try {
    await c.connect();
    const r = await c.query('SELECT current_user AS u');
    return r.rows[0].u;
  } catch (e) {
    return (e as { code?: string }).code;
  } finally {
    await c.end().catch(() => {});
  }
}

describe('authentication', () => {
  it('checks SCRAM-SHA-256 passwords', async () => {
    const t = await startTestServer({ users: new Map([['ana', 's3cret pass']]) });
    expect(await login(t.port, 'ana', 's3cret pass')).toBe('ana');
    expect(await login(t.port, 'ana', 'wrong')).toBe('28P01');
    expect(await login(t.port, 'bob', 's3cret pass')).toBe('28P01');
    const r = await psql(t.port, ['-U', 'ana', '-At', '-c', 'SELECT 1'], undefined, {
      PGPASSWORD: 's3cret pass',
    });
    expect(r.stdout.trim()).toBe('1');
    await t.close();
  });

  it('checks md5 passwords', async () => {
    const t = await startTestServer({ users: new Map([['ana', 'pw']]), authMethod: 'md5' });
    expect(await login(t.port, 'ana', 'pw')).toBe('ana');
    expect(await login(t.port, 'ana', 'nope')).toBe('28P01');
    await t.close();
  });

  it('accepts any user name under trust, on loopback only', async () => {
    const t = await startTestServer();
    expect(await login(t.port, 'anyone', '')).toBe('anyone');
    await t.close();
    const engine = await Engine.open();
    expect(() => new LarchServer(engine, { host: '0.0.0.0', port: 0 })).toThrow(
      /without password authentication/,
    );
  });
});

describe('TLS', () => {
  const available = hasCommand('openssl');
  it('answers SSLRequest with TLS when a certificate is configured', async (ctx) => {
    if (!available) {
      process.stdout.write('lifecycle.test.ts: TLS test skipped: openssl is not installed\n');
      ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'larch-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { encoding: 'utf8' },
    );
    expect(made.status).toBe(0);
    const { readFileSync } = await import('node:fs');
    const t = await startTestServer({ tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    const r = await psql(t.port, ['-At', '-c', 'SELECT 42'], undefined, { PGSSLMODE: 'require' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('42');
    const c = new pg.Client({
      host: '127.0.0.1',
      port: t.port,
      database: 'larch',
      user: 'tls',
      ssl: { rejectUnauthorized: false },
    });
    await c.connect();
    expect((await c.query('SELECT 7 AS n')).rows).toEqual([{ n: 7 }]);
    await c.end();
    await t.close();
  });
});

describe('larch serve', () => {
  const bin = resolve(__dirname, '..', 'bin', 'larch.js');
  const built = existsSync(resolve(__dirname, '..', 'dist', 'server', 'main.js'));
  it('serves, then drains and exits cleanly on SIGTERM', async (ctx) => {
    if (!built) {
      process.stdout.write('lifecycle.test.ts: serve test skipped: run the build first (dist/server)\n');
      ctx.skip();
    }
    const data = join(mkdtempSync(join(tmpdir(), 'larch-serve-')), 'db');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /127\.0\.0\.1:(\d+)/.exec(out);
        if (m !== null) resolvePort(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    expect(out).toContain(`psql -h 127.0.0.1 -p ${port} -d larch`);
    const c = new pg.Client({ host: '127.0.0.1', port, database: 'larch', user: 'sig' });
    c.on('error', () => {});
    await c.connect();
    await c.query('CREATE TABLE kept (a int); INSERT INTO kept VALUES (1)');
    const ended = new Promise<unknown>((done) => c.on('end', () => done(null)));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await ended;
    expect(out).toContain('shutting down');
    // What was committed before the signal is on disk.
    const reopened = await Engine.open(data);
    expect((await reopened.sql('SELECT a FROM kept')).rows).toEqual([{ a: 1 }]);
    await reopened.close();
  });

  it('refuses another address without passwords before touching the database folder', (ctx) => {
    if (!built) ctx.skip();
    const data = join(mkdtempSync(join(tmpdir(), 'larch-serve-')), 'db');
    const run = spawnSync(process.execPath, [bin, 'serve', '--host', '0.0.0.0', '--data', data], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('refusing to listen on 0.0.0.0 without password authentication');
    expect(existsSync(data)).toBe(false);
  });
});
