// Worker thread entry: rebuilds a plan fragment, runs it over the partitions it was given, and
// returns the rows (buffers moved, not copied) or the partial aggregate states; or runs a training pass.

import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { Batch } from '../columnar/batch.js';
import { compactDictionary } from '../columnar/vector-ops.js';
import { registerBuiltins } from '../functions/builtins.js';
import type { EvalContext } from '../functions/function.js';
import { FunctionRegistry } from '../functions/registry.js';
import { HashAggregateExec } from '../physical/operators/hash-aggregate.js';
import { createPhysicalPlan } from '../physical/planner.js';
import { timeZoneFromName, UTC } from '../types/datetime.js';
import { type FragmentResult, type FragmentTask, toWireError } from './fragment-task.js';
import { MemoryBudget } from './memory-budget.js';
import { type FunctionFactories, planFromWire } from './plan-wire.js';
import { PREDICTION_FUNCTION, type PredictionSpec } from '../engine/ml/prediction-spec.js';
import { type OperatorMetrics, TaskContext } from './task-context.js';
import type { ExecNode } from '../physical/exec-node.js';
import type { StartTask, TrainingPassTask } from './training-task.js';
import { dropIdleDictionaries, transferables } from './transfer.js';

const registry = new FunctionRegistry();
registerBuiltins(registry);
// The ML modules load on the first task that scores or trains: a worker's heap is marked whole by
// each of its full garbage collections, and most queries need neither.
const factories: FunctionFactories = {
  [PREDICTION_FUNCTION]: async (spec: PredictionSpec, argTypes) =>
    (await import('../engine/ml/prediction-function.js')).predictionFunction(spec, argTypes),
};

function evalContext(task: FragmentTask): EvalContext {
  const settings = new Map(task.context.settings);
  return {
    timeZone: timeZoneFromName(task.context.timeZone) ?? UTC,
    transactionTime: task.context.transactionTime,
    statementTime: task.context.statementTime,
    random: Math.random,
    setting: (name) => settings.get(name.toLowerCase()),
    currentUser: task.context.currentUser,
    database: task.context.database,
    catalog: null,
    operator: (name, argTypes) => registry.scalar(name, argTypes, undefined, true),
  };
}

/** Operator metrics in depth-first order (EXPLAIN ANALYZE); undefined when not analyzing. */
function metricsOf(root: ExecNode, ctx: TaskContext): OperatorMetrics[] | undefined {
  const metrics = ctx.metrics;
  if (metrics === null) return undefined;
  const out: OperatorMetrics[] = [];
  const visit = (n: ExecNode) => {
    out.push(metrics.get(n) ?? { rows: 0, batches: 0, time: 0 });
    n.children.forEach(visit);
  };
  visit(root);
  return out;
}

export default async function runTask(task: FragmentTask | TrainingPassTask | StartTask): Promise<unknown> {
  if (task.mode === 'start') return null;
  if (task.mode === 'training_pass') return (await import('./training-task.js')).runTrainingPassTask(task);
  try {
    return await run(task);
  } catch (e) {
    const result: FragmentResult = { mode: 'error', error: toWireError(e) };
    return result;
  }
}

async function run(task: FragmentTask): Promise<unknown> {
  dropIdleDictionaries();
  const plan = await planFromWire(task.plan, registry, factories);
  const ctx = new TaskContext(
    evalContext(task),
    task.params,
    undefined,
    task.analyze,
    new MemoryBudget(task.memoryLimit, task.memorySetting),
    task.stop,
  );
  const exec = createPhysicalPlan(plan, { partitions: 1, parallel: false });
  if (task.mode === 'partial_aggregate') {
    if (!(exec instanceof HashAggregateExec))
      throw new Error('internal error: partial aggregate fragment without an aggregate');
    const partials = await exec.partial(ctx);
    // The aggregate itself is merged and measured on the calling thread: report its input.
    const result: FragmentResult = {
      mode: 'partial_aggregate',
      partials,
      metrics: metricsOf(exec.children[0]!, ctx),
    };
    return result;
  }
  const batches: Batch[] = [];
  for await (const b of exec.executeAll(ctx))
    batches.push({ length: b.length, columns: b.columns.map(compactDictionary) });
  const result: FragmentResult = { mode: 'batches', batches, metrics: metricsOf(exec, ctx) };
  // Piscina moves the listed buffers to the calling thread instead of copying them.
  return move({ [transferableSymbol]: batches.flatMap(transferables), [valueSymbol]: result } as never);
}
