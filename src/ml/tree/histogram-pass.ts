// One level pass of tree growth: every row is routed down every tree (resuming where the previous pass left
// it) and, when it lands in an open node of the group, adds its statistics to that node's per-feature bin
// histograms. States merge by adding histograms.

import type { TrainingBatch } from '../core/feature-batch.js';
import type { PassState, TrainingPass } from '../core/training-pass.js';
import type { BinnedBatches } from './binned-batches.js';
import type { StatLayout } from './tree-stats.js';

/** Row positions (row × tree node indices) kept between passes (128 MB); beyond, rows walk from the root. */
const POSITION_BUDGET = 1 << 25;

/** The node each row reached in each tree, per batch, so a pass routes rows through new splits only. */
export class RowPositions {
  private readonly cache = new WeakMap<TrainingBatch, Int32Array[]>();
  private used = 0;

  of(batch: TrainingBatch, tree: number): Int32Array | null {
    let perTree = this.cache.get(batch);
    if (!perTree) this.cache.set(batch, (perTree = []));
    let positions = perTree[tree];
    if (positions) return positions;
    if (this.used + batch.rows > POSITION_BUDGET) return null;
    this.used += batch.rows;
    positions = perTree[tree] = new Int32Array(batch.rows);
    return positions;
  }
}

/** Per-row inputs of one tree for one batch. */
export interface RowBuffers {
  /** Class index (classification), target (regression) or gradient (boosting). */
  readonly a: Float64Array;
  /** Hessian (boosting). */
  readonly b: Float64Array;
  /** Weight including the row's bagging multiplicity; rows with count 0 are skipped. */
  readonly w: Float64Array;
  /** Multiplicity of the row in the tree's sample (0 = out of bag). */
  readonly c: Float64Array;
}

export interface RowTargets {
  fill(batch: TrainingBatch, tree: number, out: RowBuffers): void;
}

/** An open node: a tree's node waiting for its split, with the features it may split on. */
export interface OpenNode {
  readonly tree: number;
  readonly node: number;
  readonly features: Int32Array;
}

/** A tree's current structure as typed arrays for routing, with the group slot of each open node. */
export interface TreeRouting {
  readonly tree: number;
  readonly active: boolean;
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly slot: Int32Array;
}

/** Histograms of one group of open nodes: slot × feature-in-subset × bin × stat. */
export class HistogramState implements PassState {
  readonly hist: Float64Array;
  private readonly slotStride: number;
  private readonly featureStride: number;
  private buffers: RowBuffers = {
    a: new Float64Array(0),
    b: new Float64Array(0),
    w: new Float64Array(0),
    c: new Float64Array(0),
  };

  constructor(
    private readonly layout: StatLayout,
    private readonly trees: readonly TreeRouting[],
    private readonly group: readonly OpenNode[],
    private readonly targets: RowTargets,
    private readonly binned: BinnedBatches,
    private readonly positions: RowPositions,
  ) {
    this.featureStride = binned.maxBins * layout.size;
    let maxFeatures = 0;
    for (const o of group) maxFeatures = Math.max(maxFeatures, o.features.length);
    this.slotStride = maxFeatures * this.featureStride;
    this.hist = new Float64Array(group.length * this.slotStride);
  }

  update(batch: TrainingBatch): void {
    const n = batch.rows;
    if (this.buffers.a.length < n)
      this.buffers = {
        a: new Float64Array(n),
        b: new Float64Array(n),
        w: new Float64Array(n),
        c: new Float64Array(n),
      };
    const bins = this.binned.of(batch);
    const { a, b, w, c } = this.buffers;
    const hist = this.hist;
    const size = this.layout.size;
    const task = this.layout.task;
    const countIndex = this.layout.countIndex;
    for (const route of this.trees) {
      if (!route.active) continue;
      this.targets.fill(batch, route.tree, this.buffers);
      const { feature, bin, left, right, slot } = route;
      const at = this.positions.of(batch, route.tree);
      for (let i = 0; i < n; i++) {
        const ci = c[i]!;
        if (ci === 0) continue;
        // Resume from the row's node of the previous pass: it moves down only through new splits.
        let node = at ? at[i]! : 0;
        while (feature[node]! >= 0)
          node = bins[feature[node]!]![i]! <= bin[node]! ? left[node]! : right[node]!;
        if (at) at[i] = node;
        const s = slot[node]!;
        if (s < 0) continue;
        const features = this.group[s]!.features;
        const wi = w[i]!;
        const base = s * this.slotStride;
        if (task === 'classification') {
          const cls = a[i]!;
          for (let q = 0; q < features.length; q++) {
            const at = base + q * this.featureStride + bins[features[q]!]![i]! * size;
            hist[at + cls]! += wi;
            hist[at + countIndex]! += ci;
          }
        } else if (task === 'regression') {
          const y = a[i]!;
          for (let q = 0; q < features.length; q++) {
            const at = base + q * this.featureStride + bins[features[q]!]![i]! * size;
            hist[at]! += wi;
            hist[at + 1]! += wi * y;
            hist[at + 2]! += wi * y * y;
            hist[at + 3]! += ci;
          }
        } else {
          const g = wi * a[i]!;
          const h = wi * b[i]!;
          for (let q = 0; q < features.length; q++) {
            const at = base + q * this.featureStride + bins[features[q]!]![i]! * size;
            hist[at]! += g;
            hist[at + 1]! += h;
            hist[at + 2]! += ci;
          }
        }
      }
    }
  }

  merge(other: HistogramState): void {
    for (let k = 0; k < this.hist.length; k++) this.hist[k]! += other.hist[k]!;
  }

  /** Offset of the histogram of feature q (of the node's subset) of a slot. */
  offset(slot: number, q: number): number {
    return slot * this.slotStride + q * this.featureStride;
  }

  /** The node's total: its stats summed over the bins of its first feature. */
  nodeTotal(slot: number): Float64Array {
    const size = this.layout.size;
    const total = new Float64Array(size);
    const f = this.group[slot]!.features[0];
    const bins = f === undefined ? 0 : this.binned.thresholds[f]!.length + 1;
    const base = this.offset(slot, 0);
    for (let at = base; at < base + bins * size; at += size)
      for (let k = 0; k < size; k++) total[k]! += this.hist[at + k]!;
    return total;
  }
}

export function histogramPass(
  name: string,
  layout: StatLayout,
  trees: readonly TreeRouting[],
  group: readonly OpenNode[],
  targets: RowTargets,
  binned: BinnedBatches,
  positions: RowPositions,
): TrainingPass<HistogramState> {
  return { name, create: () => new HistogramState(layout, trees, group, targets, binned, positions) };
}
