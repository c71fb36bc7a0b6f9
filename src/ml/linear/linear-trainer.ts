// Fits linear_reg and logistic_reg (binary, or multinomial softmax for more classes): a statistics pass,
// then either the normal equations (dense linear_reg) or OWL-QN over gradient passes, optimizing in
// standardized space and returning coefficients in the raw feature space.

import { resolveClassWeights } from '../core/class-weights.js';
import { momentsPass } from '../core/moments-pass.js';
import type { ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import { trainingStatsPass, type TrainingStatsState } from '../core/training-stats-pass.js';
import { duringIteration, type Fitting, runPass } from '../core/training-pass.js';
import { schemaDimension, type TrainingSchema } from '../core/training-schema.js';
import { minimize } from '../optim/owlqn.js';
import { type LinearLoss, linearLossPass } from './linear-loss-pass.js';
import { LinearModel } from './linear-model.js';
import { linearPenalty, type Penalty } from './linear-penalty.js';
import { solveNormalEquations } from './normal-equations.js';

/** Above this many features the O(d²)-per-row normal equations lose to gradient passes. */
const MAX_NORMAL_EQUATION_FEATURES = 512;

export function* fitLinearModel(options: ModelOptions, schema: TrainingSchema): Fitting<LinearModel> {
  const logistic = options.modelType === 'logistic_reg';
  const k = schema.classes.length;
  if (logistic && k < 2)
    throw mlError(`logistic_reg needs at least 2 distinct labels in "${schema.label}", found ${k}`);
  const stats = yield* runPass(trainingStatsPass(schema));
  stats.validate();
  const dim = schemaDimension(schema);
  const std = stats.featureStd();
  const fixedZero = new Uint8Array(dim);
  const scale = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    // A constant feature is the intercept's job (Spark gives it coefficient 0).
    fixedZero[j] = std[j] === 0 && options.fitIntercept ? 1 : 0;
    scale[j] = options.standardizeFeatures && std[j]! > 0 ? std[j]! : 1;
  }
  const labelStd = logistic ? 0 : stats.label.sampleStd(0);
  const penalty = linearPenalty(options, labelStd);
  const normal =
    !logistic &&
    schema.sparse.length === 0 &&
    (options.optimizer === 'normal_equation' ||
      (options.optimizer === 'auto' && dim <= MAX_NORMAL_EQUATION_FEATURES));
  if (normal) {
    const moments = yield* runPass(momentsPass((b) => [...b.dense, b.label!], dim + 1, true));
    const started = performance.now();
    const solution = solveNormalEquations(moments, scale, fixedZero, penalty, options.fitIntercept);
    return new LinearModel({
      loss: 'squared',
      schema,
      dim,
      outputs: 1,
      coefficients: solution.coefficients,
      intercepts: Float64Array.of(solution.intercept),
      trainingInfo: [{ iteration: 1, loss: solution.objective, durationMs: performance.now() - started }],
    });
  }
  const loss: LinearLoss = !logistic ? 'squared' : k === 2 ? 'logistic' : 'softmax';
  const classWeights = logistic ? resolveClassWeights(options, schema.classes, stats.classCounts) : null;
  return yield* fitByOwlqn(options, schema, stats, { loss, dim, scale, fixedZero, penalty, classWeights });
}

interface Setup {
  readonly loss: LinearLoss;
  readonly dim: number;
  readonly scale: Float64Array;
  readonly fixedZero: Uint8Array;
  readonly penalty: Penalty;
  readonly classWeights: Float64Array | null;
}

