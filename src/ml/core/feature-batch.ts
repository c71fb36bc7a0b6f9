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

/** Where copies of batch arrays are made. */
export interface ArrayAllocator {
  float64(length: number): Float64Array;
  int32(length: number): Int32Array;
}

export const HEAP_ARRAYS: ArrayAllocator = {
  float64: (n) => new Float64Array(n),
  int32: (n) => new Int32Array(n),
};

/** Arrays in shared memory, which worker threads read without a copy. */
export const SHARED_ARRAYS: ArrayAllocator = {
  float64: (n) => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT)),
  int32: (n) => new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT)),
};

/** Rows of a training batch chosen by `keep` (1 = keep), copied; rows keep their stable numbers. */
export function filterTrainingBatch(
  b: TrainingBatch,
  keep: Uint8Array,
  arrays: ArrayAllocator = HEAP_ARRAYS,
): TrainingBatch {
  let n = 0;
  for (let i = 0; i < b.rows; i++) n += keep[i]!;
  // One slot more than kept: the branch-free loop writes past the last kept row.
  const pick = new Int32Array(n + 1);
  for (let i = 0, k = 0; i < b.rows; i++) {
    pick[k] = i;
    k += keep[i]!;
  }
  const take = (c: Float64Array): Float64Array => gather(c, pick, arrays.float64(n));
  const rowIds = arrays.float64(n);
  if (b.rowIds) gather(b.rowIds, pick, rowIds);
  else for (let k = 0; k < n; k++) rowIds[k] = b.firstRow + pick[k]!;
  return {
    rows: n,
    dense: b.dense.map(take),
    sparse: b.sparse.map((s) => takeSparse(s, pick.subarray(0, n), arrays)),
    label: b.label ? take(b.label) : null,
    weight: b.weight ? take(b.weight) : null,
    firstRow: b.firstRow,
    rowIds,
  };
}

/** out[k] = c[pick[k]] for every k of out. */
function gather(c: Float64Array, pick: Int32Array, out: Float64Array): Float64Array {
  for (let k = 0; k < out.length; k++) out[k] = c[pick[k]!]!;
  return out;
}

function takeSparse(s: SparseBlock, pick: Int32Array, arrays: ArrayAllocator): SparseBlock {
  const offsets = arrays.int32(pick.length + 1);
  for (let k = 0; k < pick.length; k++) {
    const r = pick[k]!;
    offsets[k + 1] = offsets[k]! + s.offsets[r + 1]! - s.offsets[r]!;
  }
  const indices = arrays.int32(offsets[pick.length]!);
  const values = arrays.float64(indices.length);
  for (let k = 0; k < pick.length; k++) {
    const r = pick[k]!;
    indices.set(s.indices.subarray(s.offsets[r]!, s.offsets[r + 1]!), offsets[k]!);
    values.set(s.values.subarray(s.offsets[r]!, s.offsets[r + 1]!), offsets[k]!);
  }
  return { dim: s.dim, offsets, indices, values };
}
