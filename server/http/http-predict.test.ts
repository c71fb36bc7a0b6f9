// The HTTP scoring endpoint against a real server (LarchServer and the HTTP listener on one engine, real
// fetch): predictions equal SQL's ML.PREDICT for linear, tree, k-means and TRANSFORM models, one row and
// many; versions; the model listing; the 4xx answers, after which the server still answers; Basic
// authentication; HTTPS; and `larch serve --http` stopping on SIGTERM.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, predictJsonRows, type Row } from '../../src/index.js';
import { startTestServer, type TestServer } from '../server.test-kit.js';
import { LarchHttpServer } from './http-server.js';

let pg: TestServer;
let engine: Engine;
let http: LarchHttpServer;
let base: string;

const FEATURES = 'id, x1, x2, cat';

beforeAll(async () => {
  pg = await startTestServer();
  engine = pg.engine;
  await engine.sql(`
    CREATE TABLE t AS
    SELECT i AS id, ((i * 37) % 101) / 10.0::float8 AS x1, i % 13 AS x2,
           CASE WHEN i % 3 = 0 THEN 'a' WHEN i % 3 = 1 THEN 'b' ELSE 'c' END AS cat,
           ((i * 37) % 101) / 10.0 + (i % 13) * 0.3 > 7 AS label,
           ((i * 37) % 101) / 5.0 - (i % 13) + (i % 3) AS y
    FROM generate_series(1, 300) AS g(i)`);
  await engine.sql(`CREATE MODEL lr OPTIONS (model_type = 'logistic_reg', seed = 1)
    AS SELECT x1, x2, cat, label FROM t`);
  await engine.sql(`CREATE OR REPLACE MODEL lr OPTIONS (model_type = 'logistic_reg', seed = 2, l2_reg = 1)
    AS SELECT x1, x2, label FROM t`);
  await engine.sql(`CREATE MODEL bt OPTIONS (model_type = 'boosted_tree_classifier', seed = 1, max_iterations = 5)
    AS SELECT x1, x2, cat, label FROM t`);
  await engine.sql(`CREATE MODEL km OPTIONS (model_type = 'kmeans', num_clusters = 3, seed = 1)
    AS SELECT x1, x2 FROM t`);
  await engine.sql(
    `CREATE MODEL reg OPTIONS (model_type = 'linear_reg', input_label_cols = ['y']) AS SELECT x1, x2, cat, y FROM t`,
  );
  // Fitted transforms over bare columns (scored directly) and an SQL expression leaf (through SQL).
  await engine.sql(`CREATE MODEL scaled
    TRANSFORM (ML.STANDARD_SCALER(x1) OVER () AS s1, ML.MIN_MAX_SCALER(x2) OVER () AS s2, ML.ONE_HOT(cat) OVER () AS c, label)
    OPTIONS (model_type = 'logistic_reg', seed = 1) AS SELECT x1, x2, cat, label FROM t`);
  await engine.sql(`CREATE MODEL expr
    TRANSFORM (ML.STANDARD_SCALER(x1 * 2 + x2) OVER () AS s, ML.ONE_HOT(upper(cat)) OVER () AS c, label)
    OPTIONS (model_type = 'logistic_reg', seed = 1) AS SELECT x1, x2, cat, label FROM t`);
  http = new LarchHttpServer(engine, { port: 0, maxBodyBytes: 64 * 1024 });
  base = `http://127.0.0.1:${await http.listen()}`;
});

