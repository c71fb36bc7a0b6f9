// Event-time windows in a sink (TUMBLE / HOP over a source with a WATERMARK), emitted once each:
// the watermark is the latest event time seen minus the lateness the source allows; a batch runs the
// query over the new rows plus the rows of windows still open, and keeps only the windows whose end
// the watermark passed since the last batch, (previous watermark, watermark]. Rows stay pending while
// a window holding them can still be open (event time + window size > watermark); a row whose every
// window has already been emitted is late and goes to the dead-letter table.

import type { SinkWindow, SourceEntry, WindowState } from '../catalog/catalog.js';
import { type Batch, batch, gatherBatch, rowsBatch } from '../columnar/batch.js';
import type { Scalar } from '../columnar/vector.js';
import { concatVectors, getScalar } from '../columnar/vector-ops.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { typeName } from '../types/data-type.js';
import { UTC } from '../types/datetime.js';
import { formatValue } from '../types/text-format.js';
import { parseValue } from '../types/text-parse.js';
import { type DeadLetter, deadLetter, type SourceRead } from './stream-events.js';

export interface WindowStep {
  /** The source's rows to run the query over: pending rows, then the new ones in time. */
  readonly read: SourceRead;
  readonly state: WindowState;
  readonly late: readonly DeadLetter[];
  /** The query, keeping only the windows the watermark closed in this batch. */
  readonly query: string;
}

function literal(source: SourceEntry, column: number, micros: number): string {
  const type = source.columns[column]!.type;
  return `'${formatValue(type, micros, { timeZone: UTC })}'::${typeName(type)}`;
}

export function stepWindow(
  window: SinkWindow,
  source: SourceEntry,
  read: SourceRead,
  state: WindowState | null,
  query: string,
): WindowStep {
  const column = source.columns.findIndex((c) => c.name === window.column);
  const sizeUs = window.sizeMs * 1000;
  const previous = state?.watermark ?? null;
  const times = read.rows.columns[column]!;
  const kept: number[] = [];
  const late: DeadLetter[] = [];
  let maxEventTime = state?.maxEventTime ?? null;
  for (let i = 0; i < read.rows.length; i++) {
    const t = getScalar(times, i) as number | null;
    const event = read.events[i] ?? { text: '', origin: '' };
    if (t === null) {
      late.push(
        deadLetter(
          source.name,
          event,
          new LarchError(SqlState.nullValueNotAllowed, `event time "${window.column}" is NULL`),
        ),
      );
    } else if (previous !== null && t + sizeUs <= previous) {
      late.push(
        deadLetter(
          source.name,
          event,
          new LarchError(
            SqlState.invalidParameterValue,
            `late event: its windows closed at watermark ${literal(source, column, previous)}`,
          ),
        ),
      );
    } else {
      kept.push(i);
      maxEventTime = maxEventTime === null ? t : Math.max(maxEventTime, t);
    }
  }
  const pending = rowsBatch(
    source.columns,
    (state?.rows ?? []).map((r) =>
      r.map((text, j): Scalar => (text === null ? null : parseValue(source.columns[j]!.type, text))),
    ),
  );
  const fresh = gatherBatch(read.rows, Int32Array.from(kept));
  const rows: Batch = batch(
    source.columns.map((c, j) => concatVectors(c.type, [pending.columns[j]!, fresh.columns[j]!])),
  );
  const watermark = maxEventTime === null ? null : maxEventTime - window.delayMs * 1000;
  const open: (string | null)[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const t = getScalar(rows.columns[column]!, i) as number;
    if (watermark === null || t + sizeUs > watermark)
      open.push(
        source.columns.map((c, j) => {
          const v = getScalar(rows.columns[j]!, i);
          return v === null ? null : formatValue(c.type, v, { timeZone: UTC });
        }),
      );
  }
  const conditions =
    watermark === null
      ? ['false']
      : [
          `window_end <= ${literal(source, column, watermark)}`,
          ...(previous === null ? [] : [`window_end > ${literal(source, column, previous)}`]),
        ];
  return {
    read: { ...read, rows, events: [] },
    state: { maxEventTime, watermark, rows: open },
    late,
    query: `SELECT * FROM (${query}) AS windowed WHERE ${conditions.join(' AND ')}`,
  };
}
