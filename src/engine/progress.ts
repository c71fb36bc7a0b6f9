// Progress of a long statement, for a client to show while it runs (the CLI's status line):
// CREATE MODEL reports each training pass.

export interface Progress {
  /** The statement, e.g. `CREATE MODEL churn`. */
  readonly what: string;
  /** The current step, e.g. 'gradient', 'tree level 3'. */
  readonly step: string;
  /** Steps begun so far (1-based). */
  readonly count: number;
  /** Rows the step reads. */
  readonly rows: number;
  /** Iterations of the fit finished so far, when the trainer counts them. */
  readonly iteration?: number;
  /** The loss after the last finished iteration (as ML.TRAINING_INFO shows it), when known. */
  readonly loss?: number;
}
