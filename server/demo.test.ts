// The demo `npm start` loads on a first start: iris, a model trained on it and its predictions.

import { describe, expect, it } from 'vitest';
import { Engine } from '../src/index.js';
import { loadDemo } from './demo.js';

describe('the npm start demo', () => {
  it('loads a table, trains a model and writes its predictions, once', async () => {
    const engine = await Engine.open();
    try {
      expect(await loadDemo(engine)).toMatch(/iris \(150 rows.*iris_model.*iris_predictions/);
      const r = await engine.sql(
        'SELECT count(*) AS n, avg((label = predicted_label)::int) AS accuracy FROM iris_predictions',
      );
      expect(Number(r.rows[0]!.n)).toBe(150);
      expect(Number(r.rows[0]!.accuracy)).toBeGreaterThan(0.9);
      const models = await engine.sql('SELECT model_type FROM information_schema.models');
      expect(models.rows).toEqual([{ model_type: 'logistic_reg' }]);
      expect(await loadDemo(engine)).toBeNull();
    } finally {
      await engine.close();
    }
  });
});
