// Training over the batches of the training query: fitted TRANSFORM functions fitted on the training split,
// features assembled, the held-out split set aside, hyperparameter trials run (k-fold when asked), the
// final fit driven pass by pass over the partitions (checking for cancellation between passes), and the
// model evaluated on the held-out rows.

import {
  createTrainer,
  defaultObjective,
  evaluationRows,
  FeatureInfoState,
  filterTrainingBatch,
  type Fitting,
  foldOf,
  type MlColumn,
  type Model,
  type ModelOptions,
  type ParsedOptions,
  planSplit,
  planTrials,
  runPassLocal,
  runTrials,
  seqSplitThreshold,
  SHARED_ARRAYS,
  type TrainingBatch,
  type TrainingPass,
  type TrainingSchema,
  type TransformFitter,
  withTrialValues,
} from '../../ml/index.js';
import { LarchError, SqlState } from '../errors.js';
import { evaluateModel, type Evaluation } from './model-evaluation.js';
import { leavesOf, modelRows, type RowLayout } from './model-features.js';
import {
  type ClassLabel,
  classIndexes,
  collectClasses,
  isClassifier,
  labelValues,
  taskOf,
} from './model-labels.js';
import type { TrialRow } from './model-metadata.js';
import { PARALLEL_PASS_ROWS, runPassParallel } from './parallel-pass.js';
import type { ProgramRunner } from './transform-program.js';
import { startWorkers } from '../../execution/pool.js';

/** One engine batch of the training query as leaf columns. */
export interface LeafBatch {
  readonly leaves: readonly MlColumn[];
  readonly rows: number;
}

export interface TrainingInput {
  readonly runner: ProgramRunner;
  readonly layout: RowLayout;
  readonly parsed: ParsedOptions;
  readonly batches: readonly LeafBatch[];
  readonly signal: AbortSignal | undefined;
  /** Told of each pass of each fit, trials included (the pass, its number in its fit and the rows it reads). */
  readonly progress?: (pass: TrainingPass, count: number, rows: number) => void;
  /** Partitions the passes run over. */
  readonly partitions: number;
}

export interface TrainingResult {
  readonly model: Model;
  readonly evaluation: Evaluation;
  readonly evaluatedOn: 'eval_split' | 'training_data';
  readonly featureInfo: ReturnType<FeatureInfoState['finish']>[];
  readonly trials: TrialRow[] | null;
  readonly trainingRows: number;
  readonly evaluationRows: number;
}

/** ML.FEATURE_INFO's statistics (medians need the values sorted) read the first batches up to this many rows. */
const FEATURE_INFO_ROWS = 100_000;

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true)
    throw new LarchError(SqlState.queryCanceled, 'canceling statement due to user request');
}

/**
 * Drives a fit (a trial's or the final one), yielding to the event loop between passes so that a
 * cancel can arrive. When `parallel` (the batches are in shared memory), each partition of a
 * remotable pass runs on its own thread.
 */
async function drive<T>(
  fitting: Fitting<T>,
  train: readonly TrainingBatch[],
  input: TrainingInput,
  parallel: boolean,
): Promise<T> {
  const rows = train.reduce((s, b) => s + b.rows, 0);
  const partitions = partitioned(train, input.partitions);
  let step = fitting.next();
  for (let count = 1; !step.done; count++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    checkCancelled(input.signal);
    input.progress?.(step.value, count, rows);
    const pass = step.value;
    step = fitting.next(parallel ? await runPassParallel(pass, partitions) : runPassLocal(pass, partitions));
  }
  return step.value;
}

function partitioned(batches: readonly TrainingBatch[], parts: number): TrainingBatch[][] {
  const out: TrainingBatch[][] = Array.from(
    { length: Math.max(1, Math.min(parts, batches.length)) },
    () => [],
  );
  batches.forEach((b, i) => out[i % out.length]!.push(b));
  return out;
}

function flipped(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = 1 - mask[i]!;
  return out;
}

function keep(mask: Uint8Array, skip: Uint8Array, want: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] === want && skip[i] === 0 ? 1 : 0;
  return out;
}

