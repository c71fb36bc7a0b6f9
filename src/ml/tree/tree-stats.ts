// Per-node statistics of tree growth and what they give: impurity gain of a split and the node's value.
// classification: K weighted class counts + row count (Gini impurity, Spark's default);
// regression: Σw, Σwy, Σwy², count (variance); boosting: Σg, Σh, count (XGBoost's second-order gain).

export type GrowTask = 'classification' | 'regression' | 'boosting';

export interface StatLayout {
  readonly task: GrowTask;
  /** Numbers per node or bin. */
  readonly size: number;
  /** Length of a node's value (class probabilities for classification, else 1). */
  readonly valueSize: number;
  /** Index of the row count within the stats. */
  readonly countIndex: number;
}

export function statLayout(task: GrowTask, numClasses: number): StatLayout {
  if (task === 'classification')
    return { task, size: numClasses + 1, valueSize: numClasses, countIndex: numClasses };
  if (task === 'regression') return { task, size: 4, valueSize: 1, countIndex: 3 };
  return { task, size: 3, valueSize: 1, countIndex: 2 };
}

/** Split-quality parameters that apply to stats. */
export interface SplitRules {
  readonly minRowsPerNode: number;
  /** Minimum gain (min_split_loss; XGBoost's gamma for boosting). */
  readonly minGain: number;
  /** L2 on boosting leaf weights (XGBoost's lambda). */
  readonly lambda: number;
  /** Minimum Σh in a boosting child (XGBoost's min_child_weight). */
  readonly minChildWeight: number;
}

/**
 * The part of a node that split gains are differences of: gain = score(left) + score(right) − score(parent).
 * Classification: Σ_k c_k² / w (Gini decrease times weight); regression: (Σwy)² / Σw (variance decrease
 * times weight); boosting: ½·G²/(H + λ) (XGBoost). Gains therefore add up over a tree, as importance needs.
 */
export function nodeScore(layout: StatLayout, lambda: number, s: Float64Array): number {
  if (layout.task === 'boosting') return (0.5 * s[0]! * s[0]!) / (s[1]! + lambda);
  if (layout.task === 'regression') return s[0]! > 0 ? (s[1]! * s[1]!) / s[0]! : 0;
  let w = 0;
  let sq = 0;
  for (let k = 0; k < layout.valueSize; k++) {
    w += s[k]!;
    sq += s[k]! * s[k]!;
  }
  return w > 0 ? sq / w : 0;
}

/** Whether both children satisfy min_rows_per_node (and min_tree_child_weight for boosting). */
export function childrenAllowed(
  layout: StatLayout,
  rules: SplitRules,
  l: Float64Array,
  r: Float64Array,
): boolean {
  const c = layout.countIndex;
  if (l[c]! < rules.minRowsPerNode || r[c]! < rules.minRowsPerNode) return false;
  if (layout.task === 'boosting') return l[1]! >= rules.minChildWeight && r[1]! >= rules.minChildWeight;
  return weightOf(layout, l) > 0 && weightOf(layout, r) > 0;
}

export function weightOf(layout: StatLayout, s: Float64Array): number {
  if (layout.task === 'regression') return s[0]!;
  if (layout.task === 'boosting') return s[1]!;
  let w = 0;
  for (let k = 0; k < layout.valueSize; k++) w += s[k]!;
  return w;
}

function impurity(layout: StatLayout, s: Float64Array, w: number): number {
  if (layout.task === 'regression') {
    const mean = s[1]! / w;
    return Math.max(0, s[2]! / w - mean * mean);
  }
  let sumSq = 0;
  for (let k = 0; k < layout.valueSize; k++) sumSq += (s[k]! / w) * (s[k]! / w);
  return 1 - sumSq;
}

/** True when no split can improve the node (one class, or constant target). */
export function isPure(layout: StatLayout, s: Float64Array): boolean {
  if (layout.task === 'boosting') return false;
  const w = weightOf(layout, s);
  if (!(w > 0)) return true;
  return impurity(layout, s, w) <= 1e-12;
}

/** A node's value: class probabilities, mean target, or the Newton step −G/(H+λ). */
export function nodeValue(
  layout: StatLayout,
  rules: SplitRules,
  s: Float64Array,
  out: Float64Array,
  at: number,
): void {
  if (layout.task === 'boosting') {
    out[at] = -s[0]! / (s[1]! + rules.lambda);
    return;
  }
  const w = weightOf(layout, s);
  if (layout.task === 'regression') {
    out[at] = w > 0 ? s[1]! / w : 0;
    return;
  }
  for (let k = 0; k < layout.valueSize; k++) out[at + k] = w > 0 ? s[k]! / w : 1 / layout.valueSize;
}
