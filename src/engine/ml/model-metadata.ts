// What the SQL layer stores in a model file besides the model itself: the TRANSFORM program, which of its
// outputs are features and label, the label's type, the options as given, the evaluation on the
// held-out rows, the feature statistics and the tuning trials.

import type { CurvePoint, FeatureInfoRow, ModelTask, ModelType, RawOptionValue } from '../../ml/index.js';
import type { TransformProgram } from './transform-program.js';

/** One row of ML.TRIAL_INFO. */
export interface TrialRow {
  readonly trialId: number;
  readonly hparams: Readonly<Record<string, number | string>>;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly objective: number | null;
  readonly isOptimal: boolean;
}

export interface ModelMetadata {
  readonly engine: 'larch';
  readonly engineVersion: string;
  readonly modelType: ModelType;
  readonly task: ModelTask;
  readonly program: TransformProgram;
  /** TRANSFORM outputs assembled into the feature vector, in order. */
  readonly features: readonly string[];
  /** The label output (null for unsupervised models) and how predicted labels are typed. */
  readonly label: string | null;
  readonly labelType: 'number' | 'integer' | 'text' | 'bool' | null;
  /** data_split_col, never a feature. */
  readonly splitColumn: string | null;
  /** Columns of the training query, with their SQL type names. */
  readonly inputColumns: readonly { readonly name: string; readonly type: string }[];
  readonly transformText: string | null;
  readonly queryText: string;
  readonly options: Readonly<Record<string, RawOptionValue>>;
  readonly handleInvalid: 'error' | 'skip' | 'keep';
  /** ML.EVALUATE without data: metrics on the held-out split, or the training rows when none. */
  readonly evaluation: Readonly<Record<string, number | null>>;
  readonly evaluatedOn: 'eval_split' | 'training_data';
  /** ML.CONFUSION_MATRIX without data: counts[actual][predicted] over the rows evaluated on. */
  readonly confusion: readonly (readonly number[])[] | null;
  /** ML.ROC_CURVE and ML.PR_CURVE without data (binary classifiers): at most CURVE_POINTS points. */
  readonly curve?: readonly CurvePoint[] | null;
  readonly featureInfo: readonly FeatureInfoRow[];
  readonly trials: readonly TrialRow[] | null;
  readonly trainingRows: number;
  readonly evaluationRows: number;
  readonly trainingMs: number;
}

/** Most ROC points a model file keeps for ML.ROC_CURVE without data. */
export const CURVE_POINTS = 200;