function* fitByOwlqn(
  options: ModelOptions,
  schema: TrainingSchema,
  stats: TrainingStatsState,
  setup: Setup,
): Fitting<LinearModel> {
  const { loss, dim, scale, fixedZero, penalty, classWeights } = setup;
  const outputs = loss === 'softmax' ? schema.classes.length : 1;
  const stride = dim + 1;
  // θ: per output, dim standardized coefficients then the intercept.
  const x0 = new Float64Array(outputs * stride);
  if (options.fitIntercept) initialIntercepts(loss, stats, classWeights, x0, stride, outputs);
  const l1 = penalty.l1 > 0 ? new Float64Array(x0.length) : null;
  if (l1) for (let o = 0; o < outputs; o++) l1.fill(penalty.l1, o * stride, o * stride + dim);
  const coefficients = new Float64Array(outputs * dim);
  const intercepts = new Float64Array(outputs);
  // Features are centered virtually (as Spark 3.1+ does): θ's intercept is the margin at the feature means,
  // which decouples it from the coefficients and makes the problem far better conditioned. The penalty
  // does not involve the intercept, so the optimum is the same model; rows are never touched.
  const mean = options.fitIntercept ? stats.featureMean() : new Float64Array(dim);
  const toRaw = (theta: Float64Array): void => {
    for (let o = 0; o < outputs; o++) {
      let shift = 0;
      for (let j = 0; j < dim; j++) {
        const beta = fixedZero[j] ? 0 : theta[o * stride + j]! / scale[j]!;
        coefficients[o * dim + j] = beta;
        shift += beta * mean[j]!;
      }
      intercepts[o] = options.fitIntercept ? theta[o * stride + dim]! - shift : 0;
    }
  };
  const run = minimize(x0, {
    l1,
    maxIterations: options.maxIterations,
    tolerance: options.earlyStop ? options.minRelProgress : 0,
    gradientTolerance: options.earlyStop ? 1e-9 : 0,
  });
  let step = run.next();
  while (!step.done) {
    const { x: theta, iteration, objective } = step.value;
    toRaw(theta);
    const state = yield* duringIteration(
      runPass(linearLossPass({ loss, dim, outputs, coefficients, intercepts, classWeights })),
      iteration,
      objective,
    );
    const w = state.weightSum;
    if (!(w > 0)) throw mlError('all training rows have weight 0');
    const gradient = new Float64Array(theta.length);
    let l2 = 0;
    for (let o = 0; o < outputs; o++) {
      const interceptGradient = state.interceptGradient[o]!;
      for (let j = 0; j < dim; j++) {
        if (fixedZero[j]) continue;
        const t = theta[o * stride + j]!;
        const raw = state.gradient[o * dim + j]! - mean[j]! * interceptGradient;
        gradient[o * stride + j] = raw / (w * scale[j]!) + penalty.l2 * t;
        l2 += t * t;
      }
      if (options.fitIntercept) gradient[o * stride + dim] = state.interceptGradient[o]! / w;
    }
    step = run.next({ loss: state.lossSum / w + 0.5 * penalty.l2 * l2, gradient });
  }
  const result = step.value;
  toRaw(result.x);
  if (loss === 'softmax' && penalty.l1 === 0 && penalty.l2 === 0)
    centerClasses(coefficients, intercepts, dim, outputs);
  return new LinearModel({
    loss,
    schema,
    dim,
    outputs,
    coefficients: Float64Array.from(coefficients),
    intercepts: Float64Array.from(intercepts),
    trainingInfo: result.iterations,
  });
}

/** Starts intercepts at the unregularized optimum for zero coefficients: log-odds or the label mean. */
function initialIntercepts(
  loss: LinearLoss,
  stats: TrainingStatsState,
  classWeights: Float64Array | null,
  x0: Float64Array,
  stride: number,
  outputs: number,
): void {
  const dim = stride - 1;
  if (loss === 'squared') {
    x0[dim] = stats.label.mean[0]!;
    return;
  }
  const counts = Float64Array.from(stats.classCounts, (c, k) => c * (classWeights ? classWeights[k]! : 1));
  const total = counts.reduce((a, b) => a + b, 0);
  if (loss === 'logistic') {
    const p = Math.min(Math.max(counts[1]! / total, 1e-12), 1 - 1e-12);
    x0[dim] = Math.log(p / (1 - p));
    return;
  }
  let meanLog = 0;
  const logs = Array.from(counts, (c) => Math.log(Math.max(c / total, 1e-12)));
  for (const l of logs) meanLog += l / outputs;
  for (let o = 0; o < outputs; o++) x0[o * stride + dim] = logs[o]! - meanLog;
}

/** Softmax is unchanged by adding a vector to every class; without a penalty pick the centered one (as Spark). */
function centerClasses(
  coefficients: Float64Array,
  intercepts: Float64Array,
  dim: number,
  outputs: number,
): void {
  for (let j = 0; j <= dim; j++) {
    let mean = 0;
    for (let o = 0; o < outputs; o++)
      mean += (j < dim ? coefficients[o * dim + j]! : intercepts[o]!) / outputs;
    for (let o = 0; o < outputs; o++) {
      if (j < dim) coefficients[o * dim + j]! -= mean;
      else intercepts[o]! -= mean;
    }
  }
}
