// What TRANSFORM functions consume and produce: a column of numbers, strings, token lists, a dense vector
// block or a sparse vector block, plus the fitted-transform protocol (update, merge, finish, apply, JSON).

import type { SparseBlock } from '../core/feature-batch.js';
import { mlError } from '../core/ml-error.js';

export type MlColumn =
  /** NaN is NULL. */
  | { readonly kind: 'number'; readonly values: Float64Array }
  | { readonly kind: 'string'; readonly values: readonly (string | null)[] }
  | { readonly kind: 'tokens'; readonly values: readonly (readonly string[] | null)[] }
  /** A dense vector per row: one Float64Array per dimension, with a name per dimension. */
  | { readonly kind: 'vector'; readonly columns: readonly Float64Array[]; readonly names: readonly string[] }
  | { readonly kind: 'sparse'; readonly block: SparseBlock; readonly names?: readonly string[] };

export type HandleInvalid = 'error' | 'skip' | 'keep';

/** How a transform treats NULL, NaN and unseen values, and where it marks rows to drop ('skip'). */
export interface InvalidPolicy {
  /** The column or alias, for messages. */
  readonly column: string;
  readonly handleInvalid: HandleInvalid;
  /** skip[i] = 1 drops row i; transforms set it under 'skip'. */
  readonly skip: Uint8Array;
}

/** A transform fitted on the training split (OVER ()), replayed identically at prediction time. */
export interface FittedTransform {
  readonly kind: string;
  apply(input: MlColumn, policy: InvalidPolicy): MlColumn;
  /** JSON-safe state; `kind` selects the reader (transform/fitted-transform-codec.ts). */
  toJSON(): { readonly kind: string } & Record<string, unknown>;
}

/** Accumulates training values of one transform per partition, like an aggregate state. */
export interface TransformFitter {
  update(input: MlColumn): void;
  merge(other: this): void;
  finish(): FittedTransform;
}

/** The input as a given kind, or an error naming the function and column. */
export function expectKind<K extends MlColumn['kind']>(
  c: MlColumn,
  kind: K,
  fn: string,
  column: string,
): Extract<MlColumn, { kind: K }> {
  if (c.kind !== kind) throw mlError(`${fn} expects ${kind} input, "${column}" is ${c.kind}`);
  return c as Extract<MlColumn, { kind: K }>;
}

/** Applies handle_invalid to row i: 'error' throws naming the column, 'skip' marks the row to drop. */
export function onInvalid(policy: InvalidPolicy, i: number, what: string): void {
  if (policy.handleInvalid === 'error')
    throw mlError(
      `column "${policy.column}": ${what}`,
      "set handle_invalid = 'skip' or 'keep', or impute the column",
    );
  if (policy.handleInvalid === 'skip') policy.skip[i] = 1;
}

/** Numbers or strings as category strings (numbers in shortest round-trip form). */
export function categoriesOf(c: MlColumn, fn: string, column: string): readonly (string | null)[] {
  if (c.kind === 'string') return c.values;
  if (c.kind === 'number') return Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
  throw mlError(`${fn} expects a string or number column, "${column}" is ${c.kind}`);
}