/** Fits the fitted TRANSFORM functions on the training rows, innermost first. */
function fitTransforms(input: TrainingInput, trainMasks: readonly Uint8Array[]): void {
  const { runner, batches } = input;
  for (let round = 0; !runner.complete; round++) {
    if (round > 32)
      throw new LarchError(SqlState.internalError, 'internal error: TRANSFORM fitting does not converge');
    const fitters = new Map<number, TransformFitter>();
    batches.forEach((b, i) => {
      const policy = { column: '', handleInvalid: 'keep' as const, skip: new Uint8Array(b.rows) };
      for (const item of runner.program.items)
        runner.evaluate(item.node, b.leaves, policy, fitters, trainMasks[i]);
    });
    runner.finishFitters(fitters);
  }
}

function splitMasks(input: TrainingInput, options: ModelOptions): Uint8Array[] {
  const total = input.batches.reduce((s, b) => s + b.rows, 0);
  const plan = planSplit(options, total);
  const { runner, layout } = input;
  const splitValues = input.batches.map((b) => {
    if (layout.splitColumn === null) return null;
    const item = runner.program.items.find((i) => i.alias === layout.splitColumn)!;
    const policy = {
      column: layout.splitColumn,
      handleInvalid: 'error' as const,
      skip: new Uint8Array(b.rows),
    };
    const c = runner.evaluate(item.node, b.leaves, policy);
    if (c === null || c.kind !== 'number')
      throw new LarchError(
        SqlState.datatypeMismatch,
        `data_split_col "${layout.splitColumn}" must be numeric or boolean`,
      );
    return c.values;
  });
  let threshold = Infinity;
  if (plan.method === 'seq') {
    const all = new Float64Array(total);
    let at = 0;
    for (const v of splitValues) {
      all.set(v!, at);
      at += v!.length;
    }
    threshold = seqSplitThreshold(all, plan.evalFraction);
  }
  let firstRow = 0;
  return input.batches.map((b, i) => {
    const rowsOnly = { rows: b.rows, dense: [], sparse: [], label: null, weight: null, firstRow };
    firstRow += b.rows;
    return evaluationRows(plan, rowsOnly, options.seed, splitValues[i] ?? null, threshold);
  });
}

export async function trainModel(input: TrainingInput): Promise<TrainingResult> {
  const { parsed, layout, runner } = input;
  const options = parsed.options;
  const total = input.batches.reduce((s, b) => s + b.rows, 0);
  if (total === 0)
    throw new LarchError(SqlState.invalidParameterValue, 'the training query returned no rows');
  const evalMasks = splitMasks(input, options);
  if (!runner.complete) fitTransforms(input, evalMasks.map(flipped));
  checkCancelled(input.signal);
  const rows = input.batches.map((b) => ({
    ...modelRows(runner, layout, b.leaves, b.rows, true),
    rows: b.rows,
  }));
  const classifier = isClassifier(options.modelType);
  let classes: ClassLabel[] = [];
  if (classifier && layout.label !== null)
    classes = collectClasses(
      rows.map((r) => ({ label: r.label!, skip: r.skip, rows: r.rows })),
      layout.label,
    );
  let firstRow = 0;
  // Over enough rows, passes run on worker threads too: the training rows go to shared memory.
  const parallel = input.partitions > 1 && total >= PARALLEL_PASS_ROWS;
  // The calling thread runs the first partition, a worker each other one.
  if (parallel) startWorkers(input.partitions - 1);
  const trainArrays = parallel ? SHARED_ARRAYS : undefined;
  const train: TrainingBatch[] = [];
  const held: TrainingBatch[] = [];
  rows.forEach((r, i) => {
    const label =
      r.label === null
        ? null
        : classifier
          ? classIndexes(r.label, classes, r.rows)
          : labelValues(r.label, layout.label!);
    if (label !== null && !classifier)
      for (let k = 0; k < r.rows; k++)
        if (Number.isNaN(label[k]!) && r.skip[k] === 0) {
          if (layout.handleInvalid !== 'skip')
            throw new LarchError(
              SqlState.nullValueNotAllowed,
              `label column "${layout.label}" contains NULL`,
              {
                hint: 'Filter out rows without a label.',
              },
            );
          r.skip[k] = 1;
        }
    const batch: TrainingBatch = { ...r.batch, label, weight: null, firstRow };
    firstRow += r.rows;
    train.push(filterTrainingBatch(batch, keep(evalMasks[i]!, r.skip, 0), trainArrays));
    const heldRows = keep(evalMasks[i]!, r.skip, 1);
    if (heldRows.some((x) => x === 1)) held.push(filterTrainingBatch(batch, heldRows));
  });
  const trainingRows = train.reduce((s, b) => s + b.rows, 0);
  const evaluationRowCount = held.reduce((s, b) => s + b.rows, 0);
  if (trainingRows === 0)
    throw new LarchError(SqlState.invalidParameterValue, 'no training rows are left after the data split');
  // Feature names and sizes come from the program's outputs (the same for every batch).
  const schema: TrainingSchema = {
    dense: rows[0]!.denseNames,
    sparse: rows[0]!.sparseNames,
    label: layout.label,
    classes,
  };
  const evalOn = held.length > 0 ? held : train;
  let finalOptions = options;
  let trials: TrialRow[] | null = null;
  if (Object.keys(parsed.searchSpace).length > 0) {
    const tuned = await tune(input, schema, train, held, parallel);
    finalOptions = tuned.options;
    trials = tuned.trials;
  }
  const model = await drive(createTrainer(finalOptions, schema).fit(), train, input, parallel);
  const evaluation = evaluateModel(model, evalOn, undefined, true);
  const featureLeaves = leavesOf(runner, layout.features);
  const featureInfo = runner.program.leafNames.flatMap((name, j) => {
    if (!featureLeaves.has(j)) return [];
    const state = new FeatureInfoState(name);
    let seen = 0;
    input.batches.forEach((b, i) => {
      const leaf = b.leaves[j];
      if (leaf === undefined || seen >= FEATURE_INFO_ROWS) return;
      seen += b.rows;
      state.update(keepLeaf(leaf, keep(evalMasks[i]!, rows[i]!.skip, 0)));
    });
    return [state.finish()];
  });
  return {
    model,
    evaluation,
    evaluatedOn: held.length > 0 ? 'eval_split' : 'training_data',
    featureInfo,
    trials,
    trainingRows,
    evaluationRows: evaluationRowCount,
  };
}

