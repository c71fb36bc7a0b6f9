import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Engine } from '../index.js';
import type { Progress } from '../engine/progress.js';
import { ProgressLine, progressText } from './progress-line.js';

describe('training progress', () => {
  it('reports each pass of CREATE MODEL to the session, and the CLI shows it on one line', async () => {
    const engine = await Engine.open();
    try {
      const session = engine.session();
      const seen: Progress[] = [];
      session.onProgress = (p) => seen.push(p);
      await session.sql(
        'CREATE TABLE pts AS SELECT g::float8 AS x, (g % 2 = 0) AS y FROM generate_series(1, 200) g',
      );
      await session.sql(
        "CREATE MODEL parity OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'], max_iterations = 5) AS SELECT * FROM pts",
      );
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
      const line = new ProgressLine(err);
      line.update(seen[0]!);
      line.update(seen[1]!); // within 100 ms: not redrawn
      line.clear();
      expect(written).toBe(`\r\x1b[K${progressText(seen[0]!)}\r\x1b[K`);
      expect(progressText({ what: 'CREATE MODEL m', step: 'gradient', count: 3, rows: 12345 })).toBe(
        'CREATE MODEL m: step 3 (gradient), 12,345 rows',
      );
    } finally {
      await engine.close();
    }
  });
});
