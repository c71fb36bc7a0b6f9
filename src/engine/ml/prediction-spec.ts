// What a prediction function is made from, apart from the function itself: a worker thread names
// the factory without loading the ML modules until a task scores rows (execution/worker.ts).

/** The name worker threads rebuild prediction functions by (see plan-wire's rebuilders). */
export const PREDICTION_FUNCTION = 'ml.prediction';

/** What a prediction function is made from: structured-clonable, so a worker can rebuild it. */
export interface PredictionSpec {
  readonly model: string;
  /** The model version's key in this process: its decoded form is cached per thread under it. */
  readonly modelKey: string;
  readonly file: string;
  /** The ML.PREDICT call: its columns share the scoring of a batch. */
  readonly callKey: string;
  /** Index into the model's prediction columns, or PREDICT_PROBA's value. */
  readonly column: number | 'proba';
  readonly threshold: number | undefined;
}
