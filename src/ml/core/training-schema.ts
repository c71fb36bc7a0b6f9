// What a trainer knows about its input besides the rows: feature names and sizes, the label and classes.

import type { FeatureBatch } from './feature-batch.js';
import { mlError } from './ml-error.js';

/** A sparse feature block: its name (the TRANSFORM alias), dimension and optional per-dimension names. */
export interface SparseFeature {
  readonly name: string;
  readonly dim: number;
  /** One name per dimension (one-hot categories); absent for hashed features, named `name[i]`. */
  readonly names?: readonly string[];
}

export interface TrainingSchema {
  /** Names of the dense feature columns, in batch order. */
  readonly dense: readonly string[];
  readonly sparse: readonly SparseFeature[];
  /** Label column name, for messages and output names; null for unsupervised models. */
  readonly label: string | null;
  /** Classifier labels in class-index order; empty for regression and unsupervised models. */
  readonly classes: readonly (string | number)[];
}

/** A schema of dense features only. */
export function denseSchema(
  dense: readonly string[],
  label: string | null = 'label',
  classes: readonly (string | number)[] = [],
): TrainingSchema {
  return { dense, sparse: [], label, classes };
}

/** Total feature dimension. */
export function schemaDimension(schema: TrainingSchema): number {
  return schema.dense.length + schema.sparse.reduce((s, b) => s + b.dim, 0);
}

/** One name per feature dimension: dense names, then `block[i]` or the block's own names. */
export function expandFeatureNames(schema: TrainingSchema): string[] {
  const names = [...schema.dense];
  for (const block of schema.sparse)
    for (let i = 0; i < block.dim; i++) names.push(block.names?.[i] ?? `${block.name}[${i}]`);
  return names;
}

/** The name of feature j, without building the whole list. */
export function featureName(schema: TrainingSchema, j: number): string {
  if (j < schema.dense.length) return schema.dense[j]!;
  let offset = schema.dense.length;
  for (const block of schema.sparse) {
    if (j < offset + block.dim) return block.names?.[j - offset] ?? `${block.name}[${j - offset}]`;
    offset += block.dim;
  }
  return `feature[${j}]`;
}

/** Checks a scoring or training batch has the layout of the schema the model was trained on. */
export function checkBatchLayout(batch: FeatureBatch, dense: number, sparseDims: readonly number[]): void {
  if (batch.dense.length !== dense)
    throw mlError(`the model takes ${dense} dense features, the input has ${batch.dense.length}`);
  if (batch.sparse.length !== sparseDims.length || batch.sparse.some((s, i) => s.dim !== sparseDims[i]))
    throw mlError(
      `the model takes sparse features of dimensions [${sparseDims.join(', ')}], the input has [${batch.sparse.map((s) => s.dim).join(', ')}]`,
    );
  for (const column of batch.dense)
    if (column.length < batch.rows) throw mlError('a feature column is shorter than the batch');
}
