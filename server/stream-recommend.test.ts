// The seed's recommendation flow over the wire: an application inserts {uid} events into a table
// through node-postgres; a sink over that table computes each user's top 10 items from a
// matrix-factorization model (LATERAL ML.RECOMMEND per event) and a second connection receives them
// through LISTEN, as JSON payloads.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.test-kit.js';

let t: TestServer;

async function connected(): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port: t.port, database: 'larch', user: 'app' });
  await c.connect();
  return c;
}

beforeAll(async () => {
  t = await startTestServer();
  await t.engine.sql(`CREATE TABLE ratings AS
    SELECT u AS user_id, i AS item_id, ((u * 7 + i * 3) % 5 + 1)::float8 AS rating
    FROM generate_series(1, 40) AS a(u), generate_series(1, 30) AS b(i) WHERE (u + i) % 3 <> 0`);
  await t.engine.sql(`CREATE MODEL movie_recs OPTIONS (model_type = 'matrix_factorization',
    user_col = 'user_id', item_col = 'item_id', rating_col = 'rating', num_factors = 4, seed = 1)
    AS SELECT * FROM ratings`);
  await t.engine.sql('CREATE TABLE uid_events (uid integer, at timestamptz DEFAULT now())');
});

afterAll(async () => {
  await t.close();
  await t.engine.close();
});

describe('table source into a NOTIFY sink', () => {
  it('delivers each inserted user’s top 10 items to a LISTEN connection', async () => {
    const app = await connected();
    const dashboard = await connected();
    const received: { uid: number; item_id: number; predicted_rating: number }[] = [];
    dashboard.on('notification', (m) => {
      if (m.channel === 'top_movies') received.push(JSON.parse(m.payload!) as (typeof received)[number]);
    });
    try {
      await dashboard.query('LISTEN top_movies');
      await app.query('CREATE SOURCE uids FROM TABLE uid_events');
      await app.query(`CREATE SINK recommendations INTO NOTIFY 'top_movies' AS
        SELECT e.uid, r.item_id, r.predicted_rating
        FROM uids AS e,
          LATERAL ML.RECOMMEND(MODEL movie_recs, (SELECT e.uid AS user_id), STRUCT(10 AS top_k)) AS r`);
      await app.query('INSERT INTO uid_events (uid) VALUES ($1)', [196 % 40]);
      await app.query('INSERT INTO uid_events (uid) VALUES ($1), ($2)', [7, 23]);
      const deadline = Date.now() + 20_000;
      while (received.length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(received.length).toBe(30);
      // The same items, in each user's order, as ML.RECOMMEND gives for those users in one query.
      const expected = await app.query(`SELECT user_id AS uid, item_id FROM ML.RECOMMEND(MODEL movie_recs,
        (SELECT * FROM (VALUES (36), (7), (23)) AS v(user_id)), STRUCT(10 AS top_k))`);
      const key = (r: { uid: number; item_id: number }) => `${r.uid}:${r.item_id}`;
      expect(received.map(key).sort()).toEqual(expected.rows.map(key).sort());
      for (const uid of [36, 7, 23]) expect(received.filter((r) => r.uid === uid)).toHaveLength(10);
      // The status view counts them; the model version the sink started with is pinned.
      const status = await app.query(
        `SELECT state, sources, target, models, rows_in, rows_out, last_error FROM information_schema.sinks`,
      );
      expect(status.rows).toEqual([
        {
          state: 'running',
          sources: 'uids',
          target: 'NOTIFY top_movies',
          models: 'movie_recs@1',
          rows_in: '3',
          rows_out: '30',
          last_error: null,
        },
      ]);
      await app.query('DROP SINK recommendations');
      await app.query('DROP SOURCE uids');
    } finally {
      await app.end();
      await dashboard.end();
    }
  });
});
