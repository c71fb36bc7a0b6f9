// COPY's text and CSV formats: the options (FORMAT, DELIMITER, NULL, HEADER, QUOTE, ESCAPE), writing
// a row as a line, and reading lines back into fields, incrementally as data arrives.

import type { CopyStmt } from '@pgsql/types';
import { bodyOf, type PgNode, tagOf } from '../sql/ast.js';
import { LarchError, SqlState } from './errors.js';

export interface CopyOptions {
  readonly format: 'text' | 'csv';
  readonly delimiter: string;
  readonly null: string;
  readonly header: boolean;
  readonly quote: string;
  readonly escape: string;
}

function optionText(arg: PgNode | undefined): string | undefined {
  if (arg === undefined) return undefined;
  const tag = tagOf(arg);
  if (tag === 'String') return bodyOf<{ sval?: string }>(arg).sval ?? '';
  if (tag === 'Boolean') return bodyOf<{ boolval?: boolean }>(arg).boolval ? 'true' : 'false';
  if (tag === 'Integer') return String(bodyOf<{ ival?: number }>(arg).ival ?? 0);
  return undefined;
}

function truthy(value: string | undefined): boolean {
  return value === undefined || ['true', 'on', '1', 'yes'].includes(value.toLowerCase());
}

export function copyOptions(stmt: CopyStmt): CopyOptions {
  let format: 'text' | 'csv' = 'text';
  const given = new Map<string, string | undefined>();
  for (const node of stmt.options ?? []) {
    const d = bodyOf<{ defname: string; arg?: PgNode }>(node);
    given.set(d.defname, optionText(d.arg));
  }
  const f = given.get('format')?.toLowerCase();
  if (f === 'csv') format = 'csv';
  else if (f === 'binary') throw new LarchError(SqlState.featureNotSupported, 'COPY BINARY is not supported');
  else if (f !== undefined && f !== 'text') {
    throw new LarchError(SqlState.invalidParameterValue, `COPY format "${f}" not recognized`);
  }
  for (const name of given.keys()) {
    if (!['format', 'delimiter', 'null', 'header', 'quote', 'escape', 'encoding'].includes(name)) {
      throw new LarchError(SqlState.featureNotSupported, `COPY option "${name}" is not supported`);
    }
  }
  const delimiter = given.get('delimiter') ?? (format === 'csv' ? ',' : '\t');
  if (delimiter.length !== 1) {
    throw new LarchError(SqlState.featureNotSupported, 'COPY delimiter must be a single one-byte character');
  }
  const quote = given.get('quote') ?? '"';
  return {
    format,
    delimiter,
    null: given.get('null') ?? (format === 'csv' ? '' : '\\N'),
    header: given.has('header') && truthy(given.get('header')),
    quote,
    escape: given.get('escape') ?? quote,
  };
}

const TEXT_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One row as a line (with its newline) in the text or CSV format. */
export function formatCopyLine(values: readonly (string | null)[], o: CopyOptions): string {
  const fields = values.map((v) => {
    if (v === null) return o.null;
    if (o.format === 'text') {
      return v.replace(/[\\\n\r\t\b\f\v]/g, (c) => {
        if (c === '\\') return '\\\\';
        const k = Object.keys(TEXT_ESCAPES).find((x) => TEXT_ESCAPES[x] === c)!;
        return `\\${k}`;
      });
    }
    const needsQuote =
      v === o.null || v.includes(o.delimiter) || v.includes(o.quote) || v.includes('\n') || v.includes('\r');
    if (!needsQuote) return v;
    const escaped = v.split(o.quote).join(o.escape + o.quote);
    return (
      o.quote + (o.escape === o.quote ? escaped : escaped.split(o.escape).join(o.escape + o.escape)) + o.quote
    );
  });
  return `${fields.join(o.delimiter)}\n`;
}

/** One row of COPY input: its fields, and its line (1-based) and text for error context. */
export interface CopyRecord {
  readonly fields: (string | null)[];
  readonly line: number;
  readonly text: string;
}

/** Splits COPY input into rows of fields as it arrives; a row is returned once its line is complete. */
export class CopyLineReader {
  private buffer = '';
  private ended = false;
  /** Lines read so far. */
  private line = 0;

  constructor(private readonly o: CopyOptions) {}

  /** Adds data and returns the rows it completed. */
  push(text: string): CopyRecord[] {
    this.buffer += text;
    return this.take(false);
  }

  /** The rows left at the end of the data. */
  finish(): CopyRecord[] {
    return this.take(true);
  }

  private take(final: boolean): CopyRecord[] {
    const rows: CopyRecord[] = [];
    if (this.ended) return rows;
    let start = 0;
    for (;;) {
      const end = this.o.format === 'csv' ? this.csvRecordEnd(start) : this.buffer.indexOf('\n', start);
      if (end < 0) break;
      const row = this.record(this.buffer.slice(start, end));
      start = end + 1;
      if (row === 'end') {
        this.ended = true;
        break;
      }
      if (row !== null) rows.push(row);
    }
    this.buffer = this.buffer.slice(start);
    if (final && this.buffer.length > 0 && !this.ended) {
      const row = this.record(this.buffer);
      this.buffer = '';
      if (row !== null && row !== 'end') rows.push(row);
    }
    return rows;
  }

  /** The end of the CSV record starting at `start` (a newline outside quotes), or -1. */
  private csvRecordEnd(start: number): number {
    const { quote, escape } = this.o;
    let quoted = false;
    for (let i = start; i < this.buffer.length; i++) {
      const c = this.buffer[i]!;
      if (quoted) {
        if (c === escape && escape !== quote && this.buffer[i + 1] === quote) i++;
        else if (c === quote) {
          if (escape === quote && this.buffer[i + 1] === quote) i++;
          else quoted = false;
        }
      } else if (c === quote) quoted = true;
      else if (c === '\n') return i;
    }
    return -1;
  }

  /** One line's row; null for a skipped header, 'end' for the `\.` end marker. */
  private record(raw: string): CopyRecord | null | 'end' {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const line = ++this.line;
    // A CSV record may span lines (newlines inside quotes): PostgreSQL counts them all.
    if (this.o.format === 'csv')
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.line++;
    if (text === '\\.') return 'end';
    if (line === 1 && this.o.header) return null;
    const fields = this.o.format === 'csv' ? this.csvFields(text) : this.textFields(text);
    return { fields, line, text };
  }

  private textFields(text: string): (string | null)[] {
    return text.split(this.o.delimiter).map((f) => {
      if (f === this.o.null) return null;
      if (!f.includes('\\')) return f;
      return f.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e: string) => {
        if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
        if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
        return TEXT_ESCAPES[e] ?? e;
      });
    });
  }

  private csvFields(text: string): (string | null)[] {
    const { delimiter, quote, escape } = this.o;
    const fields: (string | null)[] = [];
    let i = 0;
    for (;;) {
      let value = '';
      let quoted = false;
      while (i < text.length && text[i] !== delimiter) {
        if (text[i] === quote) {
          quoted = true;
          i++;
          while (i < text.length) {
            if (text[i] === escape && text[i + 1] === quote) {
              value += quote;
              i += 2;
            } else if (text[i] === escape && escape !== quote && text[i + 1] === escape) {
              value += escape;
              i += 2;
            } else if (text[i] === quote) {
              i++;
              break;
            } else value += text[i++];
          }
        } else value += text[i++];
      }
      // An unquoted field equal to the NULL string is NULL; a quoted one is the string itself.
      fields.push(!quoted && value === this.o.null ? null : value);
      if (i >= text.length) break;
      i++;
    }
    return fields;
  }
}
