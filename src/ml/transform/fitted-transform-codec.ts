// Fitted transforms by name: a fitter for each fitted TRANSFORM function, and the reader of their JSON
// state as stored in a model's TRANSFORM program.

import { mlError } from '../core/ml-error.js';
import { CountVectorize, CountVectorizeFitter } from './count-vectorize.js';
import { Idf, IdfFitter } from './idf.js';
import { Impute, ImputeFitter, type ImputeStrategy } from './impute.js';
import type { FittedTransform, TransformFitter } from './ml-column.js';
import { MinMaxFitter, MinMaxScaler } from './min-max-scaler.js';
import { OneHot, OneHotFitter } from './one-hot.js';
import { QuantileBucketize, QuantileBucketizeFitter } from './quantile-bucketize.js';
import { NumericMoments, StandardScaler } from './standard-scaler.js';
import { CategoryCounter, StringIndex } from './string-index.js';

/** The fitted TRANSFORM functions (without the ML. prefix, lowercase). */
export const FITTED_TRANSFORMS = [
  'string_index',
  'one_hot',
  'standard_scaler',
  'min_max_scaler',
  'quantile_bucketize',
  'impute',
  'count_vectorize',
  'idf',
] as const;

export type FittedTransformName = (typeof FITTED_TRANSFORMS)[number];

/**
 * A fitter for `ML.<name>(x, args…) OVER ()`; `args` are the constant arguments after the column.
 * @example createFitter('quantile_bucketize', [4])  // ML.QUANTILE_BUCKETIZE(x, 4) OVER ()
 */
export function createFitter(
  name: FittedTransformName,
  args: readonly (number | string | boolean)[],
): TransformFitter {
  switch (name) {
    case 'string_index':
      return new CategoryCounter();
    case 'one_hot':
      return new OneHotFitter(args[0] === undefined ? true : Boolean(args[0]));
    case 'standard_scaler':
      return new NumericMoments('ML.STANDARD_SCALER');
    case 'min_max_scaler':
      return new MinMaxFitter();
    case 'quantile_bucketize':
      return new QuantileBucketizeFitter(Number(args[0]));
    case 'impute':
      return new ImputeFitter(String(args[0] ?? 'mean').toLowerCase() as ImputeStrategy);
    case 'count_vectorize':
      return new CountVectorizeFitter(args[0] === undefined ? undefined : Number(args[0]));
    case 'idf':
      return new IdfFitter();
  }
}

/** Reads a fitted transform from its JSON state (as written by toJSON). */
export function fittedTransformFromJson(json: { kind: string } & Record<string, unknown>): FittedTransform {
  const j = json as unknown as Record<string, never>;
  switch (json.kind) {
    case 'string_index':
      return new StringIndex(j.labels);
    case 'one_hot':
      return new OneHot(j.labels, j.dropLast);
    case 'standard_scaler':
      return new StandardScaler(j.mean, j.std);
    case 'min_max_scaler':
      return new MinMaxScaler(j.min, j.max);
    case 'quantile_bucketize':
      return new QuantileBucketize(j.splits);
    case 'impute':
      return new Impute(j.strategy, j.value);
    case 'count_vectorize':
      return new CountVectorize(j.vocabulary);
    case 'idf':
      return new Idf(Float64Array.from(j.weights as number[]));
    default:
      throw mlError(`unknown fitted transform '${json.kind}' in model file`);
  }
}
