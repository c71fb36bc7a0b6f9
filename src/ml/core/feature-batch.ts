// Training and scoring input: column-major dense features plus sparse (CSR) blocks, labels and weights.

/**
 * Sparse features of a batch in CSR form: row i holds `indices[offsets[i] .. offsets[i+1])` (ascending,
 * below `dim`) with the matching `values`. Hashing TF, count vectors and wide one-hot encodings use it.
 */
export interface SparseBlock {
  readonly dim: number;
  /** rows + 1 entries; offsets[0] is 0. */
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * Features of `rows` rows. Feature j is `dense[j]` for j < dense.length; the sparse blocks' dimensions
 * follow in order. Dense columns are exactly the engine's f64 vectors, so batches are built without copying.
 */
export interface FeatureBatch {
  readonly rows: number;
  readonly dense: readonly Float64Array[];
  readonly sparse: readonly SparseBlock[];
}

/** A batch of training rows. */
export interface TrainingBatch extends FeatureBatch {
  /** Regression target, class index (0 … K-1) for classifiers, rating for matrix factorization. */
  readonly label: Float64Array | null;
  /** Row weights (class weights folded in); null means 1 for every row. */
  readonly weight: Float64Array | null;
  /**
   * Stable row numbers: row i is `rowIds[i]` when given, else `firstRow + i`. Per-row randomness (bagging,
   * sampling, data splits, folds) is a hash of (seed, row number), so a seed gives the same model however
   * the rows are partitioned, as long as each row keeps its number.
   */
  readonly firstRow: number;
  readonly rowIds?: Float64Array | null;
}

/** The stable number of row i of a batch. */
export function rowNumber(b: TrainingBatch, i: number): number {
  return b.rowIds ? b.rowIds[i]! : b.firstRow + i;
}

/** A batch of dense columns only. */
export function denseBatch(columns: readonly Float64Array[], rows = columns[0]?.length ?? 0): FeatureBatch {
  return { rows, dense: columns, sparse: [] };
}

/** A training batch of dense columns. */
export function denseTrainingBatch(
  columns: readonly Float64Array[],
  label: Float64Array | null,
  options: { weight?: Float64Array | null; firstRow?: number } = {},
): TrainingBatch {
  const rows = label?.length ?? columns[0]?.length ?? 0;
  return {
    rows,
    dense: columns,
    sparse: [],
    label,
    weight: options.weight ?? null,
    firstRow: options.firstRow ?? 0,
  };
}

/** Rows `[start, end)` of a training batch (views, no copies of dense data). */
export function sliceTrainingBatch(b: TrainingBatch, start: number, end: number): TrainingBatch {
  return {
    rows: end - start,
    dense: b.dense.map((c) => c.subarray(start, end)),
    sparse: b.sparse.map((s) => sliceSparse(s, start, end)),
    label: b.label?.subarray(start, end) ?? null,
    weight: b.weight?.subarray(start, end) ?? null,
    firstRow: b.firstRow + start,
    rowIds: b.rowIds?.subarray(start, end) ?? null,
  };
}

function sliceSparse(s: SparseBlock, start: number, end: number): SparseBlock {
  const from = s.offsets[start]!;
  const to = s.offsets[end]!;
  const offsets = new Int32Array(end - start + 1);
  for (let i = start; i <= end; i++) offsets[i - start] = s.offsets[i]! - from;
  return { dim: s.dim, offsets, indices: s.indices.subarray(from, to), values: s.values.subarray(from, to) };
}

/** Rows of a training batch chosen by `keep` (1 = keep), copied; rows keep their stable numbers. */
export function filterTrainingBatch(b: TrainingBatch, keep: Uint8Array): TrainingBatch {
  let n = 0;
  for (let i = 0; i < b.rows; i++) n += keep[i]!;
  const pick = new Int32Array(n);
  for (let i = 0, k = 0; i < b.rows; i++) if (keep[i]) pick[k++] = i;
  const take = (c: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = c[pick[k]!]!;
    return out;
  };
  const rowIds = new Float64Array(n);
  for (let k = 0; k < n; k++) rowIds[k] = rowNumber(b, pick[k]!);
  return {
    rows: n,
    dense: b.dense.map(take),
    sparse: b.sparse.map((s) => takeSparse(s, pick)),
    label: b.label ? take(b.label) : null,
    weight: b.weight ? take(b.weight) : null,
    firstRow: b.firstRow,
    rowIds,
  };
}

function takeSparse(s: SparseBlock, pick: Int32Array): SparseBlock {
  const offsets = new Int32Array(pick.length + 1);
  for (let k = 0; k < pick.length; k++) {
    const r = pick[k]!;
    offsets[k + 1] = offsets[k]! + s.offsets[r + 1]! - s.offsets[r]!;
  }
  const indices = new Int32Array(offsets[pick.length]!);
  const values = new Float64Array(indices.length);
  for (let k = 0; k < pick.length; k++) {
    const r = pick[k]!;
    indices.set(s.indices.subarray(s.offsets[r]!, s.offsets[r + 1]!), offsets[k]!);
    values.set(s.values.subarray(s.offsets[r]!, s.offsets[r + 1]!), offsets[k]!);
  }
  return { dim: s.dim, offsets, indices, values };
}
