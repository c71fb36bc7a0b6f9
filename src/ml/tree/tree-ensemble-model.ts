// Fitted tree models (decision trees, random forests, boosted trees) as flat node arrays over all trees:
// averaged leaf values (forests) or a base score plus summed leaf values (boosting) per output.

import { denseView } from '../core/dense-view.js';
import type { FeatureBatch } from '../core/feature-batch.js';
import type {
  ImportanceRow,
  IterationInfo,
  Model,
  ModelArtifact,
  ModelType,
  Prediction,
  PredictOptions,
} from '../core/model.js';
import { mlError } from '../core/ml-error.js';
import { checkBatchLayout, expandFeatureNames, type TrainingSchema } from '../core/training-schema.js';
import { softmaxColumns } from '../linear/linear-model.js';

export interface TreeEnsembleState {
  readonly modelType: ModelType;
  readonly schema: TrainingSchema;
  /** 'average': forests (leaf values are means or class probabilities); 'boosted': base + Σ leaves. */
  readonly combine: 'average' | 'boosted';
  /** Numbers per node value: K class probabilities (averaged classifiers) or 1. */
  readonly valueSize: number;
  /** Boosting: trees per round (K for multiclass, else 1); tree t adds to output t mod outputs. */
  readonly outputs: number;
  /** Node range of tree t: [treeStart[t], treeStart[t+1]). */
  readonly treeStart: Int32Array;
  /** Split feature per node, −1 for leaves; children are absolute node indices. */
  readonly feature: Int32Array;
  /** A row goes left when x[feature] ≤ threshold. */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Split gain and training weight per node (feature importance, EXPLAIN). */
  readonly gain: Float64Array;
  readonly weight: Float64Array;
  /** Boosting's starting margin per output. */
  readonly baseScore: Float64Array;
  readonly trainingInfo: readonly IterationInfo[];
}

export class TreeEnsembleModel implements Model {
  readonly task: 'regression' | 'classification';
  private names: string[] | null = null;

  constructor(readonly state: TreeEnsembleState) {
    this.task = state.schema.classes.length > 0 ? 'classification' : 'regression';
  }

  get modelType(): ModelType {
    return this.state.modelType;
  }

  get featureNames(): readonly string[] {
    return (this.names ??= expandFeatureNames(this.state.schema));
  }

  get classes(): readonly (string | number)[] {
    return this.state.schema.classes;
  }

  get trainingInfo(): readonly IterationInfo[] {
    return this.state.trainingInfo;
  }

  get numTrees(): number {
    return this.state.treeStart.length - 1;
  }

  predict(batch: FeatureBatch, options: PredictOptions = {}): Prediction {
    const s = this.state;
    checkBatchLayout(
      batch,
      s.schema.dense.length,
      s.schema.sparse.map((b) => b.dim),
    );
    const x = denseView(s.schema, s.modelType)(batch);
    const n = batch.rows;
    const k = s.schema.classes.length;
    const leaves = this.leafIndices(x, n);
    if (s.combine === 'average') {
      const size = s.valueSize;
      const sums = Array.from({ length: size }, () => new Float64Array(n));
      for (let t = 0; t < this.numTrees; t++) {
        const leaf = leaves[t]!;
        for (let c = 0; c < size; c++) {
          const out = sums[c]!;
          for (let i = 0; i < n; i++) out[i]! += s.value[leaf[i]! * size + c]!;
        }
      }
      const scale = 1 / this.numTrees;
      for (const column of sums) for (let i = 0; i < n; i++) column[i]! *= scale;
      if (k === 0) return { kind: 'value', value: sums[0]! };
      return { kind: 'class', classIndex: argmax(sums, n, options.threshold), probabilities: sums };
    }
    const margins = Array.from({ length: s.outputs }, (_, o) => new Float64Array(n).fill(s.baseScore[o]!));
    for (let t = 0; t < this.numTrees; t++) {
      const leaf = leaves[t]!;
      const out = margins[t % s.outputs]!;
      for (let i = 0; i < n; i++) out[i]! += s.value[leaf[i]!]!;
    }
    if (k === 0) return { kind: 'value', value: margins[0]! };
    const classIndex = new Int32Array(n);
    if (k === 2) {
      const p1 = margins[0]!;
      const p0 = new Float64Array(n);
      const threshold = checkThreshold(options.threshold);
      for (let i = 0; i < n; i++) {
        p1[i] = 1 / (1 + Math.exp(-p1[i]!));
        p0[i] = 1 - p1[i]!;
        classIndex[i] = p1[i]! > threshold ? 1 : 0;
      }
      return { kind: 'class', classIndex, probabilities: [p0, p1] };
    }
    if (options.threshold !== undefined) throw mlError('threshold applies to binary classifiers only');
    softmaxColumns(margins, n, classIndex);
    return { kind: 'class', classIndex, probabilities: margins };
  }

