// CSV and PostgreSQL text-format output, as COPY … TO writes them: CSV quotes only values that
// need it (and empty strings, to tell them from NULL); text format escapes with backslashes.

import type { Batch } from '../../columnar/batch.js';
import type { ByteSink } from './byte-sink.js';
import { columnText } from './column-text.js';
import type { FileWriter, WriteColumn, WriteOptions } from './file-writer.js';

const encoder = new TextEncoder();
const TEXT_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

export class DelimitedWriter implements FileWriter {
  private headerDone = false;
  private readonly needsQuotes: RegExp;
  private readonly quoteRun: RegExp;
  private readonly textSpecial: RegExp;

  constructor(
    private readonly sink: ByteSink,
    private readonly columns: readonly WriteColumn[],
    private readonly o: WriteOptions,
  ) {
    const esc = (c: string) => c.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
    this.needsQuotes = new RegExp(`[${esc(o.delimiter)}${esc(o.quote)}\\r\\n]`);
    this.quoteRun = new RegExp(
      o.escape === o.quote ? esc(o.quote) : `[${esc(o.quote)}${esc(o.escape)}]`,
      'g',
    );
    this.textSpecial = new RegExp(`[\\\\\\n\\r\\t\\b\\f\\v${esc(o.delimiter)}]`, 'g');
  }

  private csvField(s: string | null, force: boolean): string {
    if (s === null) return this.o.nullString;
    if (!force && s !== this.o.nullString && s !== '\\.' && !this.needsQuotes.test(s)) return s;
    return `${this.o.quote}${s.replace(this.quoteRun, (c) => this.o.escape + c)}${this.o.quote}`;
  }

  private textField(s: string | null): string {
    if (s === null) return this.o.nullString;
    return s.replace(this.textSpecial, (c) => TEXT_ESCAPES[c] ?? `\\${c}`);
  }

  private field(s: string | null, column: number): string {
    return this.o.format === 'csv' ? this.csvField(s, this.o.forceQuote.has(column)) : this.textField(s);
  }

  private async header(): Promise<void> {
    if (this.headerDone) return;
    this.headerDone = true;
    if (!this.o.header) return;
    const line = this.columns.map((c, k) => this.field(c.name, k)).join(this.o.delimiter);
    await this.sink.write(encoder.encode(`${line}\n`));
  }

  async write(b: Batch): Promise<void> {
    await this.header();
    if (b.length === 0) return;
    const texts = this.columns.map((c, k) => columnText(b.columns[k]!, c.type, this.o.timeZone));
    const lines: string[] = new Array(b.length);
    const row: string[] = new Array(this.columns.length);
    for (let i = 0; i < b.length; i++) {
      for (let k = 0; k < texts.length; k++) row[k] = this.field(texts[k]![i]!, k);
      lines[i] = row.join(this.o.delimiter);
    }
    lines.push('');
    await this.sink.write(encoder.encode(lines.join('\n')));
  }

  async close(): Promise<void> {
    await this.header();
    await this.sink.close();
  }

  abort(): Promise<void> {
    return this.sink.abort();
  }
}
