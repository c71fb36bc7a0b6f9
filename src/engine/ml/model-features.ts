// From leaf columns to what a model reads: the TRANSFORM program applied, the feature outputs assembled
// into a feature batch (VectorAssembler), the label and split outputs kept aside, and handle_invalid
// applied to NULL features ('error' names the column, 'skip' marks the row, 'keep' reads NULL as 0).

import { assembleFeatures, type FeatureBatch, type MlColumn, type SparseFeature } from '../../ml/index.js';
import { LarchError, SqlState } from '../errors.js';
import type { ProgramItem, ProgramRunner } from './transform-program.js';

export interface ModelRows {
  readonly batch: FeatureBatch;
  /** The label output; null when not asked for or the model has none. */
  readonly label: MlColumn | null;
  readonly split: MlColumn | null;
  /** 1 for rows handle_invalid = 'skip' drops. */
  readonly skip: Uint8Array;
  /** Feature names of the dense columns and the sparse blocks, in batch order. */
  readonly denseNames: readonly string[];
  readonly sparseNames: readonly SparseFeature[];
}

export interface RowLayout {
  readonly features: readonly string[];
  readonly label: string | null;
  readonly splitColumn: string | null;
  readonly handleInvalid: 'error' | 'skip' | 'keep';
}

function item(runner: ProgramRunner, alias: string): ProgramItem {
  const found = runner.program.items.find((i) => i.alias === alias);
  if (found === undefined) throw new LarchError(SqlState.undefinedColumn, `column "${alias}" does not exist`);
  return found;
}

/** Leaf indexes the given outputs read. */
export function leavesOf(runner: ProgramRunner, aliases: readonly string[]): Set<number> {
  const out = new Set<number>();
  const visit = (n: ProgramItem['node']): void => {
    if (n.op === 'leaf') out.add(n.leaf);
    else n.args.forEach(visit);
  };
  for (const a of aliases) visit(item(runner, a).node);
  return out;
}

/** Applies the program to one batch of leaf columns (`leaves[i]` for leaf i; unused ones may be absent). */
export function modelRows(
  runner: ProgramRunner,
  layout: RowLayout,
  leaves: readonly MlColumn[],
  rows: number,
  withLabel: boolean,
): ModelRows {
  const skip = new Uint8Array(rows);
  const run = (alias: string): MlColumn => {
    const policy = { column: alias, handleInvalid: layout.handleInvalid, skip };
    return runner.evaluate(item(runner, alias).node, leaves, policy)!;
  };
  const outputs = layout.features.map((name) => ({ name, column: run(name) }));
  const assembled = assembleFeatures(outputs, rows);
  // Columns may be the engine's own vectors: NULLs are replaced in a copy.
  const dense = assembled.batch.dense.map((column, j) => {
    if (!Number.isNaN(sumOf(column, rows))) return column;
    let fixed: Float64Array | null = null;
    for (let i = 0; i < rows; i++) {
      if (!Number.isNaN(column[i]!)) continue;
      if (layout.handleInvalid === 'error')
        throw new LarchError(SqlState.nullValueNotAllowed, `feature "${assembled.dense[j]}" is NULL or NaN`, {
          hint: "Impute it (ML.IMPUTE), filter the rows, or set handle_invalid = 'skip' or 'keep'.",
        });
      if (layout.handleInvalid === 'skip') skip[i] = 1;
      fixed ??= Float64Array.from(column.subarray(0, rows));
      fixed[i] = 0;
    }
    return fixed ?? column;
  });
  const label = withLabel && layout.label !== null ? run(layout.label) : null;
  const split = withLabel && layout.splitColumn !== null ? run(layout.splitColumn) : null;
  return {
    batch: { ...assembled.batch, dense },
    label,
    split,
    skip,
    denseNames: assembled.dense,
    sparseNames: assembled.sparse,
  };
}

/** Σ column[0 … rows): NaN exactly when a value is NaN (or both infinities occur); four running sums. */
function sumOf(column: Float64Array, rows: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    s0 += column[i]!;
    s1 += column[i + 1]!;
    s2 += column[i + 2]!;
    s3 += column[i + 3]!;
  }
  for (; i < rows; i++) s0 += column[i]!;
  return s0 + s1 + s2 + s3;
}