afterAll(async () => {
  await http?.close();
  await pg?.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function get(path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(base + path);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function inputRows(where: string): Promise<Row[]> {
  return (await engine.sql(`SELECT ${FEATURES} FROM t WHERE ${where} ORDER BY id`)).rows;
}

/** ML.PREDICT in SQL over the same rows of t, by id. */
async function sqlPredictions(model: string, where: string): Promise<Row[]> {
  const r = await engine.sql(
    `SELECT * FROM ML.PREDICT(MODEL ${model}, (SELECT ${FEATURES} FROM t WHERE ${where})) ORDER BY id`,
  );
  return r.rows;
}

async function expectSameAsSql(
  model: string,
  where: string,
  path = `/v1/models/${model}/predict`,
): Promise<void> {
  const rows = await inputRows(where);
  const body = rows.length === 1 ? rows[0] : rows;
  const { status, json } = await post(path, body);
  expect(status, JSON.stringify(json)).toBe(200);
  expect(json.predictions).toEqual(await sqlPredictions(model.replace(/\?version=/, '@'), where));
}

describe('POST /v1/models/{name}/predict', () => {
  it('scores one row as ML.PREDICT does, for each kind of model', async () => {
    for (const model of ['lr', 'bt', 'km', 'reg', 'scaled', 'expr']) await expectSameAsSql(model, 'id = 7');
  });

  it('scores many rows as ML.PREDICT does', async () => {
    for (const model of ['lr', 'bt', 'km', 'reg', 'scaled', 'expr'])
      await expectSameAsSql(model, 'id <= 200');
  });

  it('gives the prediction columns and the model version', async () => {
    const [row] = await inputRows('id = 3');
    const { json } = await post('/v1/models/lr/predict', row);
    expect(json.model).toBe('lr');
    expect(json.version).toBe(2);
    const [p] = json.predictions as Row[];
    expect(Object.keys(p!)).toEqual(['id', 'x1', 'x2', 'cat', 'predicted_label', 'predicted_label_probs']);
    expect(p!.predicted_label_probs).toEqual([
      { label: false, prob: expect.any(Number) },
      { label: true, prob: expect.any(Number) },
    ]);
  });

  it('scores with ?version=N', async () => {
    const rows = await inputRows('id <= 20');
    const { status, json } = await post('/v1/models/lr/predict?version=1', rows);
    expect(status).toBe(200);
    expect(json.version).toBe(1);
    expect(json.predictions).toEqual(await sqlPredictions('lr@1', 'id <= 20'));
    expect(json.predictions).not.toEqual(await sqlPredictions('lr', 'id <= 20'));
  });

  it('accepts {"instances": [...]} and /v1/models/{name}:predict', async () => {
    const rows = await inputRows('id <= 5');
    const a = await post('/v1/models/bt/predict', { instances: rows });
    const b = await post('/v1/models/bt:predict', { instances: rows, parameters: {} });
    expect(a.json.predictions).toEqual(await sqlPredictions('bt', 'id <= 5'));
    expect(b.json.predictions).toEqual(a.json.predictions);
  });

  it('applies ?threshold as ML.PREDICT does', async () => {
    const { json } = await post('/v1/models/lr/predict?threshold=0.9', await inputRows('id <= 50'));
    const r = await engine.sql(
      `SELECT * FROM ML.PREDICT(MODEL lr, (SELECT ${FEATURES} FROM t WHERE id <= 50), STRUCT(0.9 AS threshold)) ORDER BY id`,
    );
    expect(json.predictions).toEqual(r.rows);
  });

  it('scores bare-column models directly and expression leaves through SQL', async () => {
    const rows = await inputRows('id <= 3');
    expect((await predictJsonRows(engine, 'scaled', rows)).path).toBe('direct');
    expect((await predictJsonRows(engine, 'lr', rows)).path).toBe('direct');
    expect((await predictJsonRows(engine, 'expr', rows)).path).toBe('sql');
  });

  it('finds a model by its name folded to lower case, as SQL does', async () => {
    const { status, json } = await post('/v1/models/LR/predict', { x1: 1, x2: 2 });
    expect(status).toBe(200);
    expect(json.model).toBe('lr');
  });

  it('scores an empty array as no predictions', async () => {
    const { status, json } = await post('/v1/models/lr/predict', []);
    expect(status).toBe(200);
    expect(json.predictions).toEqual([]);
  });
});

describe('GET /v1/models', () => {
  it('lists the models with type, versions and active version', async () => {
    const { status, json } = await get('/v1/models');
    expect(status).toBe(200);
    const models = json.models as Record<string, unknown>[];
    expect(models.map((m) => m.name)).toEqual(['bt', 'expr', 'km', 'lr', 'reg', 'scaled']);
    const lr = models.find((m) => m.name === 'lr')!;
    expect(lr).toMatchObject({
      model_type: 'logistic_reg',
      task: 'classification',
      label: 'label',
      active_version: 2,
      inputs: [
        { name: 'x1', type: 'double precision' },
        { name: 'x2', type: 'integer' },
      ],
      outputs: [
        { name: 'predicted_label', type: 'boolean' },
        { name: 'predicted_label_probs', type: 'struct(label boolean, prob double precision)[]' },
      ],
    });
    expect((lr.versions as Record<string, unknown>[]).map((v) => [v.version, v.is_active])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('describes one model', async () => {
    const { status, json } = await get('/v1/models/km');
    expect(status).toBe(200);
    expect(json).toMatchObject({ name: 'km', model_type: 'kmeans', active_version: 1 });
    expect(json.outputs).toEqual([
      { name: 'centroid_id', type: 'bigint' },
      { name: 'centroid_distance', type: 'double precision' },
    ]);
  });
});

describe('errors', () => {
  const cases: [string, string, unknown, number, string][] = [
    ['unknown model', '/v1/models/nope/predict', { x1: 1 }, 404, '42P01'],
    ['unknown version', '/v1/models/lr/predict?version=9', { x1: 1, x2: 1 }, 404, '42704'],
    ['invalid version', '/v1/models/lr/predict?version=two', { x1: 1, x2: 1 }, 400, '22023'],
    ['invalid threshold', '/v1/models/lr/predict?threshold=2', { x1: 1, x2: 1 }, 400, '22023'],
    ['malformed JSON', '/v1/models/lr/predict', '{"x1": 1,', 400, '22P02'],
    ['empty body', '/v1/models/lr/predict', '', 400, '22P02'],
    ['a number', '/v1/models/lr/predict', 42, 400, '22023'],
    ['an array of numbers', '/v1/models/lr/predict', [1, 2], 400, '22023'],
    ['instances not an array', '/v1/models/lr/predict', { instances: 3 }, 400, '22023'],
    ['a missing feature', '/v1/models/lr/predict', { x1: 1 }, 400, '42703'],
    [
      'a missing feature in row 2',
      '/v1/models/bt/predict',
      [
        { x1: 1, x2: 2, cat: 'a' },
        { x1: 1, x2: 2 },
      ],
      400,
      '42703',
    ],
    ['a wrong-typed number', '/v1/models/lr/predict', { x1: 'abc', x2: 1 }, 400, '42804'],
    ['a fraction for an integer column', '/v1/models/lr/predict', { x1: 1, x2: 1.5 }, 400, '42804'],
    ['a wrong-typed string', '/v1/models/bt/predict', { x1: 1, x2: 1, cat: 5 }, 400, '42804'],
    ['a wrong type through SQL', '/v1/models/expr/predict', { x1: {}, x2: 1, cat: 'a' }, 400, '42804'],
    ['a missing feature through SQL', '/v1/models/expr/predict', { x1: 1, cat: 'a' }, 400, '42703'],
    ['a NULL feature', '/v1/models/lr/predict', { x1: null, x2: 1 }, 400, '22004'],
    ['unknown route', '/v2/things', {}, 404, '42704'],
    ['unknown sub-route', '/v1/models/lr/explain', {}, 404, '42704'],
  ];
  for (const [what, path, body, status, code] of cases) {
    it(`answers ${status} for ${what}`, async () => {
      const r = await post(path, body);
      expect(r.status, JSON.stringify(r.json)).toBe(status);
      expect((r.json.error as { code: string }).code).toBe(code);
      expect(typeof (r.json.error as { message: string }).message).toBe('string');
    });
  }

  it('answers 405 for a wrong method, with Allow', async () => {
    const a = await fetch(`${base}/v1/models/lr/predict`);
    expect(a.status).toBe(405);
    expect(a.headers.get('allow')).toBe('POST');
    expect(((await a.json()) as { error: { code: string } }).error.code).toBe('0A000');
    const b = await fetch(`${base}/v1/models`, { method: 'DELETE' });
    expect(b.status).toBe(405);
    expect(b.headers.get('allow')).toBe('GET');
  });

  it('answers 413 for a body over the limit', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => ({ x1: i, x2: i }));
    const r = await post('/v1/models/lr/predict', rows);
    expect(r.status).toBe(413);
    expect((r.json.error as { code: string }).code).toBe('54000');
    // Streamed without Content-Length: cut off once past the limit.
    const chunk = new TextEncoder().encode(JSON.stringify(rows.slice(0, 1000)));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await fetch(`${base}/v1/models/lr/predict`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('survives a malformed request and a client that hangs up mid-body', async () => {
    const { port } = new URL(base);
    const raw = (text: string, hangUp: boolean) =>
      new Promise<string>((done, fail) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(text);
          if (hangUp) setTimeout(() => socket.destroy(), 50);
        });
        let answer = '';
        socket.on('data', (d: Buffer) => (answer += d.toString()));
        socket.on('close', () => done(answer));
        socket.on('error', fail);
      });
    expect(await raw('GARBAGE\r\n\r\n', false)).toMatch(/^HTTP\/1\.1 400/);
    const partial = 'POST /v1/models/lr/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"x1": 1';
    expect(await raw(partial, true)).toBe('');
  });

  it('answers concurrent requests, each with its own rows', async () => {
    const rows = await inputRows('id <= 40');
    const expected = await sqlPredictions('bt', 'id <= 40');
    const answers = await Promise.all(rows.map((row) => post('/v1/models/bt/predict', row)));
    expect(answers.map((a) => (a.json.predictions as Row[])[0])).toEqual(expected);
  });

  it('still answers after bad input', async () => {
    await expectSameAsSql('lr', 'id = 11');
    expect((await get('/v1/models')).status).toBe(200);
  });
});

describe('authentication', () => {
  it('asks for Basic authentication when the server has users', async () => {
    const guarded = new LarchHttpServer(engine, { port: 0, users: new Map([['ana', 's3cret: pass']]) });
    const url = `http://127.0.0.1:${await guarded.listen()}/v1/models/km`;
    const basic = (s: string) => ({ Authorization: `Basic ${Buffer.from(s).toString('base64')}` });
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('28000');
    const wrong = await fetch(url, { headers: basic('ana:nope') });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('28P01');
    expect((await fetch(url, { headers: basic('bob:s3cret: pass') })).status).toBe(401);
    const ok = await fetch(url, { headers: basic('ana:s3cret: pass') });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { name: string }).name).toBe('km');
    await guarded.close();
  });
});

describe('TLS', () => {
  it('speaks HTTPS with a certificate', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'larch-https-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    const made = spawnSync('openssl', [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert],
      ...['-days', '1', '-subj', '/CN=localhost'],
    ]);
    if (made.status !== 0) {
      process.stdout.write('http-predict.test.ts: TLS test skipped: openssl is not available\n');
      ctx.skip();
    }
    const secure = new LarchHttpServer(engine, {
      port: 0,
      tls: { cert: readFileSync(cert), key: readFileSync(key) },
    });
    const port = await secure.listen();
    const body = await new Promise<string>((done, fail) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/v1/models/km', rejectUnauthorized: false },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => done(text));
        },
      );
      req.on('error', fail);
      req.end();
    });
    expect((JSON.parse(body) as { name: string }).name).toBe('km');
    await secure.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('larch serve --http', () => {
  const bin = resolve(__dirname, '..', '..', 'bin', 'larch.js');
  const built = existsSync(resolve(__dirname, '..', '..', 'dist', 'server', 'http', 'http-server.js'));
  it('serves HTTP beside PostgreSQL and stops on SIGTERM', async (ctx) => {
    if (!built) {
      process.stdout.write('http-predict.test.ts: serve test skipped: run the build first (dist/server)\n');
      ctx.skip();
    }
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--http', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m !== null) resolvePort(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const r = await fetch(`http://127.0.0.1:${port}/v1/models`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ models: [] });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
