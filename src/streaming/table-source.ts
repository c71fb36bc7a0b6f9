// A source over a table: the rows appended to it since the sink's position (a row count). Rows
// are read in table order; deleting rows of a source table moves the position back to its end.

import type { JsonValue, SourceEntry, TableEntry } from '../catalog/catalog.js';
import { mergeChunks } from '../catalog/table-data.js';
import { sliceBatch } from '../columnar/batch.js';
import { nullVector } from '../columnar/vector-ops.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { RawEvent, SourceRead } from './stream-events.js';

/** Rows read from a table per micro-batch unless MAX_ROWS_PER_TRIGGER says otherwise. */
const DEFAULT_MAX_ROWS = 100_000;

export function tableRowsRead(position: JsonValue | null): number {
  const rows = (position as { rows?: unknown } | null)?.rows;
  return typeof rows === 'number' ? rows : 0;
}

/** Rows of `table` not yet read at `position`. */
export function tableLag(table: TableEntry | undefined, position: JsonValue | null): number {
  return table === undefined ? 0 : Math.max(0, table.data.rowCount - tableRowsRead(position));
}

export function readTableSource(
  source: SourceEntry,
  table: TableEntry | undefined,
  position: JsonValue | null,
): SourceRead {
  if (table === undefined)
    throw new LarchError(
      SqlState.undefinedTable,
      `source "${source.name}": table "${(source.origin as { table: string }).table}" does not exist`,
    );
  const data = table.data;
  const from = Math.min(tableRowsRead(position), data.rowCount);
  const max = Number(source.options['max_rows_per_trigger'] ?? DEFAULT_MAX_ROWS);
  const to = Math.min(data.rowCount, from + max);
  // The source's columns by name in the table as it is now (columns may have been added since).
  const columnIndexes = source.columns.map((c) => table.columns.findIndex((t) => t.name === c.name));
  const pieces = [];
  for (let i = 0; i < data.slots.length && to > from; i++) {
    const start = data.chunkStart(i);
    const end = start + data.slots[i]!.length;
    if (end <= from || start >= to) continue;
    const present = columnIndexes.filter((c) => c >= 0);
    const chunk = data.chunkColumns(i, present);
    const piece = sliceBatch(chunk, Math.max(from, start) - start, Math.min(to, end) - start);
    let k = 0;
    pieces.push({
      length: piece.length,
      columns: source.columns.map((c, j) =>
        columnIndexes[j]! >= 0 ? piece.columns[k++]! : nullVector(c.type, piece.length),
      ),
    });
  }
  const rows = mergeChunks(
    source.columns.map((c) => c.type),
    pieces,
  );
  const events: RawEvent[] = [];
  for (let r = from; r < to; r++) events.push({ text: '', origin: `${table.name}#${r + 1}` });
  return { rows, events, deadLetters: [], position: { rows: to } };
}
