import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Engine } from '../index.js';
import type { Progress } from '../engine/progress.js';
import type { Session } from '../engine/session.js';
import { ProgressLine, progressText } from './progress-line.js';

describe('training progress', () => {
  it('reports each pass of CREATE MODEL to the session, and the CLI shows it on one line', async () => {
    await withProgress(
      [
        'CREATE TABLE pts AS SELECT g::float8 AS x, (g % 2 = 0) AS y FROM generate_series(1, 200) g',
        "CREATE MODEL parity OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'], max_iterations = 5) AS SELECT * FROM pts",
      ],
      (seen) => {
        expect(seen.length).toBeGreaterThan(1);
        expect(seen.map((p) => p.count)).toEqual(seen.map((_, i) => i + 1));
        expect(seen.every((p) => p.what === 'CREATE MODEL parity' && p.rows > 0 && p.rows <= 200)).toBe(true);

        let written = '';
        const err = new Writable({
          write(chunk: Buffer, _encoding, done) {
            written += chunk.toString();
            done();
          },
        });
        // Formatted once first: the first toLocaleString loads locale data, which can outlast 100 ms on a busy machine.
        const first = progressText(seen[0]!);
        const line = new ProgressLine(err);
        line.update(seen[0]!);
        line.update(seen[1]!); // within 100 ms: not redrawn
        line.clear();
        expect(written).toBe(`\r\x1b[K${first}\r\x1b[K`);
        expect(progressText({ what: 'CREATE MODEL m', step: 'gradient', count: 3, rows: 12345 })).toBe(
          'CREATE MODEL m: step 3 (gradient), 12,345 rows',
        );
        expect(
          progressText({
            what: 'CREATE MODEL m',
            step: 'gradient',
            count: 7,
            rows: 800084,
            iteration: 6,
            loss: 0.345583,
          }),
        ).toBe('CREATE MODEL m: step 7 (gradient), iteration 6, loss 0.34558, 800,084 rows');
      },
    );
  });

  it('reports the loss of each finished iteration, as ML.TRAINING_INFO shows it', async () => {
    await withProgress(
      [
        // y is more often true as x grows: learnable, not separable.
        'CREATE TABLE noisy AS SELECT g::float8 / 100 AS x, ((g * 37) % 100 < g / 2) AS y FROM generate_series(1, 200) g',
        "CREATE MODEL trend OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'], max_iterations = 8) AS SELECT * FROM noisy",
      ],
      async (seen, session) => {
        const gradient = seen.filter((p) => p.step === 'gradient');
        expect(gradient.length).toBeGreaterThan(2);
        // The start point's evaluation knows no loss yet; every later pass knows the latest one.
        expect(gradient[0]!.iteration).toBe(0);
        expect(gradient[0]!.loss).toBeUndefined();
        const losses = gradient.slice(1).map((p) => p.loss!);
        expect(losses.every((l) => Number.isFinite(l))).toBe(true);
        expect(losses[0]!).toBeGreaterThan(losses[losses.length - 1]!);
        for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThanOrEqual(losses[i - 1]!);

        const info = (await session.sql('SELECT iteration, loss FROM ML.TRAINING_INFO(MODEL trend)')).rows;
        expect(info.length).toBeGreaterThan(1);
        // Every iteration but the last is followed by a pass that reports its loss.
        const reported = new Map(gradient.map((p) => [p.iteration, p.loss]));
        for (const row of info.slice(0, -1)) expect(reported.get(Number(row['iteration']))).toBe(row['loss']);
      },
    );
  });
});

/** Runs the statements on a new engine's session, collecting its progress reports, then `check`. */
async function withProgress(
  statements: readonly string[],
  check: (seen: Progress[], session: Session) => void | Promise<void>,
): Promise<void> {
  const engine = await Engine.open();
  try {
    const session = engine.session();
    const seen: Progress[] = [];
    session.onProgress = (p) => seen.push(p);
    for (const sql of statements) await session.sql(sql);
    await check(seen, session);
  } finally {
    await engine.close();
  }
}
