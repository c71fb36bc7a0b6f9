// Errors raised by training and scoring: a LarchError whose message names the option or column at fault.

import { LarchError, SqlState } from '../../engine/errors.js';

/** Bad option value, bad column content, too few rows: ends the statement with a clear message. */
export function mlError(message: string, hint?: string): LarchError {
  return new LarchError(SqlState.invalidParameterValue, message, hint === undefined ? {} : { hint });
}

/** Asserts an internal invariant; a failure is a bug, reported as an internal error. */
export function mlAssert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new LarchError(SqlState.internalError, `ML internal error: ${message}`);
}
