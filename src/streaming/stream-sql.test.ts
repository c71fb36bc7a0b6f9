// The stream statements from SQL on an embedded engine: sources over tables and files, sinks into
// tables and files, triggers, STOP / START, model pinning and REFRESH MODEL, dead letters for events
// whose scoring fails, event-time windows with a watermark, the status views, and the errors.

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../index.js';
import { eventually } from './stream.test-kit.js';

let e: Engine;
let dir: string;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await e.sql(sql)).rows;
}

async function rowCount(table: string, n: number): Promise<Record<string, unknown>[]> {
  return eventually(
    () => rows(`SELECT * FROM ${table}`),
    (r) => r.length >= n,
  );
}

async function errorOf(sql: string): Promise<{ code: string; message: string }> {
  try {
    await e.sql(sql);
  } catch (err) {
    const { code, message } = err as { code: string; message: string };
    return { code, message };
  }
  throw new Error(`no error from ${sql}`);
}

beforeAll(async () => {
  e = await Engine.open(undefined, { threads: 1 });
  dir = fs.mkdtempSync(join(tmpdir(), 'larch-stream-sql-'));
});

afterAll(async () => {
  await e.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('table sources and table sinks', () => {
  it('streams appended rows, counts them, stops and starts', async () => {
    await e.sql('CREATE TABLE readings (sensor int, value float8)');
    await e.sql('INSERT INTO readings VALUES (1, 0.5)');
    await e.sql('CREATE SOURCE reading_stream FROM TABLE readings');
    await e.sql(`CREATE SINK doubled INTO TABLE doubled_readings
      AS SELECT sensor, value * 2 AS doubled FROM reading_stream WHERE value > 0`);
    await e.sql('INSERT INTO readings VALUES (2, 1.5), (3, -1)');
    expect(await rowCount('doubled_readings', 2)).toHaveLength(2);
    expect(await rows('SELECT * FROM doubled_readings ORDER BY sensor')).toEqual([
      { sensor: 1, doubled: 1 },
      { sensor: 2, doubled: 3 },
    ]);
    await e.sql('STOP SINK doubled');
    await e.sql('INSERT INTO readings VALUES (4, 2)');
    await new Promise((r) => setTimeout(r, 300));
    expect(await rows('SELECT count(*) AS n FROM doubled_readings')).toEqual([{ n: 2 }]);
    expect(await rows(`SELECT state FROM information_schema.sinks WHERE sink_name = 'doubled'`)).toEqual([
      { state: 'stopped' },
    ]);
    await e.sql('START SINK doubled');
    expect(await rowCount('doubled_readings', 3)).toHaveLength(3);
    const status = await eventually(
      () => rows(`SELECT * FROM information_schema.sinks WHERE sink_name = 'doubled'`),
      (r) => r[0]?.['lag'] === 0,
    );
    expect(status[0]).toMatchObject({
      state: 'running',
      sources: 'reading_stream',
      target: 'TABLE doubled_readings',
      trigger: 'continuous',
      lag: 0,
      last_error: null,
      positions: { reading_stream: { rows: 4 } },
      dead_letter_table: 'doubled_dead_letter',
    });
    expect(await rows('SHOW SOURCES')).toEqual([
      {
        source_name: 'reading_stream',
        source_type: 'table',
        location: 'readings',
        format: null,
        columns: 'sensor integer, value double precision',
        watermark: null,
        options: {},
      },
    ]);
    await e.sql('DROP SINK doubled');
    expect(await rows('SHOW SINKS')).toEqual([]);
  });

  it('sends an event whose scoring fails to the dead-letter table and keeps going', async () => {
    await e.sql('CREATE TABLE divisions (id int, d int)');
    await e.sql('CREATE SOURCE division_stream FROM TABLE divisions');
    await e.sql(`CREATE SINK quotients INTO TABLE quotients AS SELECT id, 100 / d AS q FROM division_stream`);
    await e.sql('INSERT INTO divisions VALUES (1, 4), (2, 0), (3, 5)');
    expect(await rowCount('quotients', 2)).toHaveLength(2);
    const dead = await rowCount('quotients_dead_letter', 1);
    expect(dead.map((d) => [d['source'], d['origin'], d['payload'], d['sqlstate'], d['error']])).toEqual([
      ['division_stream', 'divisions#2', '{"id":2,"d":0}', '22012', 'division by zero'],
    ]);
    await e.sql('INSERT INTO divisions VALUES (4, 10)');
    expect(await rowCount('quotients', 3)).toHaveLength(3);
    expect(await rows('SELECT * FROM quotients ORDER BY id')).toEqual([
      { id: 1, q: 25 },
      { id: 3, q: 20 },
      { id: 4, q: 10 },
    ]);
  });
});

describe('models in sinks', () => {
  it('scores with the version active at CREATE SINK until REFRESH MODEL', async () => {
    await e.sql(
      'CREATE TABLE train_a AS SELECT x::float8 AS x, x::float8 AS y FROM generate_series(1, 50) AS g(x)',
    );
    await e.sql(
      'CREATE TABLE train_b AS SELECT x::float8 AS x, 2 * x::float8 AS y FROM generate_series(1, 50) AS g(x)',
    );
    await e.sql(
      `CREATE MODEL slope OPTIONS (model_type = 'linear_reg', input_label_cols = ['y']) AS SELECT * FROM train_a`,
    );
    await e.sql('CREATE TABLE xs (x float8)');
    await e.sql('CREATE SOURCE x_stream FROM TABLE xs');
    await e.sql(`CREATE SINK scored_xs INTO TABLE scored_xs
      AS SELECT x, round(predicted_y::numeric, 3) AS y FROM ML.PREDICT(MODEL slope, (SELECT x FROM x_stream))`);
    await e.sql(
      `CREATE OR REPLACE MODEL slope OPTIONS (model_type = 'linear_reg', input_label_cols = ['y']) AS SELECT * FROM train_b`,
    );
    await e.sql('INSERT INTO xs VALUES (10)');
    expect(await rowCount('scored_xs', 1)).toEqual([{ x: 10, y: '10.000' }]);
    expect(await rows(`SELECT models FROM information_schema.sinks WHERE sink_name = 'scored_xs'`)).toEqual([
      { models: 'slope@1' },
    ]);
    await e.sql('ALTER SINK scored_xs REFRESH MODEL');
    await e.sql('INSERT INTO xs VALUES (20)');
    await rowCount('scored_xs', 2);
    expect(await rows('SELECT * FROM scored_xs ORDER BY x')).toEqual([
      { x: 10, y: '10.000' },
      { x: 20, y: '40.000' },
    ]);
  });
});

describe('file sources and file sinks', () => {
  it('reads CSV files once each with AVAILABLE_NOW, writes Parquet files, then stops', async () => {
    const landing = join(dir, 'csv');
    fs.mkdirSync(landing);
    for (let f = 0; f < 5; f++)
      fs.writeFileSync(join(landing, `part-${f}.csv`), `id,amount\n${f * 2},${f}.5\n${f * 2 + 1},${f}.25\n`);
    await e.sql(`CREATE SOURCE payments FROM FILES '${landing}/*.csv' (MAX_FILES_PER_TRIGGER 2)`);
    const out = join(dir, 'parquet-out');
    await e.sql(`CREATE SINK payment_files INTO FILES '${out}' (FORMAT parquet) TRIGGER AVAILABLE_NOW
      AS SELECT id, amount * 2 AS doubled FROM payments`);
    const status = await eventually(
      () => rows(`SELECT state, batches FROM information_schema.sinks WHERE sink_name = 'payment_files'`),
      (r) => r[0]?.['state'] === 'stopped' || r[0]?.['state'] === 'finished',
    );
    // Five files, two per batch: three batches, three Parquet files, every row once.
    expect(status[0]!['batches']).toBe(3);
    expect(fs.readdirSync(out).sort()).toEqual([
      'part-00000001.parquet',
      'part-00000002.parquet',
      'part-00000003.parquet',
    ]);
    expect(
      await rows(
        `SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(doubled) AS total FROM read_parquet('${out}/*.parquet')`,
      ),
    ).toEqual([{ n: 10, ids: 10, total: '47.50' }]);
    // TRIGGER ONCE: one batch (two files here), then the sink stops.
    await e.sql(`CREATE SINK payments_once INTO TABLE payments_once TRIGGER ONCE AS SELECT id FROM payments`);
    await eventually(
      () => rows(`SELECT state FROM information_schema.sinks WHERE sink_name = 'payments_once'`),
      (r) => r[0]?.['state'] === 'stopped' || r[0]?.['state'] === 'finished',
    );
    expect(await rows('SELECT count(*) AS n FROM payments_once')).toEqual([{ n: 4 }]);
    expect(
      await rows(`SELECT columns FROM information_schema.sources WHERE source_name = 'payments'`),
    ).toEqual([{ columns: 'id integer, amount numeric' }]);
  });
});

describe('event-time windows', () => {
  it('emits each TUMBLE and HOP window once the watermark passes its end, late events dead-lettered', async () => {
    await e.sql('CREATE TABLE clicks (page text, at timestamptz)');
    await e.sql(
      `CREATE SOURCE click_stream FROM TABLE clicks WATERMARK FOR at AS at - INTERVAL '10 seconds'`,
    );
    await e.sql(`CREATE SINK clicks_per_minute INTO TABLE clicks_per_minute AS
      SELECT window_start, window_end, page, count(*) AS n
      FROM TUMBLE(click_stream, at, INTERVAL '1 minute') GROUP BY window_start, window_end, page`);
    await e.sql(`CREATE SINK clicks_hopping INTO TABLE clicks_hopping AS
      SELECT window_start, window_end, count(*) AS n
      FROM HOP(click_stream, at, INTERVAL '30 seconds', INTERVAL '1 minute') GROUP BY 1, 2`);
    const insert = (values: string) => e.sql(`INSERT INTO clicks VALUES ${values}`);
    await insert(
      `('a', '2024-01-01 10:00:05+00'), ('a', '2024-01-01 10:00:30+00'), ('b', '2024-01-01 10:00:40+00')`,
    );
    await eventually(
      () => rows(`SELECT batches FROM information_schema.sinks WHERE sink_name LIKE 'clicks%'`),
      (r) => r.every((x) => Number(x['batches']) >= 1),
    );
    expect(await rows('SELECT * FROM clicks_per_minute')).toEqual([]);
    await insert(`('a', '2024-01-01 10:01:15+00')`);
    await rowCount('clicks_per_minute', 2);
    await insert(`('a', '2024-01-01 09:59:50+00'), ('b', '2024-01-01 10:02:30+00')`);
    await rowCount('clicks_per_minute', 3);
    await rowCount('clicks_hopping', 4);
    const minute = (t: unknown) => String(t).slice(11, 19);
    expect(
      (await rows('SELECT * FROM clicks_per_minute ORDER BY 1, 3')).map((r) => [
        minute(r['window_start']),
        minute(r['window_end']),
        r['page'],
        r['n'],
      ]),
    ).toEqual([
      ['10:00:00', '10:01:00', 'a', 2],
      ['10:00:00', '10:01:00', 'b', 1],
      ['10:01:00', '10:02:00', 'a', 1],
    ]);
    expect(
      (await rows('SELECT * FROM clicks_hopping ORDER BY 1')).map((r) => [minute(r['window_start']), r['n']]),
    ).toEqual([
      ['09:59:30', 1],
      ['10:00:00', 3],
      ['10:00:30', 3],
      ['10:01:00', 1],
    ]);
    const late = await rowCount('clicks_per_minute_dead_letter', 1);
    expect(late.map((d) => [d['origin'], d['sqlstate']])).toEqual([['clicks#5', '22023']]);
    expect(String(late[0]!['error'])).toMatch(/^late event: its windows closed at watermark/);
    // TUMBLE is a plain table function outside sinks too.
    expect(
      await rows(
        `SELECT count(*) AS n FROM TUMBLE(clicks, at, INTERVAL '1 minute') WHERE window_end = '2024-01-01 10:01:00+00'`,
      ),
    ).toEqual([{ n: 3 }]);
  });
});

describe('errors', () => {
  it('points at the mistake in the statement', async () => {
    const cases: [string, string, string][] = [
      ['CREATE SINK s INTO TABLE t AS SELECT a FROM WHERE', '42601', 'WHERE'],
      ['CREATE SINK s INTO TABEL t AS SELECT 1', '42601', 'TABEL'],
      [
        `CREATE SOURCE s FROM FILES 'x/*.json' (FORMAT json, COLUMNS (a int, b nosuchtype))`,
        '42704',
        'nosuchtype',
      ],
      [`CREATE SOURCE s FROM FILES 'x/*.json' (FORMAT json, COLUMNS (a int b int))`, '42601', 'b int'],
      [`CREATE SINK s INTO NOTIFY 'c' TRIGGER SOMETIMES AS SELECT 1`, '42601', 'SOMETIMES'],
      ['SHOW SINKS extra', '42601', 'extra'],
    ];
    for (const [sql, code, at] of cases) {
      let err: { code: string; position?: number } | null = null;
      try {
        await e.sql(`SELECT 1; ${sql}`);
      } catch (x) {
        err = x as { code: string; position?: number };
      }
      const text = `SELECT 1; ${sql}`;
      expect([sql, err?.code, text.slice((err?.position ?? 0) - 1).startsWith(at)]).toEqual([
        sql,
        code,
        true,
      ]);
    }
  });

  it('names the object, with a SQLSTATE', async () => {
    await e.sql('CREATE TABLE t_err (a int, at timestamptz)');
    await e.sql('CREATE SOURCE err_source FROM TABLE t_err');
    const cases: [string, string, RegExp][] = [
      ['CREATE SOURCE err_source FROM TABLE t_err', '42710', /source "err_source" already exists/],
      ['CREATE SOURCE s2 FROM TABLE nowhere', '42P01', /relation "nowhere" does not exist/],
      [`CREATE SOURCE s2 FROM FILES '${dir}/none/*.json'`, '42601', /source "s2" needs COLUMNS/],
      [`CREATE SOURCE s2 FROM FILES '${dir}/x.json' (SPEED 3)`, '22023', /unknown option "SPEED"/],
      [
        `CREATE SOURCE s2 FROM FILES '${dir}/x.txt' (COLUMNS (a int))`,
        '42601',
        /needs FORMAT json, csv or parquet/,
      ],
      [
        `CREATE SOURCE s2 FROM FILES '${dir}/*.json' (MAX_FILES_PER_TRIGGER 0, COLUMNS (a int))`,
        '22023',
        /MAX_FILES_PER_TRIGGER must be a positive integer/,
      ],
      [
        `CREATE SOURCE s2 FROM KAFKA (BROKERS 'localhost:9092', COLUMNS (a int))`,
        '42601',
        /source "s2": KAFKA option TOPIC is required/,
      ],
      [
        `CREATE SOURCE s2 FROM TABLE t_err WATERMARK FOR a AS a - INTERVAL '1 second'`,
        '42804',
        /WATERMARK column "a" must be a timestamp/,
      ],
      ['CREATE SINK k1 INTO TABLE k1_out AS SELECT 1', '42704', /sink "k1": its query reads no source/],
      [
        'CREATE SINK k1 INTO TABLE k1_out AS SELECT nope FROM err_source',
        '42703',
        /column "nope" does not exist/,
      ],
      [
        `CREATE SINK k1 INTO TABLE k1_out AS SELECT window_end FROM TUMBLE(err_source, at, INTERVAL '1 minute')`,
        '22023',
        /need a WATERMARK/,
      ],
      [
        `CREATE SINK k1 INTO KAFKA (BROKERS 'nohost', TOPIC 't') AS SELECT a FROM err_source`,
        '22023',
        /sink "k1"/,
      ],
      [
        'CREATE SINK k1 INTO TABLE t_err AS SELECT a AS b FROM err_source',
        '42703',
        /table "t_err" has no column "b"/,
      ],
      ['DROP SINK nope', '42704', /sink "nope" does not exist/],
      ['STOP SINK nope', '42704', /sink "nope" does not exist/],
      [
        "CREATE SINK k1 INTO TABLE k1_out TRIGGER INTERVAL 'soon' AS SELECT a FROM err_source",
        '42601',
        /invalid interval "soon"/,
      ],
    ];
    for (const [sql, code, message] of cases) {
      const err = await errorOf(sql);
      expect([sql, err.code]).toEqual([sql, code]);
      expect(err.message).toMatch(message);
    }
    await e.sql('CREATE SINK k1 INTO TABLE k1_out AS SELECT a FROM err_source');
    expect(await errorOf('DROP SOURCE err_source')).toEqual({
      code: '2BP01',
      message: 'cannot drop source "err_source" because sink "k1" depends on it',
    });
    await e.sql(
      'DROP SINK k1; DROP SOURCE err_source; DROP SINK IF EXISTS k1; DROP SOURCE IF EXISTS err_source',
    );
  });
});
