// CREATE MODEL OPTIONS: one table of option specs (type, range, default, which model types accept it),
// parsed case-insensitively into typed options; unknown names and out-of-range values are errors.

import { MODEL_TYPES, type ModelType } from './model.js';
import { FAMILY, OPTION_SPECS, type OptionSpec } from './option-specs.js';
import { mlError } from './ml-error.js';

/** A tuning spec in place of a number: HPARAM_CANDIDATES([...]) or HPARAM_RANGE(lo, hi). */
export type HParamSpec =
  | { readonly kind: 'candidates'; readonly values: readonly (number | string)[] }
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

/** A raw option value as the SQL layer hands it over. */
export type RawOptionValue =
  | number
  | string
  | boolean
  | readonly string[]
  | readonly number[]
  | Readonly<Record<string, number>>
  | HParamSpec;

/** Options after validation, with defaults applied for the model type (BigQuery ML's where it has one). */
export interface ModelOptions {
  readonly modelType: ModelType;
  readonly labelColumns: readonly string[];
  readonly seed: number;
  readonly maxIterations: number;
  readonly earlyStop: boolean;
  readonly minRelProgress: number;
  readonly learnRate: number;
  readonly dataSplitMethod: 'auto_split' | 'random' | 'seq' | 'custom' | 'no_split';
  readonly dataSplitEvalFraction: number | null;
  readonly dataSplitCol: string | null;
  readonly autoClassWeights: boolean;
  readonly classWeights: Readonly<Record<string, number>> | null;
  readonly handleInvalid: 'error' | 'skip' | 'keep';
  /** L1 and L2 strengths of the objective mean(loss) + l1·‖θ‖₁ + l2/2·‖θ‖² (see linear/penalty.ts). */
  readonly l1Reg: number;
  readonly l2Reg: number;
  /** Spark's regParam and elasticNetParam, when given (they override l1_reg/l2_reg). */
  readonly regParam: number | null;
  readonly elasticNetParam: number;
  readonly fitIntercept: boolean;
  readonly standardizeFeatures: boolean;
  readonly optimizer: 'auto' | 'lbfgs' | 'normal_equation';
  readonly numTrees: number;
  readonly maxTreeDepth: number;
  readonly maxBins: number;
  readonly minRowsPerNode: number;
  readonly minSplitLoss: number;
  readonly minTreeChildWeight: number;
  readonly subsample: number;
  readonly featureSubsetStrategy: 'auto' | 'all' | 'sqrt' | 'log2' | 'onethird';
  readonly nbDistribution: 'gaussian' | 'multinomial' | 'bernoulli';
  readonly smoothing: number;
  readonly numClusters: number | null;
  readonly kmeansInitMethod: 'random' | 'kmeans++';
  readonly distanceType: 'euclidean' | 'cosine';
  readonly numPrincipalComponents: number | null;
  readonly pcaExplainedVarianceRatio: number | null;
  readonly userCol: string;
  readonly itemCol: string;
  readonly ratingCol: string;
  readonly numFactors: number;
  readonly feedbackType: 'explicit' | 'implicit';
  readonly coldStartStrategy: 'nan' | 'drop';
  readonly nonnegative: boolean;
  readonly walsAlpha: number;
  readonly numTrials: number;
  readonly hparamTuningAlgorithm: 'grid_search' | 'random_search';
  readonly numFolds: number;
  readonly hparamTuningObjectives: readonly string[];
}

/** Parsed options plus the tuning specs found among them (option name → spec). */
export interface ParsedOptions {
  readonly options: ModelOptions;
  readonly searchSpace: Readonly<Record<string, HParamSpec>>;
  /** Option names as given, normalized to lowercase, for DESCRIBE MODEL. */
  readonly given: Readonly<Record<string, RawOptionValue>>;
}

/**
 * Validates OPTIONS (…) of CREATE MODEL and applies defaults.
 * @example
 *   parseModelOptions({ model_type: 'logistic_reg', reg_param: 0.01, elastic_net_param: 1 })
 */
export function parseModelOptions(raw: Readonly<Record<string, RawOptionValue>>): ParsedOptions {
  const given: Record<string, RawOptionValue> = {};
  for (const [name, value] of Object.entries(raw)) {
    const key = name.toLowerCase();
    if (key in given) throw mlError(`option "${key}" is given twice`);
    given[key] = value;
  }
  const typeValue = given.model_type;
  if (typeof typeValue !== 'string')
    throw mlError(`option "model_type" is required: one of ${MODEL_TYPES.join(', ')}`);
  const modelType = checkString('model_type', typeValue.toLowerCase(), OPTION_SPECS.model_type!) as ModelType;
  const family = FAMILY[modelType];
  const searchSpace: Record<string, HParamSpec> = {};
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const spec = OPTION_SPECS[name];
    if (!spec) throw mlError(`unknown option "${name}"${suggest(name)}`);
    if (!spec.families.includes('all') && (family === null || !spec.families.includes(family)))
      throw mlError(`option "${name}" does not apply to model_type '${modelType}'`);
    if (isHParam(value)) {
      if (spec.type !== 'number' && spec.type !== 'integer' && spec.type !== 'string')
        throw mlError(`option "${name}" cannot be tuned`);
      searchSpace[name] = checkHParam(name, value, spec);
      continue;
    }
    values[name] = checkValue(name, value, spec);
  }
  const options = withDefaults(modelType, values);
  checkCombinations(options, given);
  return { options, searchSpace, given };
}

