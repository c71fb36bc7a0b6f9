// Grows a set of trees level by level from histograms (histogram-pass.ts), choosing splits from the merged
// histograms (split-finder.ts). Open nodes are processed in groups that fit a memory budget, as Spark does.

import { SeededRandom } from '../core/seeded-random.js';
import { type Fitting, runPass } from '../core/training-pass.js';
import type { BinnedBatches } from './binned-batches.js';
import {
  histogramPass,
  type OpenNode,
  RowPositions,
  type RowTargets,
  type TreeRouting,
} from './histogram-pass.js';
import { bestSplit, canSplit } from './split-finder.js';
import { nodeValue, type SplitRules, type StatLayout } from './tree-stats.js';

export type { RowBuffers, RowTargets } from './histogram-pass.js';

/** Histogram numbers per pass (64 MB). */
const HISTOGRAM_BUDGET = 1 << 23;

export interface GrowSpec {
  readonly layout: StatLayout;
  readonly rules: SplitRules;
  readonly maxDepth: number;
  readonly featuresPerNode: number;
  readonly seed: number;
  /** Distinguishes the feature draws of boosting rounds. */
  readonly stream: number;
}

/** A grown tree: split feature (−1 for leaves), split bin, children, per-node values and gains. */
export interface GrownTree {
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** valueSize numbers per node. */
  readonly value: Float64Array;
  /** Split gain per node (0 for leaves). */
  readonly gain: Float64Array;
  /** Training weight per node. */
  readonly weight: Float64Array;
}

class Builder {
  feature: number[] = [-1];
  bin: number[] = [0];
  left: number[] = [-1];
  right: number[] = [-1];
  depth: number[] = [0];
  stats: (Float64Array | null)[] = [null];
  gain: number[] = [0];

  add(depth: number, stats: Float64Array): number {
    this.feature.push(-1);
    this.bin.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.depth.push(depth);
    this.stats.push(stats);
    this.gain.push(0);
    return this.feature.length - 1;
  }
}

export function* growTrees(
  spec: GrowSpec,
  numTrees: number,
  targets: RowTargets,
  binned: BinnedBatches,
): Fitting<GrownTree[]> {
  const builders = Array.from({ length: numTrees }, () => new Builder());
  const numFeatures = binned.thresholds.length;
  // Open nodes, processed first in first out (level by level) from `head`.
  const open: OpenNode[] = builders.map((_, t) => ({
    tree: t,
    node: 0,
    features: pickFeatures(spec, numFeatures, t, 0),
  }));
  let head = 0;
  const positions = new RowPositions();
  const slotSize = (o: OpenNode): number => o.features.length * binned.maxBins * spec.layout.size;
  while (head < open.length) {
    const group: OpenNode[] = [];
    let used = 0;
    while (head < open.length && (group.length === 0 || used + slotSize(open[head]!) <= HISTOGRAM_BUDGET)) {
      used += slotSize(open[head]!);
      group.push(open[head++]!);
    }
    const pass = histogramPass(
      levelName(builders, group),
      spec.layout,
      routingOf(builders, group),
      group,
      targets,
      binned,
      positions,
    );
    const state = yield* runPass(pass);
    for (let s = 0; s < group.length; s++) {
      const o = group[s]!;
      const b = builders[o.tree]!;
      const total = state.nodeTotal(s);
      if (b.stats[o.node] === null) b.stats[o.node] = total;
      const split = bestSplit(spec.layout, spec.rules, state, s, o.features, total, binned);
      if (!split) continue;
      b.feature[o.node] = split.feature;
      b.bin[o.node] = split.bin;
      b.gain[o.node] = split.gain;
      const depth = b.depth[o.node]! + 1;
      const l = b.add(depth, split.left);
      const r = b.add(depth, split.right);
      b.left[o.node] = l;
      b.right[o.node] = r;
      for (const child of [l, r])
        if (depth < spec.maxDepth && canSplit(spec.layout, spec.rules, b.stats[child]!))
          open.push({ tree: o.tree, node: child, features: pickFeatures(spec, numFeatures, o.tree, child) });
    }
  }
  return builders.map((b) => finish(spec, b));
}

/** The features a node may split on: all, or a seeded random subset (random forests). */
function pickFeatures(spec: GrowSpec, numFeatures: number, tree: number, node: number): Int32Array {
  if (spec.featuresPerNode >= numFeatures) return Int32Array.from({ length: numFeatures }, (_, f) => f);
  const rng = new SeededRandom(spec.seed, ((spec.stream * 7919 + tree) * 1_000_003 + node) | 0);
  return rng.sample(numFeatures, spec.featuresPerNode);
}

function finish(spec: GrowSpec, b: Builder): GrownTree {
  const n = b.feature.length;
  const { layout, rules } = spec;
  const value = new Float64Array(n * layout.valueSize);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = b.stats[i] ?? new Float64Array(layout.size);
    nodeValue(layout, rules, s, value, i * layout.valueSize);
    weight[i] = s[layout.countIndex]!;
  }
  return {
    feature: Int32Array.from(b.feature),
    bin: Int32Array.from(b.bin),
    left: Int32Array.from(b.left),
    right: Int32Array.from(b.right),
    value,
    gain: Float64Array.from(b.gain),
    weight,
  };
}

/** Each tree's structure as typed arrays for routing, with the group slot of each open node. */
function routingOf(builders: readonly Builder[], group: readonly OpenNode[]): TreeRouting[] {
  const active = new Set(group.map((o) => o.tree));
  const trees = builders.map((b, t) => ({
    tree: t,
    active: active.has(t),
    feature: Int32Array.from(b.feature),
    bin: Int32Array.from(b.bin),
    left: Int32Array.from(b.left),
    right: Int32Array.from(b.right),
    slot: new Int32Array(b.feature.length).fill(-1),
  }));
  group.forEach((o, s) => (trees[o.tree]!.slot[o.node] = s));
  return trees;
}

function levelName(builders: readonly Builder[], group: readonly OpenNode[]): string {
  return `tree level ${builders[group[0]!.tree]!.depth[group[0]!.node]!}`;
}
