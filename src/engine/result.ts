// Query results: column metadata, rows as plain JS objects, and Arrow tables, built lazily from batches.

import type * as arrow from 'apache-arrow';
import { toArrowTable } from '../columnar/arrow.js';
import type { Batch } from '../columnar/batch.js';
import type { Scalar } from '../columnar/vector.js';
import { getScalar } from '../columnar/vector-ops.js';
import { type DataType, typeName } from '../types/data-type.js';
import type { TimeZone } from '../types/datetime.js';
import { decimalToString, type Decimal } from '../types/decimal.js';
import { formatValue, type RegNameLookup } from '../types/text-format.js';

export interface ResultColumn {
  readonly name: string;
  /** PostgreSQL's name for the type, e.g. `integer`, `numeric(15,2)`, `text`. */
  readonly type: string;
}

export type Row = Record<string, unknown>;

/**
 * A value as the embedding API returns it: numbers, strings, booleans, arrays, objects or null;
 * reg* values as their names when `regName` is given.
 */
export function toJs(type: DataType, value: Scalar, timeZone: TimeZone, regName?: RegNameLookup): unknown {
  if (value === null) return null;
  switch (type.id) {
    case 'bool':
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'oid':
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
    case 'json':
    case 'bytea':
      return value;
    case 'numeric':
      return decimalToString(value as Decimal);
    case 'list':
      return (value as readonly Scalar[]).map((v) => toJs(type.element, v, timeZone, regName));
    case 'struct': {
      const record = value as Record<string, Scalar>;
      return Object.fromEntries(
        type.fields.map((f) => [f.name, toJs(f.type, record[f.name] ?? null, timeZone, regName)]),
      );
    }
    default:
      return formatValue(type, value, { timeZone, regName });
  }
}

export class QueryResult {
  /** The command tag, as PostgreSQL reports it: `SELECT 3`, `INSERT 0 1`, `CREATE TABLE`. */
  readonly command: string;
  readonly columns: readonly ResultColumn[];
  /**
   * Names for reg* values (regclass, regtype …), from the catalog the statement saw: set by the
   * statements that return rows; without it such values show as oids.
   */
  regName: RegNameLookup | undefined = undefined;
  private cachedRows: Row[] | null = null;

  constructor(
    readonly schema: readonly { readonly name: string; readonly type: DataType }[],
    readonly batches: readonly Batch[],
    command: string,
    /** Rows affected (INSERT/UPDATE/DELETE) or returned. */
    readonly rowCount: number,
    /** The session time zone the values are shown in. */
    readonly timeZone: TimeZone,
    /**
     * Whether the statement returns rows (psql then prints them, not the tag): a query does, even
     * of no columns (`SELECT;`); CREATE TABLE … AS and SELECT INTO, tagged SELECT too, do not.
     */
    readonly returnsRows = schema.length > 0 || /^SELECT\b/.test(command),
  ) {
    this.command = command;
    this.columns = schema.map((c) => ({ name: c.name, type: typeName(c.type) }));
  }

  /** Rows as objects keyed by column name (a later duplicate name wins, as in node-postgres). */
  get rows(): Row[] {
    if (this.cachedRows !== null) return this.cachedRows;
    const rows: Row[] = [];
    for (const b of this.batches) {
      for (let i = 0; i < b.length; i++) {
        const row: Row = {};
        this.schema.forEach((c, k) => {
          row[c.name] = toJs(c.type, getScalar(b.columns[k]!, i), this.timeZone, this.regName);
        });
        rows.push(row);
      }
    }
    this.cachedRows = rows;
    return rows;
  }

  /** Rows as arrays of values in column order. */
  get arrays(): unknown[][] {
    const out: unknown[][] = [];
    for (const b of this.batches) {
      for (let i = 0; i < b.length; i++)
        out.push(
          this.schema.map((c, k) => toJs(c.type, getScalar(b.columns[k]!, i), this.timeZone, this.regName)),
        );
    }
    return out;
  }

  /** Each value in PostgreSQL's text format (null for NULL): what psql shows. */
  textRows(): (string | null)[][] {
    const out: (string | null)[][] = [];
    const options = { timeZone: this.timeZone, regName: this.regName };
    for (const b of this.batches) {
      for (let i = 0; i < b.length; i++) {
        out.push(
          this.schema.map((c, k) => {
            const v = getScalar(b.columns[k]!, i);
            return v === null ? null : formatValue(c.type, v, options);
          }),
        );
      }
    }
    return out;
  }

  /** Sets the names reg* values show as; returns the result. */
  withRegNames(regName: RegNameLookup | undefined): this {
    this.regName = regName;
    return this;
  }

  toArrow(): arrow.Table {
    return toArrowTable(this.schema, this.batches);
  }
}