/** early_stop's test: the loss improved by at most min_rel_progress (relative) since the last iteration. */
export function converged(previous: number, current: number, minRelProgress: number): boolean {
  return Number.isFinite(previous) && previous - current <= minRelProgress * Math.abs(previous);
}

/** Whether an option takes integers (tuning rounds sampled values of such options). */
export function isIntegerOption(name: string): boolean {
  return OPTION_SPECS[name]?.type === 'integer';
}

/** Replaces options by a trial's values (tuning); each value is validated like a given option. */
export function withTrialValues(
  base: ModelOptions,
  given: Readonly<Record<string, RawOptionValue>>,
  trial: Readonly<Record<string, number | string>>,
): ModelOptions {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given))
    if (!isHParam(value)) values[name] = checkValue(name, value, OPTION_SPECS[name]!);
  for (const [name, value] of Object.entries(trial))
    values[name] = checkValue(name, value, OPTION_SPECS[name]!);
  return withDefaults(base.modelType, values);
}

function withDefaults(modelType: ModelType, v: Record<string, unknown>): ModelOptions {
  const family = FAMILY[modelType];
  const pick = <T>(name: string, fallback: T): T => (name in v ? (v[name] as T) : fallback);
  const forest = family === 'forest';
  const boost = family === 'boost';
  return {
    modelType,
    labelColumns: pick('input_label_cols', ['label']),
    seed: pick('seed', 0),
    maxIterations: pick('max_iterations', family === 'kmeans' || boost ? 20 : family === 'mf' ? 10 : 100),
    earlyStop: pick('early_stop', true),
    minRelProgress: pick('min_rel_progress', family === 'kmeans' ? 1e-4 : boost ? 0.001 : 1e-9),
    learnRate: pick('learn_rate', 0.3),
    dataSplitMethod: pick('data_split_method', 'auto_split'),
    dataSplitEvalFraction: pick('data_split_eval_fraction', null),
    dataSplitCol: pick('data_split_col', null),
    autoClassWeights: pick('auto_class_weights', false),
    classWeights: pick('class_weights', null),
    handleInvalid: pick('handle_invalid', 'error'),
    l1Reg: pick('l1_reg', 0),
    l2Reg: pick('l2_reg', boost ? 1 : family === 'mf' ? 0.1 : 0),
    regParam: pick('reg_param', null),
    elasticNetParam: pick('elastic_net_param', 0),
    fitIntercept: pick('fit_intercept', true),
    standardizeFeatures: pick('standardize_features', true),
    optimizer: pick('optimizer', 'auto'),
    numTrees: pick('num_trees', forest ? 100 : 1),
    maxTreeDepth: pick('max_tree_depth', boost ? 6 : forest ? 20 : 10),
    maxBins: pick('max_bins', 32),
    minRowsPerNode: pick('min_rows_per_node', 1),
    minSplitLoss: pick('min_split_loss', 0),
    minTreeChildWeight: pick('min_tree_child_weight', 1),
    subsample: pick('subsample', forest ? 0.8 : 1),
    featureSubsetStrategy: pick('feature_subset_strategy', 'auto'),
    nbDistribution: pick('nb_distribution', 'gaussian'),
    smoothing: pick('smoothing', 1),
    numClusters: pick('num_clusters', null),
    kmeansInitMethod: pick('kmeans_init_method', 'kmeans++'),
    distanceType: pick('distance_type', 'euclidean'),
    numPrincipalComponents: pick('num_principal_components', null),
    pcaExplainedVarianceRatio: pick('pca_explained_variance_ratio', null),
    userCol: pick('user_col', 'user'),
    itemCol: pick('item_col', 'item'),
    ratingCol: pick('rating_col', 'rating'),
    numFactors: pick('num_factors', 10),
    feedbackType: pick('feedback_type', 'explicit'),
    coldStartStrategy: pick('cold_start_strategy', 'nan'),
    nonnegative: pick('nonnegative', false),
    walsAlpha: pick('wals_alpha', 40),
    numTrials: pick('num_trials', 1),
    hparamTuningAlgorithm: pick('hparam_tuning_algorithm', 'random_search'),
    numFolds: pick('num_folds', 0),
    hparamTuningObjectives: pick('hparam_tuning_objectives', []),
  };
}

