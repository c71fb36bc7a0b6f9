// What a function is: scalar, aggregate, window and table functions, declared by metadata and
// resolved by the registry into concrete overloads with their kernels.

import type { Batch } from '../columnar/batch.js';
import type { Scalar, Vector } from '../columnar/vector.js';
import type { DataType } from '../types/data-type.js';
import type { TimeZone } from '../types/datetime.js';
import type { TableSource } from '../catalog/table-source.js';
import type { CatalogAccess } from '../catalog/system/catalog-view.js';

/** What kernels may read about the running statement. */
export interface EvalContext {
  readonly timeZone: TimeZone;
  /** Transaction start time in microseconds (now(), current_timestamp). */
  readonly transactionTime: number;
  /** Statement start time in microseconds (statement_timestamp()). */
  readonly statementTime: number;
  readonly random: () => number;
  readonly setting: (name: string) => string | undefined;
  readonly currentUser: string;
  readonly database: string;
  /**
   * The catalog as the statement's transaction sees it (regclass casts and catalog functions); null
   * where no catalog is at hand (a worker thread).
   */
  readonly catalog: CatalogAccess | null;
  /** SET for set_config(); absent where settings cannot change. */
  readonly setSetting?: (name: string, value: string, local: boolean) => void;
  /** Resolves an operator at run time (x LIKE ANY (array) applies `~~` to each element). */
  readonly operator: (name: string, argTypes: readonly DataType[]) => ScalarFunction;
  /** Queues a notification in the session's transaction (pg_notify); absent outside a session. */
  readonly notify?: (channel: string, payload: string) => void;
  /** The channels the session listens on (pg_listening_channels). */
  readonly listeningChannels?: () => readonly string[];
}

/** A type in a signature: concrete, or polymorphic as PostgreSQL's pseudo-types. */
export type ParamType = DataType | 'any' | 'anyelement' | 'anyarray' | 'anynonarray';

export type ScalarKernel = (args: readonly Vector[], length: number, ctx: EvalContext) => Vector;

export interface ScalarOverload {
  readonly args: readonly ParamType[];
  /** When set, any number of further arguments of this type may follow. */
  readonly variadic?: ParamType;
  readonly returns: DataType | ((args: readonly DataType[]) => DataType);
  /** Builds the kernel for the concrete argument and result types. */
  readonly kernel: (args: readonly DataType[], result: DataType) => ScalarKernel;
  /** NULL in any argument gives NULL without calling the kernel on that row (default true). */
  readonly strict?: boolean;
}

export interface ScalarDefinition {
  readonly kind: 'scalar';
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly overloads: readonly ScalarOverload[];
  /** Different results for the same input (random(), clock_timestamp()). */
  readonly volatile?: boolean;
  /** Depends on the statement (now(), current_setting()) but not per row: foldable per statement only. */
  readonly stable?: boolean;
  /** Needs the session (pg_notify): plans calling it are not sent to worker threads. */
  readonly callingThreadOnly?: boolean;
  readonly description: string;
  readonly example?: string;
}

/** A resolved overload with concrete types: what a bound call expression holds. */
export interface ScalarFunction {
  readonly name: string;
  /** Argument types after resolution, as text: identifies the overload for EXPLAIN and serialization. */
  readonly signature: string;
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  readonly strict: boolean;
  readonly volatile: boolean;
  readonly stable: boolean;
  readonly kernel: ScalarKernel;
  /**
   * Set on functions made for one statement (ML prediction holding its decoded model): they are not in
   * a worker's registry, so plans calling them run on the calling thread.
   */
  readonly callingThreadOnly?: boolean;
  /**
   * Set on functions made for one statement that a worker thread can make again: the name of the
   * worker's factory (see plan-wire.ts) and its structured-clonable arguments.
   */
  readonly rebuild?: { readonly factory: string; readonly args: unknown };
  /**
   * Fails on bad rows (ML.PREDICT's handle_invalid = 'error'): a projection keeps the call even when
   * nothing reads its result, so that such errors do not depend on the columns a query reads.
   */
  readonly validatesRows?: boolean;
}

/** Per-group aggregate state kept in arrays indexed by group id; see functions/aggregate. */
export interface AggregateState {
  /** Make room for groups [0, count). */
  resize(count: number): void;
  /** Adds rows: groupIds[i] is the group of row i; args are the argument vectors. */
  update(groupIds: Int32Array, args: readonly Vector[], length: number): void;
  /** Adds rows that all belong to group 0 (an aggregate without GROUP BY), when faster than `update`. */
  updateAll?(args: readonly Vector[], length: number): void;
  /** Folds another partition's state into this one; mapping[g] is this state's group for the other's group g. */
  merge(other: AggregateState, mapping: Int32Array): void;
  /** One value per group, in group order. */
  finish(count: number): Vector;
  /** The state as structured-clonable data, to move a partial aggregate between threads. */
  snapshot(): StateSnapshot;
  /** Takes over a snapshot's data (the state was made by the same function's create). */
  restore(data: StateSnapshot): void;
}

