// What the calling thread sends a worker to run a plan fragment, and what comes back.

import type { Scalar } from '../columnar/vector.js';
import type { Batch } from '../columnar/batch.js';
import type { PartialGroups } from '../physical/operators/hash-aggregate.js';
import type { OperatorMetrics } from './task-context.js';
import { LarchError, toLarchError } from '../engine/errors.js';

/** The statement context a worker needs to evaluate expressions as the calling thread would. */
export interface WireEvalContext {
  readonly timeZone: string;
  readonly transactionTime: number;
  readonly statementTime: number;
  readonly settings: readonly (readonly [string, string])[];
  readonly currentUser: string;
  readonly database: string;
}

export interface FragmentTask {
  /** The fragment's logical plan (see plan-wire.ts). */
  readonly plan: unknown;
  /** batches: the fragment's rows; partial_aggregate: the fragment is an aggregate, return its partial states. */
  readonly mode: 'batches' | 'partial_aggregate';
  readonly params: readonly Scalar[];
  readonly context: WireEvalContext;
  /** EXPLAIN ANALYZE: also return per-operator metrics (depth-first order of the fragment's operators). */
  readonly analyze: boolean;
  /** Bytes this task may hold in hash tables, sorts and buffered rows. */
  readonly memoryLimit: number;
  /** The query's memory_limit, for error messages. */
  readonly memorySetting: number;
  /** Shared flag (non-zero: stop) the calling thread sets when the query no longer needs the task. */
  readonly stop: Int32Array;
}

/** A LarchError as it crosses a thread boundary (structured clone keeps only an Error's message). */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
}

/** Any error a worker catches, as it travels back. */
export function toWireError(e: unknown): WireError {
  const { code, message, detail, hint } = toLarchError(e);
  return { code, message, detail, hint };
}

/** The LarchError a worker reported, raised again on the calling thread. */
export function fromWireError({ code, message, detail, hint }: WireError): LarchError {
  return new LarchError(code, message, { detail, hint });
}

export type FragmentResult = (
  | { readonly mode: 'batches'; readonly batches: readonly Batch[] }
  | { readonly mode: 'partial_aggregate'; readonly partials: readonly PartialGroups[] }
  | { readonly mode: 'error'; readonly error: WireError }
) & { readonly metrics?: readonly OperatorMetrics[] };
