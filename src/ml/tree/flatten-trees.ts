// Joins grown trees into one set of flat node arrays, turning split bins into value thresholds.

import type { GrownTree } from './tree-grower.js';

export interface FlatTrees {
  readonly treeStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly gain: Float64Array;
  readonly weight: Float64Array;
}

/** Flattens trees; `scale` multiplies every value (boosting's learning rate). */
export function flattenTrees(
  trees: readonly GrownTree[],
  thresholds: readonly Float64Array[],
  valueSize: number,
  scale = 1,
): FlatTrees {
  const total = trees.reduce((s, t) => s + t.feature.length, 0);
  const out = {
    treeStart: new Int32Array(trees.length + 1),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total * valueSize),
    gain: new Float64Array(total),
    weight: new Float64Array(total),
  };
  let at = 0;
  trees.forEach((t, index) => {
    out.treeStart[index] = at;
    for (let node = 0; node < t.feature.length; node++) {
      const f = t.feature[node]!;
      out.feature[at + node] = f;
      out.threshold[at + node] = f >= 0 ? thresholds[f]![t.bin[node]!]! : 0;
      out.left[at + node] = f >= 0 ? at + t.left[node]! : -1;
      out.right[at + node] = f >= 0 ? at + t.right[node]! : -1;
      out.gain[at + node] = t.gain[node]!;
      out.weight[at + node] = t.weight[node]!;
      for (let k = 0; k < valueSize; k++)
        out.value[(at + node) * valueSize + k] = t.value[node * valueSize + k]! * scale;
    }
    at += t.feature.length;
  });
  out.treeStart[trees.length] = at;
  return out;
}