function keepLeaf(c: MlColumn, mask: Uint8Array): MlColumn {
  let kept = 0;
  for (let i = 0; i < mask.length; i++) kept += mask[i]!;
  if (kept === mask.length) return c;
  if (c.kind === 'number') {
    const values = new Float64Array(kept);
    for (let i = 0, k = 0; i < mask.length; i++) if (mask[i] === 1) values[k++] = c.values[i]!;
    return { kind: 'number', values };
  }
  if (c.kind === 'string') return { kind: 'string', values: c.values.filter((_, i) => mask[i] === 1) };
  if (c.kind === 'tokens') return { kind: 'tokens', values: c.values.filter((_, i) => mask[i] === 1) };
  return c;
}

async function tune(
  input: TrainingInput,
  schema: TrainingSchema,
  train: readonly TrainingBatch[],
  held: readonly TrainingBatch[],
  parallel: boolean,
): Promise<{ options: ModelOptions; trials: TrialRow[] }> {
  const { parsed } = input;
  const options = parsed.options;
  const plans = planTrials(
    parsed.searchSpace,
    options.hparamTuningAlgorithm,
    options.numTrials,
    options.seed,
  );
  const objective = options.hparamTuningObjectives[0] ?? defaultObjective(taskOf(options.modelType));
  const arrays = parallel ? SHARED_ARRAYS : undefined;
  const { trials } = await runTrials(plans, options.numFolds, objective, async (values, fold) => {
    const trialOptions = withTrialValues(options, parsed.given, values);
    let fitOn: TrainingBatch[] = [...train];
    let scoreOn: readonly TrainingBatch[] = held.length > 0 ? held : train;
    if (fold !== null) {
      fitOn = [];
      const scored: TrainingBatch[] = [];
      for (const b of train) {
        const folds = foldOf(b, options.seed, options.numFolds);
        fitOn.push(
          filterTrainingBatch(
            b,
            Uint8Array.from(folds, (f) => (f === fold ? 0 : 1)),
            arrays,
          ),
        );
        scored.push(
          filterTrainingBatch(
            b,
            Uint8Array.from(folds, (f) => (f === fold ? 1 : 0)),
          ),
        );
      }
      scoreOn = scored;
    }
    const model = await drive(createTrainer(trialOptions, schema).fit(), fitOn, input, parallel);
    return evaluateModel(model, scoreOn).metrics;
  });
  const best = trials.find((t) => t.isOptimal)!;
  return {
    options: withTrialValues(options, parsed.given, best.values),
    trials: trials.map((t) => ({
      trialId: t.trialId,
      hparams: t.values,
      metrics: t.metrics,
      objective: t.objective,
      isOptimal: t.isOptimal,
    })),
  };
}