  /** Leaf node of every row in every tree. */
  private leafIndices(x: readonly Float64Array[], n: number): Int32Array[] {
    const { treeStart, feature, threshold, left, right } = this.state;
    const out: Int32Array[] = [];
    for (let t = 0; t < this.numTrees; t++) {
      const root = treeStart[t]!;
      const leaf = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          node = x[f]![i]! <= threshold[node]! ? left[node]! : right[node]!;
          f = feature[node]!;
        }
        leaf[i] = node;
      }
      out.push(leaf);
    }
    return out;
  }

  /** Gain importance (normalized per tree, summed, normalized, as Spark) and split counts. */
  featureImportance(): ImportanceRow[] {
    const { treeStart, feature, gain } = this.state;
    const names = this.featureNames;
    const total = new Float64Array(names.length);
    const splits = new Float64Array(names.length);
    for (let t = 0; t < this.numTrees; t++) {
      const tree = new Float64Array(names.length);
      let sum = 0;
      for (let node = treeStart[t]!; node < treeStart[t + 1]!; node++) {
        const f = feature[node]!;
        if (f < 0) continue;
        tree[f]! += gain[node]!;
        splits[f]!++;
        sum += gain[node]!;
      }
      if (sum > 0) for (let f = 0; f < names.length; f++) total[f]! += tree[f]! / sum;
    }
    const sum = total.reduce((a, b) => a + b, 0);
    return names.map((feature, f) => ({
      feature,
      importanceGain: sum > 0 ? total[f]! / sum : 0,
      importanceWeight: splits[f]!,
    }));
  }

  toArtifact(): ModelArtifact {
    const s = this.state;
    return {
      modelType: s.modelType,
      params: {
        schema: s.schema,
        combine: s.combine,
        valueSize: s.valueSize,
        outputs: s.outputs,
        trainingInfo: s.trainingInfo,
      },
      buffers: {
        treeStart: s.treeStart,
        feature: s.feature,
        threshold: s.threshold,
        left: s.left,
        right: s.right,
        value: s.value,
        gain: s.gain,
        weight: s.weight,
        baseScore: s.baseScore,
      },
    };
  }

  static fromArtifact(a: ModelArtifact): TreeEnsembleModel {
    const p = a.params as unknown as Pick<
      TreeEnsembleState,
      'schema' | 'combine' | 'valueSize' | 'outputs' | 'trainingInfo'
    >;
    const b = a.buffers;
    return new TreeEnsembleModel({
      ...p,
      modelType: a.modelType,
      treeStart: b.treeStart as Int32Array,
      feature: b.feature as Int32Array,
      threshold: b.threshold as Float64Array,
      left: b.left as Int32Array,
      right: b.right as Int32Array,
      value: b.value as Float64Array,
      gain: b.gain as Float64Array,
      weight: b.weight as Float64Array,
      baseScore: b.baseScore as Float64Array,
    });
  }
}

function checkThreshold(threshold: number | undefined): number {
  const t = threshold ?? 0.5;
  if (!(t >= 0 && t <= 1)) throw mlError(`threshold must be in [0, 1], got ${t}`);
  return t;
}

/** Most probable class per row; for two classes, class 1 when its probability exceeds the threshold. */
function argmax(columns: readonly Float64Array[], n: number, threshold: number | undefined): Int32Array {
  const out = new Int32Array(n);
  if (columns.length === 2) {
    const t = checkThreshold(threshold);
    for (let i = 0; i < n; i++) out[i] = columns[1]![i]! > t ? 1 : 0;
    return out;
  }
  if (threshold !== undefined) throw mlError('threshold applies to binary classifiers only');
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < columns.length; c++) if (columns[c]![i]! > columns[best]![i]!) best = c;
    out[i] = best;
  }
  return out;
}
