// Split finding from merged histograms: for each feature of the node, a prefix sum over bins gives every
// candidate split's children; the best gain above min_split_loss wins (first feature and bin on ties).

import type { BinnedBatches } from './binned-batches.js';
import type { HistogramState } from './histogram-pass.js';
import {
  childrenAllowed,
  isPure,
  nodeScore,
  type SplitRules,
  type StatLayout,
  weightOf,
} from './tree-stats.js';

/** Whether a node may split at all: enough rows for two children and not pure. */
export function canSplit(layout: StatLayout, rules: SplitRules, stats: Float64Array): boolean {
  return stats[layout.countIndex]! >= 2 * rules.minRowsPerNode && !isPure(layout, stats);
}

export interface Split {
  readonly feature: number;
  readonly bin: number;
  readonly gain: number;
  readonly left: Float64Array;
  readonly right: Float64Array;
}

export function bestSplit(
  layout: StatLayout,
  rules: SplitRules,
  state: HistogramState,
  slot: number,
  features: Int32Array,
  total: Float64Array,
  binned: BinnedBatches,
): Split | null {
  const size = layout.size;
  if (!canSplit(layout, rules, total)) return null;
  const left = new Float64Array(size);
  const right = new Float64Array(size);
  // min_split_loss is XGBoost's gamma for boosting and Spark's minInfoGain (per unit weight) otherwise.
  const w = weightOf(layout, total);
  const threshold = Math.max(layout.task === 'boosting' ? rules.minGain : rules.minGain * w, 1e-12 * w);
  const parent = nodeScore(layout, rules.lambda, total);
  let bestGain = threshold;
  let bestQ = -1;
  let bestBin = -1;
  const hist = state.hist;
  for (let q = 0; q < features.length; q++) {
    const bins = binned.thresholds[features[q]!]!.length + 1;
    const base = state.offset(slot, q);
    left.fill(0);
    for (let bin = 0; bin < bins - 1; bin++) {
      const at = base + bin * size;
      // An empty bin leaves the split where the previous bin put it.
      if (hist[at + layout.countIndex] === 0) continue;
      for (let k = 0; k < size; k++) {
        left[k]! += hist[at + k]!;
        right[k] = total[k]! - left[k]!;
      }
      if (!childrenAllowed(layout, rules, left, right)) continue;
      const gain = nodeScore(layout, rules.lambda, left) + nodeScore(layout, rules.lambda, right) - parent;
      if (gain > bestGain) {
        bestGain = gain;
        bestQ = q;
        bestBin = bin;
      }
    }
  }
  if (bestQ < 0) return null;
  left.fill(0);
  const base = state.offset(slot, bestQ);
  for (let bin = 0; bin <= bestBin; bin++)
    for (let k = 0; k < size; k++) left[k]! += hist[base + bin * size + k]!;
  for (let k = 0; k < size; k++) right[k] = total[k]! - left[k]!;
  return { feature: features[bestQ]!, bin: bestBin, gain: bestGain, left, right };
}
