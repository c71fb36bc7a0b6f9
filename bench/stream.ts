// Streams and online scoring: the review model (tokenize → hashing TF → logistic regression) scoring
// events continuously.
//   npm run bench -- stream [--seconds N] [--rate N] [--events N] [--clients N]
// 1. Latency: events inserted into a table source at `rate` per second (every 10 ms), a sink with
//    TRIGGER INTERVAL '100 ms' scores them into a table; each event's latency is from its insert to
//    the moment a reader polling the table (every 5 ms) sees its prediction. p50 and p99.
// 2. Throughput: a backlog of `events` events in a table source, and the same as JSON files in a
//    folder, drained by a sink; events per second, next to scoring the same events in one query
//    (the batch peer: what the stream costs on top of ML.PREDICT itself).
// 3. HTTP: the online-scoring endpoint (bench/http-predict.ts) with one and `clients` clients.

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/index.js';
import { httpPredictBench } from './http-predict.js';
import { printTable } from './measure.js';

export interface StreamBenchOptions {
  readonly seconds: number;
  readonly rate: number;
  readonly events: number;
  readonly clients: number;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reviewsDir = join(root, 'sql-tests', 'ml', 'fixtures', 'reviews');

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function reviewTexts(): string[] {
  return readdirSync(reviewsDir)
    .sort()
    .flatMap((f) => readFileSync(join(reviewsDir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { review: string }).review);
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function setup(engine: Engine): Promise<void> {
  await engine.sql(`CREATE MODEL review_sentiment
    TRANSFORM (ML.HASHING_TF(ML.TOKENIZE(review), 10000) AS features, ML.BUCKETIZE(rating, [4.5]) AS label)
    OPTIONS (model_type = 'logistic_reg', max_iterations = 10, reg_param = 0.0001, elastic_net_param = 1.0)
    AS SELECT review, rating FROM read_json('${join(reviewsDir, '*.jsonl')}')`);
}

/** Events at `rate` per second for `seconds`; latency from insert to visible prediction. */
async function latencyPhase(engine: Engine, reviews: readonly string[], o: StreamBenchOptions) {
  await engine.sql('CREATE TABLE review_events (id integer, review text, written_ms float8)');
  await engine.sql('CREATE SOURCE review_stream FROM TABLE review_events');
  await engine.sql(`CREATE SINK review_scoring INTO TABLE review_scores TRIGGER INTERVAL '100 ms'
    AS SELECT id, written_ms, predicted_label FROM ML.PREDICT(MODEL review_sentiment, (SELECT * FROM review_stream))`);
  const writer = engine.session();
  const reader = engine.session();
  const total = Math.round(o.rate * o.seconds);
  const perTick = Math.max(1, Math.round(o.rate / 100));
  const latencies: number[] = [];
  let seen = 0;
  let done = false;
  const poll = (async () => {
    while (!done || seen < total) {
      const r = await reader.sql('SELECT id, written_ms FROM review_scores WHERE id > $1', [seen]);
      const t = now();
      for (const row of r.rows) latencies.push(t - Number(row['written_ms']));
      seen += r.rows.length;
      if (done && seen >= total) break;
      await sleep(5);
    }
  })();
  const start = now();
  for (let id = 1; id <= total; id += perTick) {
    const due = start + ((id - 1) / o.rate) * 1000;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const values: string[] = [];
    const written = now();
    for (let k = id; k < id + perTick && k <= total; k++)
      values.push(`(${k}, ${quote(reviews[k % reviews.length]!)}, ${written})`);
    await writer.sql(`INSERT INTO review_events VALUES ${values.join(', ')}`);
  }
  done = true;
  await poll;
  await engine.sql('DROP SINK review_scoring');
  latencies.sort((a, b) => a - b);
  return { events: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function waitForRows(engine: Engine, table: string, n: number): Promise<void> {
  for (;;) {
    const r = await engine.sql(`SELECT count(*) AS n FROM ${table}`);
    if (Number(r.rows[0]!['n']) >= n) return;
    await sleep(20);
  }
}

/** A backlog drained by a sink from a table and from JSON files, and the same scoring in one query. */
async function throughputPhase(
  engine: Engine,
  reviews: readonly string[],
  o: StreamBenchOptions,
  dir: string,
) {
  const n = o.events;
  const values = reviews.map((r, i) => `(${i}, ${quote(r)})`).join(', ');
  await engine.sql(
    `CREATE TABLE review_texts (k integer, review text); INSERT INTO review_texts VALUES ${values}`,
  );
  await engine.sql(`CREATE TABLE backlog AS SELECT g AS id, t.review FROM generate_series(1, ${n}) AS s(g)
    JOIN review_texts AS t ON t.k = g % ${reviews.length}`);

  let t0 = now();
  await engine.sql(`CREATE TABLE batch_scores AS SELECT id, predicted_label
    FROM ML.PREDICT(MODEL review_sentiment, (SELECT * FROM backlog))`);
  const batchMs = now() - t0;

  await engine.sql(`CREATE SOURCE backlog_stream FROM TABLE backlog (MAX_ROWS_PER_TRIGGER 50000)`);
  t0 = now();
  await engine.sql(`CREATE SINK backlog_scoring INTO TABLE backlog_scores
    AS SELECT id, predicted_label FROM ML.PREDICT(MODEL review_sentiment, (SELECT * FROM backlog_stream))`);
  await waitForRows(engine, 'backlog_scores', n);
  const tableMs = now() - t0;

  const folder = join(dir, 'landing');
  mkdirSync(folder);
  const files = 50;
  const per = Math.ceil(n / files);
  for (let f = 0; f < files; f++) {
    const lines: string[] = [];
    for (let i = f * per; i < Math.min(n, (f + 1) * per); i++)
      lines.push(JSON.stringify({ id: i + 1, review: reviews[i % reviews.length] }));
    writeFileSync(join(folder, `events-${String(f).padStart(3, '0')}.json`), `${lines.join('\n')}\n`);
  }
  await engine.sql(`CREATE SOURCE file_stream FROM FILES '${folder}/*.json'
    (FORMAT json, MAX_FILES_PER_TRIGGER 5, COLUMNS (id integer, review text))`);
  t0 = now();
  await engine.sql(`CREATE SINK file_scoring INTO TABLE file_scores
    AS SELECT id, predicted_label FROM ML.PREDICT(MODEL review_sentiment, (SELECT * FROM file_stream))`);
  await waitForRows(engine, 'file_scores', n);
  const filesMs = now() - t0;
  const perSecond = (ms: number) => Math.round(n / (ms / 1000));
  return { batch: perSecond(batchMs), table: perSecond(tableMs), files: perSecond(filesMs) };
}

export async function streamBench(o: StreamBenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'larch-stream-bench-'));
  const engine = await Engine.open();
  try {
    const reviews = reviewTexts();
    await setup(engine);
    const latency = await latencyPhase(engine, reviews, o);
    const throughput = await throughputPhase(engine, reviews, o, dir);
    await engine.close();
    const http = await httpPredictBench({ seconds: o.seconds, clients: o.clients });
    const ms = (x: number) => x.toFixed(2);
    const num = (x: number) => x.toLocaleString('en-US');
    console.log(`\nStreams: review model (tokenize → hashing TF 10,000 → logistic regression)\n`);
    printTable(
      ['measure', 'Larch', 'target / peer'],
      [
        [
          `latency p50, ${num(o.rate)} events/s, TRIGGER INTERVAL '100 ms'`,
          `${ms(latency.p50)} ms`,
          '< 100 ms',
        ],
        [`latency p99 (${num(latency.events)} events)`, `${ms(latency.p99)} ms`, ''],
        [
          `throughput, table source (${num(o.events)} backlog)`,
          `${num(throughput.table)} events/s`,
          '>= 50,000 events/s',
        ],
        [
          `throughput, JSON file source (50 files)`,
          `${num(throughput.files)} events/s`,
          '>= 50,000 events/s',
        ],
        [
          `same events scored in one query (batch peer)`,
          `${num(throughput.batch)} events/s`,
          `stream/batch ${(throughput.table / throughput.batch).toFixed(2)}`,
        ],
        [
          `HTTP one row, 1 client, p50 / p99`,
          `${ms(http.oneClient.p50Ms)} / ${ms(http.oneClient.p99Ms)} ms`,
          'p50 < 2 ms',
        ],
        [
          `HTTP one row, ${http.concurrent.clients} clients`,
          `${num(Math.round(http.concurrent.requestsPerSecond))} req/s, p50 ${ms(http.concurrent.p50Ms)} ms`,
          '',
        ],
      ],
    );
  } finally {
    if (!engine.isClosed) await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
