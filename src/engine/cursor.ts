// A statement's result read a piece at a time: the batches of a running query (or of a finished
// statement) handed out in chunks of at most N rows, for portals, SQL cursors and streaming.

import { type Batch, sliceBatch } from '../columnar/batch.js';
import type { DataType } from '../types/data-type.js';
import type { TimeZone } from '../types/datetime.js';
import type { RegNameLookup } from '../types/text-format.js';
import { toLarchError } from './errors.js';
import { QueryResult } from './result.js';

/** A result column: its name and Larch type. */
export interface Field {
  readonly name: string;
  readonly type: DataType;
}

export interface CursorSource {
  /** Columns of the rows; null for statements that return no rows (INSERT without RETURNING, SET). */
  readonly schema: readonly Field[] | null;
  readonly batches: AsyncIterator<Batch>;
  /** The command tag once every row was read, given the number of rows read. */
  readonly command: (rows: number) => string;
  readonly timeZone: TimeZone;
  /** Names for reg* values (regclass …) in text output; absent: they show as oids. */
  readonly regName?: RegNameLookup | undefined;
  /** Runs once, when the rows run out, fail, or the cursor is closed. */
  readonly finish?: (error: unknown) => void;
}

export class Cursor {
  readonly schema: readonly Field[] | null;
  readonly timeZone: TimeZone;
  readonly regName: RegNameLookup | undefined;
  /** Rows handed out so far. */
  rowCount = 0;
  private pending: Batch | null = null;
  private exhausted = false;
  private finished = false;

  constructor(private readonly source: CursorSource) {
    this.schema = source.schema;
    this.timeZone = source.timeZone;
    this.regName = source.regName;
  }

  /** A cursor over an already computed result; `returnsRows` is false for commands (INSERT, SET …). */
  static of(result: QueryResult, returnsRows: boolean): Cursor {
    const batches = result.batches[Symbol.iterator]();
    return new Cursor({
      schema: returnsRows ? result.schema : null,
      batches: { next: async () => batches.next() },
      command: () => result.command,
      timeZone: result.timeZone,
      regName: result.regName,
    });
  }

  /** Whether every row has been read. */
  get done(): boolean {
    return this.exhausted && this.pending === null;
  }

  /** The command tag (`SELECT 3`, `INSERT 0 1`), complete once `done`. */
  get command(): string {
    return this.source.command(this.rowCount);
  }

  /** The next rows, at most `maxRows` of them (any number when 0); null when none are left. */
  async next(maxRows = 0): Promise<Batch | null> {
    let batch = this.pending;
    this.pending = null;
    while (batch === null && !this.exhausted) {
      let r: IteratorResult<Batch>;
      try {
        r = await this.source.batches.next();
      } catch (e) {
        this.exhausted = true;
        this.finish(e);
        throw toLarchError(e);
      }
      if (r.done) {
        this.exhausted = true;
        this.finish(null);
      } else if (r.value.length > 0) batch = r.value;
    }
    if (batch === null) return null;
    if (maxRows > 0 && batch.length > maxRows) {
      this.pending = sliceBatch(batch, maxRows, batch.length);
      batch = sliceBatch(batch, 0, maxRows);
    }
    this.rowCount += batch.length;
    return batch;
  }

  /** Up to `maxRows` rows (all when 0) as a QueryResult. */
  async fetch(maxRows = 0): Promise<QueryResult> {
    const batches: Batch[] = [];
    let rows = 0;
    while (maxRows === 0 || rows < maxRows) {
      const b = await this.next(maxRows === 0 ? 0 : maxRows - rows);
      if (b === null) break;
      batches.push(b);
      rows += b.length;
    }
    return new QueryResult(this.schema ?? [], batches, this.command, rows, this.timeZone).withRegNames(
      this.regName,
    );
  }

  /** Stops the query; the cursor then reads as empty. */
  async close(): Promise<void> {
    this.pending = null;
    if (this.exhausted) return;
    this.exhausted = true;
    try {
      await this.source.batches.return?.();
    } finally {
      this.finish(null);
    }
  }

  private finish(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.source.finish?.(error);
  }
}
