// COPY … FROM STDIN and COPY … TO STDOUT: the rows of a table or query as text or CSV lines, and
// lines from the client loaded into a table with the column defaults and constraints of INSERT.

import type { CopyStmt } from '@pgsql/types';
import { BATCH_SIZE, type Batch, sliceBatch } from '../columnar/batch.js';
import { getScalar, vectorFromScalars } from '../columnar/vector-ops.js';
import { MemoryTableSource, TableData } from '../catalog/table-data.js';
import type { TableEntry } from '../catalog/catalog.js';
import { col } from '../logical/expr.js';
import type { LogicalPlan, OutputColumn } from '../logical/plan.js';
import { type PgNode, stringList } from '../sql/ast.js';
import { Types } from '../types/data-type.js';
import { formatValue } from '../types/text-format.js';
import { type CopyOptions, CopyLineReader, type CopyRecord, formatCopyLine } from './copy-format.js';
import type { Cursor } from './cursor.js';
import { LarchError, SqlState } from './errors.js';
import { QueryResult } from './result.js';
import type { StatementContext } from './statement-context.js';
import { assignTo, checkConstraints, defaultExpr, resolveTable } from './statements/table-write.js';

/** COPY … TO STDOUT: the result's rows as lines. */
export class CopyOut {
  constructor(
    readonly options: CopyOptions,
    private readonly cursor: Cursor,
  ) {}

  get columnCount(): number {
    return this.cursor.schema?.length ?? 0;
  }

  /** Rows written so far; the command tag is `COPY n`. */
  get rowCount(): number {
    return this.cursor.rowCount;
  }

  /** The lines (header first, when asked for), a batch of rows at a time. */
  async *chunks(): AsyncGenerator<string> {
    const schema = this.cursor.schema ?? [];
    const format = { timeZone: this.cursor.timeZone, regName: this.cursor.regName };
    if (this.options.header)
      yield formatCopyLine(
        schema.map((c) => c.name),
        this.options,
      );
    for (let b = await this.cursor.next(); b !== null; b = await this.cursor.next()) {
      let text = '';
      for (let i = 0; i < b.length; i++) {
        const values = schema.map((c, k) => {
          const v = getScalar(b.columns[k]!, i);
          return v === null ? null : formatValue(c.type, v, format);
        });
        text += formatCopyLine(values, this.options);
      }
      yield text;
    }
  }

  close(): Promise<void> {
    return this.cursor.close();
  }
}

/** COPY … FROM STDIN's rows: batches of text fields, and each row's line in the data. */
export interface CopyRows {
  readonly batches: readonly Batch[];
  readonly lines: readonly number[];
}

/** COPY … FROM STDIN: takes the client's data, then loads it in one statement. */
export class CopyIn {
  private readonly reader: CopyLineReader;
  private readonly rows: (string | null)[][] = [];
  private readonly batches: Batch[] = [];
  private readonly lines: number[] = [];
  private readonly decoder = new TextDecoder();
  /** The first error in the data; the rest of it is then skipped and `end` throws it. */
  private error: unknown = null;

  constructor(
    readonly options: CopyOptions,
    /** The table being loaded, for error context. */
    readonly table: string,
    /** The columns being loaded, in the order of the data's fields. */
    readonly columns: readonly string[],
    private readonly load: (rows: CopyRows) => Promise<QueryResult>,
    /** Called with an error that ends the COPY (the transaction block then fails). */
    private readonly failed: (error: unknown) => void,
  ) {
    this.reader = new CopyLineReader(options);
  }

  /** Adds a piece of the data (any split, even mid-line or mid-character). */
  write(data: Uint8Array | string): void {
    if (this.error !== null) return;
    try {
      const text = typeof data === 'string' ? data : this.decoder.decode(data, { stream: true });
      this.add(this.reader.push(text));
    } catch (e) {
      this.error = e;
    }
  }

  /** Ends the data and loads the rows; resolves to the `COPY n` result. */
  async end(): Promise<QueryResult> {
    try {
      if (this.error !== null) throw this.error;
      this.add(this.reader.push(this.decoder.decode()));
      this.add(this.reader.finish());
      this.flush();
    } catch (e) {
      this.failed(e);
      throw e;
    }
    return this.load({ batches: this.batches, lines: this.lines });
  }

  /** The client gave up (CopyFail): nothing is loaded. */
  abort(message: string): LarchError {
    const e = new LarchError(SqlState.queryCanceled, `COPY from stdin failed: ${message}`);
    this.failed(e);
    return e;
  }

  private add(records: CopyRecord[]): void {
    for (const { fields, line, text } of records) {
      if (fields.length !== this.columns.length) {
        throw new LarchError(
          SqlState.badCopyFileFormat,
          fields.length < this.columns.length
            ? `missing data for column "${this.columns[fields.length]}"`
            : 'extra data after last expected column',
          { context: `COPY ${this.table}, line ${line}: "${text}"` },
        );
      }
      this.rows.push(fields);
      this.lines.push(line);
      if (this.rows.length >= BATCH_SIZE) this.flush();
    }
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    const columns = this.columns.map((_, k) =>
      vectorFromScalars(
        Types.unknown,
        this.rows.map((r) => r[k]!),
      ),
    );
    this.batches.push({ length: this.rows.length, columns });
    this.rows.length = 0;
  }
}

