// What a source read hands a sink: the events as a batch of the source's columns, the events that
// could not be decoded (for the dead-letter table), and the position after them.

import type { JsonValue, SourceColumn } from '../catalog/catalog.js';
import { type Batch, rowsBatch } from '../columnar/batch.js';
import type { Scalar } from '../columnar/vector.js';
import { jsonToScalar } from '../datasource/json/json-values.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { UTC } from '../types/datetime.js';

/** One event as it arrived: its text and where it came from (file:line, topic[partition]@offset). */
export interface RawEvent {
  readonly text: string;
  readonly origin: string;
}

/** An event that did not become a row, and why. */
export interface DeadLetter {
  readonly source: string;
  readonly origin: string;
  readonly payload: string;
  readonly error: string;
  readonly sqlstate: string;
}

export interface SourceRead {
  /** The events as rows of the source's columns. */
  readonly rows: Batch;
  /** Where each row came from, and its text (for dead letters when scoring it fails). */
  readonly events: readonly RawEvent[];
  readonly deadLetters: readonly DeadLetter[];
  /** The position after this read, committed with the sink's output. */
  readonly position: JsonValue;
}

function asLarchError(e: unknown): LarchError {
  return e instanceof LarchError ? e : new LarchError(SqlState.invalidTextRepresentation, String(e));
}

export function deadLetter(source: string, event: RawEvent, e: unknown): DeadLetter {
  const err = asLarchError(e);
  return { source, origin: event.origin, payload: event.text, error: err.message, sqlstate: err.code };
}

/**
 * JSON events as rows: each must be an object; its fields are matched to the columns by name
 * (case-insensitively; missing fields are NULL) and converted to the column types. An event that
 * is not JSON, not an object or has a value of the wrong type becomes a dead letter.
 */
export function decodeJsonEvents(
  source: string,
  columns: readonly SourceColumn[],
  events: readonly RawEvent[],
  position: JsonValue,
): SourceRead {
  const rows: Scalar[][] = [];
  const kept: RawEvent[] = [];
  const dead: DeadLetter[] = [];
  for (const event of events) {
    try {
      const value: unknown = JSON.parse(event.text);
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new LarchError(SqlState.invalidTextRepresentation, 'the event is not a JSON object');
      const fields = new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
      rows.push(
        columns.map((c) => {
          try {
            return jsonToScalar(fields.get(c.name.toLowerCase()), c.type, UTC);
          } catch (e) {
            const err = asLarchError(e);
            throw new LarchError(err.code, `column "${c.name}": ${err.message}`);
          }
        }),
      );
      kept.push(event);
    } catch (e) {
      dead.push(
        deadLetter(
          source,
          event,
          e instanceof SyntaxError
            ? new LarchError(SqlState.invalidTextRepresentation, `invalid JSON: ${e.message}`)
            : e,
        ),
      );
    }
  }
  return { rows: rowsBatch(columns, rows), events: kept, deadLetters: dead, position };
}
