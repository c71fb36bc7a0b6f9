// JSON output: one object per line (newline-delimited), or one array of objects. Numbers stay
// numbers (numerics with their exact digits), JSON columns nest, arrays become JSON arrays,
// dates and timestamps are strings in PostgreSQL's format.

import type { Batch } from '../../columnar/batch.js';
import type { Scalar } from '../../columnar/vector.js';
import { getScalar } from '../../columnar/vector-ops.js';
import type { DataType } from '../../types/data-type.js';
import type { TimeZone } from '../../types/datetime.js';
import { decimalToString, type Decimal } from '../../types/decimal.js';
import { formatValue } from '../../types/text-format.js';
import type { ByteSink } from './byte-sink.js';
import type { FileWriter, WriteColumn, WriteOptions } from './file-writer.js';

const encoder = new TextEncoder();

/** A value as JSON text. */
export function jsonText(type: DataType, v: Scalar, timeZone: TimeZone): string {
  if (v === null) return 'null';
  switch (type.id) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'oid':
      return Number.isFinite(v as number) ? String(v) : JSON.stringify(formatValue(type, v));
    case 'numeric':
      return decimalToString(v as Decimal);
    case 'json':
      return JSON.stringify(v);
    case 'list':
      return `[${(v as readonly Scalar[]).map((x) => jsonText(type.element, x, timeZone)).join(',')}]`;
    case 'struct':
      return `{${type.fields.map((f) => `${JSON.stringify(f.name)}:${jsonText(f.type, (v as Record<string, Scalar>)[f.name] ?? null, timeZone)}`).join(',')}}`;
    default:
      return JSON.stringify(formatValue(type, v, { timeZone }));
  }
}

export class JsonWriter implements FileWriter {
  private rows = 0;
  private readonly keys: string[];

  constructor(
    private readonly sink: ByteSink,
    private readonly columns: readonly WriteColumn[],
    private readonly o: WriteOptions,
  ) {
    this.keys = columns.map((c) => `${JSON.stringify(c.name)}:`);
  }

  async write(b: Batch): Promise<void> {
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const fields = this.columns.map(
        (c, k) => this.keys[k] + jsonText(c.type, getScalar(b.columns[k]!, i), this.o.timeZone),
      );
      const prefix = !this.o.jsonArray ? '' : this.rows === 0 ? '[\n' : ',\n';
      lines.push(`${prefix}{${fields.join(',')}}`);
      this.rows++;
    }
    if (lines.length === 0) return;
    await this.sink.write(encoder.encode(this.o.jsonArray ? lines.join('') : `${lines.join('\n')}\n`));
  }

  async close(): Promise<void> {
    if (this.o.jsonArray) await this.sink.write(encoder.encode(this.rows === 0 ? '[]\n' : '\n]\n'));
    await this.sink.close();
  }

  abort(): Promise<void> {
    return this.sink.abort();
  }
}