function checkCombinations(o: ModelOptions, given: Readonly<Record<string, RawOptionValue>>): void {
  if (
    o.regParam !== null &&
    ('l1_reg' in given || 'l2_reg' in given) &&
    o.modelType !== 'matrix_factorization'
  )
    throw mlError('give either reg_param/elastic_net_param (Spark) or l1_reg/l2_reg, not both');
  if ('elastic_net_param' in given && !('reg_param' in given))
    throw mlError('option "elastic_net_param" needs "reg_param"');
  if (o.dataSplitMethod === 'custom' || o.dataSplitMethod === 'seq') {
    if (o.dataSplitCol === null)
      throw mlError(`data_split_method '${o.dataSplitMethod}' needs option "data_split_col"`);
  } else if (o.dataSplitCol !== null) {
    throw mlError(`option "data_split_col" needs data_split_method 'custom' or 'seq'`);
  }
  if (o.dataSplitEvalFraction !== null && !['random', 'seq'].includes(o.dataSplitMethod))
    throw mlError(`option "data_split_eval_fraction" needs data_split_method 'random' or 'seq'`);
  if (o.autoClassWeights && o.classWeights !== null)
    throw mlError('give either auto_class_weights or class_weights, not both');
  if (o.numPrincipalComponents !== null && o.pcaExplainedVarianceRatio !== null)
    throw mlError('give either num_principal_components or pca_explained_variance_ratio, not both');
  if (o.modelType === 'logistic_reg' && o.optimizer === 'normal_equation')
    throw mlError("optimizer 'normal_equation' applies to linear_reg only");
  if (o.nbDistribution === 'gaussian' && 'smoothing' in given)
    throw mlError("option \"smoothing\" applies to nb_distribution 'multinomial' or 'bernoulli'");
}

function isHParam(v: RawOptionValue): v is HParamSpec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'kind' in v;
}

function checkHParam(name: string, h: HParamSpec, spec: OptionSpec): HParamSpec {
  if (h.kind === 'candidates') {
    if (h.values.length === 0) throw mlError(`HPARAM_CANDIDATES for "${name}" is empty`);
    for (const v of h.values) checkValue(name, v, spec);
    return h;
  }
  if (spec.type === 'string') throw mlError(`option "${name}" takes HPARAM_CANDIDATES, not HPARAM_RANGE`);
  if (!(h.min < h.max)) throw mlError(`HPARAM_RANGE for "${name}" needs min < max, got (${h.min}, ${h.max})`);
  checkValue(name, h.min, spec);
  checkValue(name, h.max, spec);
  return h;
}

function checkValue(name: string, value: unknown, spec: OptionSpec): unknown {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw mlError(`option "${name}" must be a number`);
      if (spec.type === 'integer' && !Number.isInteger(value))
        throw mlError(`option "${name}" must be an integer`);
      if (spec.min !== undefined && value < spec.min)
        throw mlError(`option "${name}" must be at least ${spec.min}, got ${value}`);
      if (spec.above !== undefined && value <= spec.above)
        throw mlError(`option "${name}" must be greater than ${spec.above}, got ${value}`);
      if (spec.max !== undefined && value > spec.max)
        throw mlError(`option "${name}" must be at most ${spec.max}, got ${value}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw mlError(`option "${name}" must be TRUE or FALSE`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw mlError(`option "${name}" must be a string`);
      return spec.values ? checkString(name, value.toLowerCase(), spec) : value;
    case 'string_list': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string'))
        throw mlError(`option "${name}" must be a non-empty array of strings`);
      return list as string[];
    }
    case 'weights': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw mlError(`option "${name}" must map labels to weights, e.g. [('a', 1.0), ('b', 3.0)]`);
      for (const [label, w] of Object.entries(value as Record<string, unknown>))
        if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w))
          throw mlError(`option "${name}": weight of label '${label}' must be a non-negative number`);
      return value;
    }
  }
}

function checkString(name: string, value: string, spec: OptionSpec): string {
  if (spec.values && !spec.values.includes(value))
    throw mlError(
      `option "${name}" must be one of ${spec.values.map((x) => `'${x}'`).join(', ')}, got '${value}'`,
    );
  return value;
}

function suggest(name: string): string {
  const close = Object.keys(OPTION_SPECS)
    .map((k) => ({ k, d: distance(k, name) }))
    .filter((c) => c.d <= 2)
    .sort((a, b) => a.d - b.d);
  return close.length > 0 ? `; did you mean "${close[0]!.k}"?` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
