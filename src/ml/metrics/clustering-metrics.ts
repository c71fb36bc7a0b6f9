// ML.EVALUATE for kmeans: Davies-Bouldin index and mean squared distance to the nearest centroid, from a
// mergeable per-cluster state over rows in the model's (standardized) space.

import type { KmeansModel } from '../cluster/kmeans-model.js';
import { nearestCentroids } from '../cluster/centroid-distance.js';
import type { FeatureBatch } from '../core/feature-batch.js';

export const CLUSTERING_METRICS = ['davies_bouldin_index', 'mean_squared_distance'] as const;

export type ClusteringMetrics = Record<(typeof CLUSTERING_METRICS)[number], number | null>;

export class ClusteringMetricsState {
  private readonly count: Float64Array;
  private readonly distanceSum: Float64Array;
  private squaredSum = 0;
  private rows = 0;

  constructor(private readonly model: KmeansModel) {
    this.count = new Float64Array(model.state.k);
    this.distanceSum = new Float64Array(model.state.k);
  }

  update(batch: FeatureBatch): void {
    const { centroids, k } = this.model.state;
    const x = this.model.prepare(batch);
    const { centroid, distance } = nearestCentroids(x, batch.rows, centroids, k, x.length);
    for (let i = 0; i < batch.rows; i++) {
      this.count[centroid[i]!]!++;
      this.distanceSum[centroid[i]!]! += Math.sqrt(distance[i]!);
      this.squaredSum += distance[i]!;
    }
    this.rows += batch.rows;
  }

  merge(other: ClusteringMetricsState): void {
    for (let c = 0; c < this.count.length; c++) {
      this.count[c]! += other.count[c]!;
      this.distanceSum[c]! += other.distanceSum[c]!;
    }
    this.squaredSum += other.squaredSum;
    this.rows += other.rows;
  }

  finish(): ClusteringMetrics {
    if (this.rows === 0) return { davies_bouldin_index: null, mean_squared_distance: null };
    const { centroids, k } = this.model.state;
    const d = centroids.length / k;
    const used: number[] = [];
    for (let c = 0; c < k; c++) if (this.count[c]! > 0) used.push(c);
    let db = 0;
    for (const i of used) {
      const si = this.distanceSum[i]! / this.count[i]!;
      let worst = 0;
      for (const j of used) {
        if (j === i) continue;
        let m = 0;
        for (let f = 0; f < d; f++) m += (centroids[i * d + f]! - centroids[j * d + f]!) ** 2;
        const ratio = (si + this.distanceSum[j]! / this.count[j]!) / Math.sqrt(m);
        worst = Math.max(worst, ratio);
      }
      db += worst;
    }
    return {
      davies_bouldin_index: used.length > 1 ? db / used.length : null,
      mean_squared_distance: this.squaredSum / this.rows,
    };
  }
}
