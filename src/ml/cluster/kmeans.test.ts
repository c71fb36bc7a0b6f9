// kmeans on separable blobs: centroids found, assignments pure, seeds reproducible, metrics sensible.

import { describe, expect, it } from 'vitest';
import { denseBatch, denseTrainingBatch } from '../core/feature-batch.js';
import { parseModelOptions, type RawOptionValue } from '../core/model-options.js';
import { SeededRandom } from '../core/seeded-random.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { ClusteringMetricsState } from '../metrics/clustering-metrics.js';
import { partitionBatch } from '../testing/dataset-fixtures.js';
import { fitKmeans } from './kmeans-trainer.js';

const CENTERS = [
  [0, 0],
  [10, 0],
  [0, 10],
  [10, 10],
];

function blobs(n: number, seed: number) {
  const rng = new SeededRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % CENTERS.length;
    truth[i] = c;
    x[i] = CENTERS[c]![0]! + rng.normal() * 0.5;
    y[i] = CENTERS[c]![1]! + rng.normal() * 0.5;
  }
  return { columns: [x, y], truth };
}

function fit(raw: Record<string, RawOptionValue>, columns: Float64Array[]) {
  const { options } = parseModelOptions({ model_type: 'kmeans', num_clusters: 4, ...raw });
  return fitLocal(
    fitKmeans(options, denseSchema(['x', 'y'], null)),
    partitionBatch(denseTrainingBatch(columns, null), 3),
  );
}

describe('kmeans', () => {
  const { columns, truth } = blobs(2000, 1);
  for (const init of ['kmeans++', 'random']) {
    it(`finds the four blob centers (${init}, standardized and not)`, () => {
      for (const standardize_features of [true, false]) {
        const model = fit({ kmeans_init_method: init, standardize_features, seed: 3 }, columns);
        const found = model.centroids();
        for (const [cx, cy] of CENTERS) {
          const near = [0, 1, 2, 3].some((c) => {
            const x = found.find((r) => r.centroidId === c + 1 && r.feature === 'x')!.value;
            const y = found.find((r) => r.centroidId === c + 1 && r.feature === 'y')!.value;
            return Math.hypot(x - cx!, y - cy!) < 0.1;
          });
          expect(near).toBe(true);
        }
        const p = model.predict(denseBatch(columns));
        if (p.kind !== 'cluster') throw new Error('expected clusters');
        // Each true blob maps to a single centroid.
        for (let c = 0; c < 4; c++) {
          const ids = new Set<number>();
          for (let i = 0; i < truth.length; i++) if (truth[i] === c) ids.add(p.centroid[i]!);
          expect(ids.size).toBe(1);
        }
      }
    });
  }

  it('is reproducible for a seed and reports Davies-Bouldin and mean squared distance', () => {
    const a = fit({ seed: 9, standardize_features: false }, columns);
    const b = fit({ seed: 9, standardize_features: false }, columns);
    expect(Array.from(a.state.centroids)).toEqual(Array.from(b.state.centroids));
    const metrics = new ClusteringMetricsState(a);
    metrics.update(denseBatch(columns));
    const m = metrics.finish();
    // Per-axis noise variance 0.25: squared distance to the centroid averages 0.5.
    expect(m.mean_squared_distance!).toBeCloseTo(0.5, 1);
    expect(m.davies_bouldin_index!).toBeGreaterThan(0);
    expect(m.davies_bouldin_index!).toBeLessThan(0.2);
  });

  it('refuses more clusters than rows', () => {
    expect(() => fit({ num_clusters: 5 }, [Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)])).toThrow(
      /only 3 rows/,
    );
  });
});