/** Named fields of an aggregate state: typed arrays, arrays and numbers. */
export type StateSnapshot = Readonly<Record<string, unknown>>;

export interface AggregateOverload {
  readonly args: readonly ParamType[];
  readonly returns: DataType | ((args: readonly DataType[]) => DataType);
  readonly create: (args: readonly DataType[], result: DataType, options: AggregateOptions) => AggregateState;
  /** Aggregates over ordered input collect values per group (string_agg, array_agg, percentile). */
  readonly ordered?: boolean;
}

export interface AggregateOptions {
  /** Values of direct (non-aggregated) arguments, e.g. the fraction of percentile_cont. */
  readonly direct: readonly Scalar[];
}

export interface AggregateDefinition {
  readonly kind: 'aggregate';
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly overloads: readonly AggregateOverload[];
  /** Ordered-set aggregate (WITHIN GROUP): `direct` arguments come before WITHIN GROUP. */
  readonly orderedSet?: boolean;
  /** NULL inputs are aggregated too (array_agg), rather than skipped. */
  readonly keepsNulls?: boolean;
  /** NULL inputs are skipped (true for all but count(*)-like aggregates over rows). */
  readonly description: string;
  readonly example?: string;
}

export interface AggregateFunction {
  readonly name: string;
  readonly signature: string;
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  readonly orderedSet: boolean;
  readonly keepsNulls: boolean;
  /** Value of the aggregate over no rows (count → 0, others → NULL). */
  readonly emptyValue: Scalar;
  readonly create: (options: AggregateOptions) => AggregateState;
}

/** A window function evaluated over one sorted partition at a time. */
export interface WindowEvaluator {
  /**
   * Computes results for rows [0, length) of one partition. `peers[i]` is the index of the first row
   * of row i's peer group (rows equal under ORDER BY); `args` are the argument vectors for the partition.
   */
  evaluate(partition: WindowPartition): Vector;
}

export interface WindowPartition {
  readonly length: number;
  readonly args: readonly Vector[];
  /** peerStart[i]: first row of i's peer group; peerEnd[i]: one past its last row. */
  readonly peerStart: Int32Array;
  readonly peerEnd: Int32Array;
  /** Frame of each row: [frameStart[i], frameEnd[i]). */
  readonly frameStart: Int32Array;
  readonly frameEnd: Int32Array;
  readonly resultType: DataType;
}

export interface WindowDefinition {
  readonly kind: 'window';
  readonly name: string;
  readonly overloads: readonly {
    readonly args: readonly ParamType[];
    readonly returns: DataType | ((args: readonly DataType[]) => DataType);
  }[];
  readonly create: (args: readonly DataType[], result: DataType) => WindowEvaluator;
  /** Uses the frame (first_value, last_value, nth_value) rather than the whole partition. */
  readonly usesFrame: boolean;
  readonly description: string;
  readonly example?: string;
}

export interface WindowFunction {
  readonly name: string;
  readonly signature: string;
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  readonly usesFrame: boolean;
  readonly create: () => WindowEvaluator;
}

/** Set-returning function in FROM: generate_series, unnest, read_csv … */
export interface TableFunctionDefinition {
  readonly kind: 'table';
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly example?: string;
  /** Decides the output columns from the argument types (and constant values, for file readers). */
  readonly bind: (args: readonly TableFunctionArg[], env: TableFunctionEnv) => TableFunction;
  /** Option names also accepted as DuckDB writes them, `name = value` (besides `name => value`). */
  readonly options?: readonly string[];
}

/** What binding a table function may read about the statement. */
export interface TableFunctionEnv {
  readonly evalContext: EvalContext;
}

export interface TableFunctionArg {
  readonly type: DataType;
  /** The value when the argument is a constant at bind time; undefined otherwise. */
  readonly value: Scalar | undefined;
  /** name => value arguments (read_csv(path, delim => ';')). */
  readonly name: string | null;
}

export interface TableFunction {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: DataType }[];
  /** Argument types the call's arguments are cast to. */
  readonly argTypes: readonly DataType[];
  /** Produces the rows for one set of argument values. */
  readonly execute: (
    args: readonly Scalar[],
    ctx: EvalContext,
    /** The statement's cancellation (pg_sleep stops waiting). */
    signal?: AbortSignal,
  ) => AsyncIterable<Batch> | Iterable<Batch>;
  /**
   * For functions reading data sets (read_csv, read_parquet …), decided at bind time from constant
   * arguments: the FROM item becomes a scan of this source (partitioned, with projection and filter
   * pushdown) instead of a call of `execute`.
   */
  readonly source?: TableSource;
  /**
   * The same function yielding only the columns `keep` flags (prune_columns, when a query reads fewer):
   * for functions whose unread columns cost something to compute (ML.PREDICT's probabilities).
   */
  readonly prune?: (keep: readonly boolean[]) => TableFunction;
}

export type FunctionDefinition =
  ScalarDefinition | AggregateDefinition | WindowDefinition | TableFunctionDefinition;