/** The table and columns COPY FROM loads (all columns unless a list is given). */
export function copyTarget(ctx: StatementContext, stmt: CopyStmt): { entry: TableEntry; columns: string[] } {
  if (stmt.relation === undefined) {
    throw new LarchError(SqlState.wrongObjectType, 'COPY FROM needs a table, not a query');
  }
  const entry = resolveTable(ctx, stmt.relation, 'insert');
  const listed = stringList(stmt.attlist);
  for (const name of listed) {
    if (!entry.columns.some((c) => c.name === name)) {
      throw new LarchError(
        SqlState.undefinedColumn,
        `column "${name}" of relation "${entry.name}" does not exist`,
      );
    }
  }
  return { entry, columns: listed.length > 0 ? listed : entry.columns.map((c) => c.name) };
}

/** Loads rows of text fields into the table, as INSERT … SELECT would (defaults, casts, constraints). */
export async function copyFromRows(
  ctx: StatementContext,
  stmt: CopyStmt,
  rows: CopyRows,
): Promise<QueryResult> {
  const { entry, columns } = copyTarget(ctx, stmt);
  const binder = ctx.binder();
  const fields = columns.map((name) => ({ id: binder.ctx.newId(), name, type: Types.unknown }));
  const outputs: OutputColumn[] = entry.columns.map((c) => ({
    id: binder.ctx.newId(),
    name: c.name,
    type: c.type,
  }));
  const exprs = entry.columns.map((column, i) => {
    const k = columns.indexOf(column.name);
    const expr =
      k < 0
        ? defaultExpr(binder, column)
        : assignTo(binder, col(fields[k]!.id, Types.unknown, column.name), column);
    return { id: outputs[i]!.id, name: column.name, expr };
  });
  /** The rows of `batches` converted to the table's columns (those of `only`, when given). */
  const convert = (batches: readonly Batch[], only?: number): Promise<Batch[]> => {
    const source = new MemoryTableSource(
      `COPY ${entry.name}`,
      fields,
      new TableData(
        fields.map(() => Types.unknown),
        batches,
      ),
    );
    const scan: LogicalPlan = {
      kind: 'scan',
      source,
      columns: fields.map((f, index) => ({ ...f, index })),
      filters: [],
      rowId: null,
      output: fields,
    };
    const picked = only === undefined ? exprs : [exprs[only]!];
    const output = only === undefined ? outputs : [outputs[only]!];
    return ctx.run({ kind: 'project', input: scan, exprs: picked, output }, output);
  };
  let batches: Batch[];
  try {
    batches = await convert(rows.batches);
  } catch (e) {
    if (e instanceof LarchError && e.context === undefined) {
      const where = await failingField(convert, rows, columns, entry.columns);
      e.context = `COPY ${entry.name}${where === null ? '' : `, ${where}`}`;
    }
    throw e;
  }
  const count = batches.reduce((s, b) => s + b.length, 0);
  checkConstraints(ctx, entry, batches, entry.data);
  const data = entry.data.appendAll(batches);
  ctx.txn.put({ ...entry, data });
  return new QueryResult([], [], `COPY ${count}`, count, ctx.evalContext.timeZone);
}

/**
 * Where converting COPY's rows failed, as PostgreSQL's context puts it (`line 3, column b: "x"`):
 * the first failing row, found by halving, then its first failing column; null when no single row
 * fails alone.
 */
async function failingField(
  convert: (batches: readonly Batch[], only?: number) => Promise<Batch[]>,
  rows: CopyRows,
  /** The input's fields, by column name. */
  fields: readonly string[],
  tableColumns: readonly { readonly name: string }[],
): Promise<string | null> {
  const fails = (batches: readonly Batch[], only?: number) =>
    convert(batches, only).then(
      () => false,
      () => true,
    );
  let offset = 0;
  for (const batch of rows.batches) {
    if (!(await fails([batch]))) {
      offset += batch.length;
      continue;
    }
    let [lo, hi] = [0, batch.length];
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (await fails([sliceBatch(batch, lo, mid)])) hi = mid;
      else lo = mid;
    }
    const row = sliceBatch(batch, lo, lo + 1);
    const line = `line ${rows.lines[offset + lo]}`;
    for (let i = 0; i < tableColumns.length; i++) {
      if (!(await fails([row], i))) continue;
      const name = tableColumns[i]!.name;
      const k = fields.indexOf(name);
      if (k < 0) return `${line}, column ${name}`;
      const value = getScalar(row.columns[k]!, 0);
      return `${line}, column ${name}: ${value === null ? 'null input' : `"${String(value)}"`}`;
    }
    return line;
  }
  return null;
}

/** The query COPY table [(columns)] TO reads: SELECT columns FROM table. */
export function copyOutQuery(stmt: CopyStmt): PgNode {
  if (stmt.query !== undefined) return stmt.query;
  const listed = stringList(stmt.attlist);
  const column = (name: string): PgNode => ({
    ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: name } }] } } },
  });
  const targetList: PgNode[] =
    listed.length > 0
      ? listed.map(column)
      : [{ ResTarget: { val: { ColumnRef: { fields: [{ A_Star: {} }] } } } }];
  return {
    SelectStmt: {
      targetList,
      fromClause: [{ RangeVar: stmt.relation! }],
      limitOption: 'LIMIT_OPTION_DEFAULT',
      op: 'SETOP_NONE',
    },
  } as PgNode;
}
