// Logical plan fragments as structured-clonable data for worker threads: functions travel as their
// name and argument types (re-resolved from the worker's registry), sources as descriptions of the
// data they read, everything else as the plain objects it already is.

import type { SourcePartition, TableSource } from '../catalog/table-source.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { AggregateFunction, ScalarFunction } from '../functions/function.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { LogicalPlan } from '../logical/plan.js';
import type { DataType } from '../types/data-type.js';
import { type WireSource, sourceFromWire } from './wire-sources.js';

interface WireFunction {
  readonly $fn: string;
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
}

/** A statement-made function (ScalarFunction.rebuild) as the worker's factory makes it again. */
interface WireRebuild {
  readonly $rebuild: string;
  readonly args: unknown;
  readonly argTypes: readonly DataType[];
}

/** Factories of statement-made functions, by name (the worker's are in worker.ts, loading their modules). */
export type FunctionFactories = Readonly<
  Record<string, (args: never, argTypes: readonly DataType[]) => ScalarFunction | Promise<ScalarFunction>>
>;

interface WireAggregate {
  readonly $agg: string;
  readonly argTypes: readonly DataType[];
}

interface WireSourceRef {
  readonly $source: WireSource;
}

function isScalarFunction(x: object): x is ScalarFunction {
  return 'kernel' in x && 'signature' in x && 'returnType' in x;
}

function isAggregateFunction(x: object): x is AggregateFunction {
  return 'create' in x && 'orderedSet' in x && 'emptyValue' in x;
}

function isTableSource(x: object): x is TableSource {
  return 'scan' in x && 'partitions' in x && typeof (x as { scan: unknown }).scan === 'function';
}

/** Whether every part of a plan can be described for a worker. */
export function canShip(p: LogicalPlan): boolean {
  let ok = true;
  const visit = (x: unknown): void => {
    if (!ok || x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return;
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    if (isScalarFunction(x)) {
      if (x.callingThreadOnly === true) ok = false;
      return;
    }
    if (isAggregateFunction(x)) return;
    if (isTableSource(x)) {
      if (x.toWire === undefined) ok = false;
      return;
    }
    const record = x as Record<string, unknown>;
    if (
      record.kind === 'table_function' ||
      record.kind === 'window' ||
      record.kind === 'recursive_cte' ||
      record.kind === 'work_table_scan' ||
      record.kind === 'cte_scan'
    ) {
      ok = false;
      return;
    }
    Object.values(record).forEach(visit);
  };
  visit(p);
  return ok;
}

/** The columns each source's scans read (a worker receives only those; the others come as nulls). */
function columnsRead(p: LogicalPlan): Map<TableSource, Set<number>> {
  const used = new Map<TableSource, Set<number>>();
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x) || isTableSource(x)) return;
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    if (isScalarFunction(x) || isAggregateFunction(x)) return;
    const node = x as Partial<Extract<LogicalPlan, { kind: 'scan' }>>;
    if (node.kind === 'scan' && node.source !== undefined && node.columns !== undefined) {
      const set = used.get(node.source) ?? new Set<number>();
      for (const c of node.columns) set.add(c.index);
      used.set(node.source, set);
    }
    Object.values(x as Record<string, unknown>).forEach(visit);
  };
  visit(p);
  return used;
}

/**
 * A plan as data. `restrict` gives the partitions a source is limited to (the driving scan of a
 * fragment reads only the worker's share; other sources are read whole).
 */
export function planToWire(
  p: LogicalPlan,
  restrict: (s: TableSource) => readonly SourcePartition[] | undefined,
): unknown {
  const sources = new Map<TableSource, WireSourceRef>();
  const used = columnsRead(p);
  const convert = (x: unknown): unknown => {
    if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return x;
    if (Array.isArray(x)) return x.map(convert);
    if (isScalarFunction(x))
      return x.rebuild !== undefined
        ? ({ $rebuild: x.rebuild.factory, args: x.rebuild.args, argTypes: x.argTypes } satisfies WireRebuild)
        : ({ $fn: x.name, argTypes: x.argTypes, returnType: x.returnType } satisfies WireFunction);
    if (isAggregateFunction(x)) return { $agg: x.name, argTypes: x.argTypes } satisfies WireAggregate;
    if (isTableSource(x)) {
      let ref = sources.get(x);
      if (ref === undefined) {
        if (x.toWire === undefined)
          throw new LarchError(
            SqlState.internalError,
            `internal error: source ${x.name} cannot run in a worker`,
          );
        ref = { $source: x.toWire(restrict(x), used.get(x)) };
        sources.set(x, ref);
      }
      return ref;
    }
    return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, convert(v)]));
  };
  return convert(p);
}

/** The plan `planToWire` described; sources may load their readers' modules first (see wire-sources.ts). */
export async function planFromWire(
  w: unknown,
  registry: FunctionRegistry,
  factories: FunctionFactories,
): Promise<LogicalPlan> {
  const convert = async (x: unknown): Promise<unknown> => {
    if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return x;
    if (Array.isArray(x)) return Promise.all(x.map(convert));
    const record = x as Record<string, unknown>;
    if ('$rebuild' in record) {
      const f = record as unknown as WireRebuild;
      const factory = factories[f.$rebuild];
      if (factory === undefined)
        throw new LarchError(SqlState.internalError, `internal error: no worker factory ${f.$rebuild}`);
      return factory(f.args as never, f.argTypes);
    }
    if ('$fn' in record) {
      const f = record as unknown as WireFunction;
      const fn = registry.scalar(f.$fn, f.argTypes, undefined, true);
      return fn.returnType === f.returnType || JSON.stringify(fn.returnType) === JSON.stringify(f.returnType)
        ? fn
        : { ...fn, returnType: f.returnType };
    }
    if ('$agg' in record) {
      const a = record as unknown as WireAggregate;
      return registry.aggregate(a.$agg, a.argTypes);
    }
    if ('$source' in record) return sourceFromWire((record as unknown as WireSourceRef).$source);
    const entries = Object.entries(record);
    const values = await Promise.all(entries.map(([, v]) => convert(v)));
    return Object.fromEntries(entries.map(([k], i) => [k, values[i]]));
  };
  return (await convert(w)) as LogicalPlan;
}
