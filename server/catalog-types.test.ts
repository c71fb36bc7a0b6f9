// Catalog types over the wire, as psql and node-postgres see them: regclass / regtype values as names
// (simple and extended protocol, text and binary), \d of a record[] column (no ???), and
// client_min_messages holding back notices.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psql, startServerWith, type TestServer } from './server.test-kit.js';

let t: TestServer;

beforeAll(async () => {
  t = await startServerWith(
    `CREATE TABLE ct_probs AS SELECT 1 AS id, ARRAY[ROW(1, 0.25::float8), ROW(2, 0.75::float8)] AS probs;`,
  );
});

afterAll(async () => {
  await t.close();
});

describe('catalog types over the wire', () => {
  it('describes a record[] column with \\d as record[], not ???', async () => {
    const r = await psql(t.port, ['-c', '\\d ct_probs']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/probs\s+\| record\[\]/);
    expect(r.stdout).not.toContain('???');
  });

  it('prints regclass and regtype values as names in psql', async () => {
    const r = await psql(t.port, [
      '-At',
      '-c',
      "SELECT 'pg_class'::regclass, 'int4'::regtype, 'ct_probs'::regclass, 'information_schema.columns'::regclass",
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('pg_class|integer|ct_probs|information_schema.columns');
  });

  it('sends names in text and oids in binary through the extended protocol', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: t.port, database: 'larch', user: 'app' });
    await c.connect();
    try {
      const text = await c.query({
        text: 'SELECT $1::regclass AS rel, $2::regtype AS typ, c.oid = $1::regclass AS same FROM pg_class c WHERE c.oid = $1::regclass',
        values: ['pg_type', 'text[]'],
      });
      expect(text.rows).toEqual([{ rel: 'pg_type', typ: 'text[]', same: true }]);
    } finally {
      await c.end();
    }
    // Binary results keep the oid (regclasssend).
    const b = new pg.Client({
      host: '127.0.0.1',
      port: t.port,
      database: 'larch',
      user: 'app',
      binary: true,
      types: { getTypeParser: () => (v: Buffer | string) => (typeof v === 'string' ? v : v.readUInt32BE(0)) },
    } as pg.ClientConfig);
    await b.connect();
    try {
      // With a parameter, so that node-postgres uses the extended protocol (Bind asks for binary);
      // oids whose bytes are all below 0x80, as node-postgres decodes every field as UTF-8 first.
      const binary = await b.query("SELECT 'pg_namespace'::regclass AS rel, $1::regtype AS typ", ['int4']);
      expect(binary.rows).toEqual([{ rel: 2615, typ: 23 }]);
    } finally {
      await b.end();
    }
  });

  it('holds back notices below client_min_messages', async () => {
    const notice = await psql(t.port, ['-c', 'DROP MODEL IF EXISTS ct_no_model']);
    expect(notice.stderr).toContain('NOTICE:');
    const quiet = await psql(t.port, [
      '-c',
      'SET client_min_messages = warning',
      '-c',
      'DROP MODEL IF EXISTS ct_no_model',
      '-c',
      'SHOW client_min_messages',
    ]);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('warning');
    const bad = await psql(t.port, ['-c', 'SET client_min_messages = fatal']);
    expect(bad.stderr).toContain('invalid value for parameter "client_min_messages": "fatal"');
  });
});
