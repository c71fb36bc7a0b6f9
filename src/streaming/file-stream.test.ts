// The Spark Structured Streaming example, end to end: JSON review files land one by one in a folder
// and a sink scores them with the saved review model into a table, queried while the stream runs.
// The process running the sink is killed with SIGKILL again and again while files keep landing;
// every review is still scored exactly once, and malformed events end in the dead-letter table.
// Needs the build (the sink runs in child processes on dist/).

import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(root, 'dist', 'src', 'index.js');
const reviewsGlob = join(root, 'sql-tests', 'ml', 'fixtures', 'reviews', '*.jsonl');

const FILES = 40;
const KILLS = 5;

/** A process that opens the database (its sinks resume) and keeps running until killed. */
const RUNNER = `
  import { Engine } from ${JSON.stringify(pathToFileURL(built).href)};
  const e = await Engine.open(process.argv.at(-1), { threads: 1 });
  process.stdout.write('ready\\n');
  setInterval(() => {}, 1000);
`;

function startRunner(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`runner exited (${code}): ${err}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('file source into a table sink', () => {
  let base: string;
  let db: string;
  let landing: string;
  const reviews: string[] = [];

  beforeAll(async () => {
    base = fs.mkdtempSync(join(tmpdir(), 'larch-stream-'));
    db = join(base, 'db');
    landing = join(base, 'landing');
    fs.mkdirSync(landing);
    for (const f of fs.readdirSync(dirname(reviewsGlob)).sort())
      reviews.push(
        ...fs
          .readFileSync(join(dirname(reviewsGlob), f), 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== ''),
      );
    const e = await Engine.open(db, { threads: 1 });
    await e.sql(`CREATE MODEL review_sentiment
      TRANSFORM (ML.HASHING_TF(ML.TOKENIZE(review), 10000) AS features,
                 ML.BUCKETIZE(rating, [4.5]) AS label)
      OPTIONS (model_type = 'logistic_reg', max_iterations = 10, reg_param = 0.0001, elastic_net_param = 1.0)
      AS SELECT review, rating FROM read_json('${reviewsGlob}')`);
    await e.sql(`CREATE SOURCE review_files FROM FILES '${join(landing, '*.json')}'
      (FORMAT json, MAX_FILES_PER_TRIGGER 3, COLUMNS (id integer, review text, rating double precision))`);
    await e.sql(`CREATE SINK review_scoring INTO TABLE review_scores TRIGGER INTERVAL '100 ms'
      AS SELECT id, review, predicted_label FROM ML.PREDICT(MODEL review_sentiment, (SELECT * FROM review_files))`);
    await e.close();
  }, 120_000);

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  /** File i: its share of the reviews, written elsewhere and renamed into the folder. */
  function land(i: number): void {
    const per = Math.ceil(reviews.length / FILES);
    const lines = reviews.slice(i * per, (i + 1) * per);
    // Two malformed events: not JSON, and an id that is not an integer.
    if (i === 7) lines.push('{"id": 9001, "review": "cut off');
    if (i === 12) lines.push('{"id": "nine thousand", "review": "great", "rating": 5}');
    const tmp = join(base, `review-${i}.tmp`);
    fs.writeFileSync(tmp, `${lines.join('\n')}\n`);
    fs.renameSync(tmp, join(landing, `review-${String(i).padStart(3, '0')}.json`));
  }

  it('scores each review exactly once across SIGKILLs, dead-lettering bad events', async () => {
    let next = 0;
    for (let life = 0; life < KILLS; life++) {
      const child = await startRunner(db);
      const stop = Date.now() + 300 + Math.random() * 700;
      while (Date.now() < stop && next < FILES) {
        land(next++);
        await sleep(40);
      }
      await kill(child);
    }
    while (next < FILES) land(next++);

    // The last life runs here, queried while the stream runs.
    const e = await Engine.open(db, { threads: 1 });
    try {
      // The killed lives got work done: their batches were committed before the kills.
      const before = await e.sql('SELECT count(*) AS n FROM review_scores');
      expect(Number(before.rows[0]!['n'])).toBeGreaterThan(0);
      let scored = 0;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        scored = Number((await e.sql('SELECT count(*) AS n FROM review_scores')).rows[0]!['n']);
        const [status] = (await e.sql(`SELECT lag FROM information_schema.sinks`)).rows;
        if (scored >= reviews.length && status!['lag'] === 0) break;
        await sleep(100);
      }
      const counts = await e.sql('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM review_scores');
      expect(counts.rows[0]).toEqual({ n: reviews.length, ids: reviews.length });
      // The same predictions as scoring the files in one query.
      const differing = await e.sql(`SELECT count(*) AS n FROM review_scores AS s
        JOIN ML.PREDICT(MODEL review_sentiment, (SELECT * FROM read_json('${reviewsGlob}'))) AS p ON p.id = s.id
        WHERE p.predicted_label <> s.predicted_label`);
      expect(differing.rows[0]).toEqual({ n: 0 });
      const dead = await e.sql(
        'SELECT source, origin, sqlstate, error FROM review_scoring_dead_letter ORDER BY origin',
      );
      expect(
        dead.rows.map((r) => [r['source'], String(r['origin']).replace(/.*\//, ''), r['sqlstate']]),
      ).toEqual([
        ['review_files', 'review-007.json:16', '22P02'],
        ['review_files', 'review-012.json:16', '22P02'],
      ]);
      expect(String(dead.rows[1]!['error'])).toContain('column "id"');
      const files = await e.sql(
        `SELECT positions->'review_files'->'files' AS f FROM information_schema.sinks`,
      );
      expect((files.rows[0]!['f'] as string[]).length).toBe(FILES);
    } finally {
      await e.close();
    }
  }, 180_000);
});
