// The table of CREATE MODEL options: type, allowed values or range, and which model families take each.

import { MODEL_TYPES, type ModelType } from './model.js';

export type Family =
  'linear' | 'logistic' | 'tree' | 'boost' | 'forest' | 'bayes' | 'kmeans' | 'pca' | 'mf' | 'all';

export interface OptionSpec {
  readonly type: 'number' | 'integer' | 'boolean' | 'string' | 'string_list' | 'weights';
  /** Allowed values of string options, lowercase. */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Lower bound is exclusive (learn_rate > 0). */
  readonly above?: number;
  readonly families: readonly Family[];
}

const SUPERVISED: readonly Family[] = ['linear', 'logistic', 'tree', 'boost', 'forest', 'bayes'];
const CLASSIFIERS: readonly Family[] = ['logistic', 'tree', 'boost', 'forest', 'bayes'];
const TREES: readonly Family[] = ['tree', 'boost', 'forest'];

export const OPTION_SPECS: Readonly<Record<string, OptionSpec>> = {
  model_type: { type: 'string', values: MODEL_TYPES, families: ['all'] },
  input_label_cols: { type: 'string_list', families: SUPERVISED },
  seed: { type: 'integer', min: 0, max: 2 ** 31 - 1, families: ['all'] },
  max_iterations: {
    type: 'integer',
    min: 1,
    max: 100_000,
    families: ['linear', 'logistic', 'boost', 'kmeans', 'mf'],
  },
  early_stop: { type: 'boolean', families: ['linear', 'logistic', 'boost', 'kmeans', 'mf'] },
  min_rel_progress: { type: 'number', min: 0, families: ['linear', 'logistic', 'boost', 'kmeans', 'mf'] },
  learn_rate: { type: 'number', above: 0, families: ['boost'] },
  data_split_method: {
    type: 'string',
    values: ['auto_split', 'random', 'seq', 'custom', 'no_split'],
    families: [...SUPERVISED, 'mf'],
  },
  data_split_eval_fraction: { type: 'number', min: 0, max: 1, families: [...SUPERVISED, 'mf'] },
  data_split_col: { type: 'string', families: [...SUPERVISED, 'mf'] },
  auto_class_weights: { type: 'boolean', families: CLASSIFIERS },
  class_weights: { type: 'weights', families: CLASSIFIERS },
  handle_invalid: { type: 'string', values: ['error', 'skip', 'keep'], families: ['all'] },
  l1_reg: { type: 'number', min: 0, families: ['linear', 'logistic', 'boost'] },
  l2_reg: { type: 'number', min: 0, families: ['linear', 'logistic', 'boost', 'mf'] },
  reg_param: { type: 'number', min: 0, families: ['linear', 'logistic', 'mf'] },
  elastic_net_param: { type: 'number', min: 0, max: 1, families: ['linear', 'logistic'] },
  fit_intercept: { type: 'boolean', families: ['linear', 'logistic'] },
  standardize_features: { type: 'boolean', families: ['linear', 'logistic', 'kmeans', 'pca'] },
  optimizer: {
    type: 'string',
    values: ['auto', 'lbfgs', 'normal_equation'],
    families: ['linear', 'logistic'],
  },
  num_trees: { type: 'integer', min: 1, max: 10_000, families: ['forest'] },
  max_tree_depth: { type: 'integer', min: 1, max: 30, families: TREES },
  max_bins: { type: 'integer', min: 2, max: 65_536, families: TREES },
  min_rows_per_node: { type: 'integer', min: 1, families: TREES },
  min_split_loss: { type: 'number', min: 0, families: TREES },
  min_tree_child_weight: { type: 'number', min: 0, families: ['boost'] },
  subsample: { type: 'number', above: 0, max: 1, families: ['forest', 'boost'] },
  feature_subset_strategy: {
    type: 'string',
    values: ['auto', 'all', 'sqrt', 'log2', 'onethird'],
    families: TREES,
  },
  nb_distribution: { type: 'string', values: ['gaussian', 'multinomial', 'bernoulli'], families: ['bayes'] },
  smoothing: { type: 'number', min: 0, families: ['bayes'] },
  num_clusters: { type: 'integer', min: 1, max: 100_000, families: ['kmeans'] },
  kmeans_init_method: { type: 'string', values: ['random', 'kmeans++'], families: ['kmeans'] },
  distance_type: { type: 'string', values: ['euclidean', 'cosine'], families: ['kmeans'] },
  num_principal_components: { type: 'integer', min: 1, families: ['pca'] },
  pca_explained_variance_ratio: { type: 'number', above: 0, max: 1, families: ['pca'] },
  user_col: { type: 'string', families: ['mf'] },
  item_col: { type: 'string', families: ['mf'] },
  rating_col: { type: 'string', families: ['mf'] },
  num_factors: { type: 'integer', min: 1, max: 1000, families: ['mf'] },
  feedback_type: { type: 'string', values: ['explicit', 'implicit'], families: ['mf'] },
  cold_start_strategy: { type: 'string', values: ['nan', 'drop'], families: ['mf'] },
  nonnegative: { type: 'boolean', families: ['mf'] },
  wals_alpha: { type: 'number', min: 0, families: ['mf'] },
  num_trials: { type: 'integer', min: 1, max: 10_000, families: ['all'] },
  hparam_tuning_algorithm: { type: 'string', values: ['grid_search', 'random_search'], families: ['all'] },
  num_folds: { type: 'integer', min: 0, max: 100, families: ['all'] },
  hparam_tuning_objectives: { type: 'string_list', families: ['all'] },
};

export const FAMILY: Readonly<Record<ModelType, Family | null>> = {
  linear_reg: 'linear',
  logistic_reg: 'logistic',
  decision_tree_classifier: 'tree',
  decision_tree_regressor: 'tree',
  random_forest_classifier: 'forest',
  random_forest_regressor: 'forest',
  boosted_tree_classifier: 'boost',
  boosted_tree_regressor: 'boost',
  naive_bayes: 'bayes',
  kmeans: 'kmeans',
  pca: 'pca',
  matrix_factorization: 'mf',
  transform_only: null,
};
