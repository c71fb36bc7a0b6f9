// COPY's option list, `(FORMAT parquet, HEADER, DELIMITER ';', PARTITION_BY (year, month), …)`,
// checked and resolved against the format's defaults (PostgreSQL's for csv and text).

import { LarchError, SqlState } from '../../engine/errors.js';
import { bodyOf, type PgNode, tagOf } from '../../sql/ast.js';
import type { FileFormatName } from './file-writer.js';

export type CopyOptionValue = string | boolean | number | readonly string[] | '*';

const FORMATS: Record<string, FileFormatName> = {
  csv: 'csv',
  text: 'text',
  json: 'json',
  ndjson: 'json',
  parquet: 'parquet',
  arrow: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
};

const KNOWN = new Set([
  'format',
  'header',
  'delimiter',
  'null',
  'quote',
  'escape',
  'force_quote',
  'encoding',
  'compression',
  'partition_by',
  'overwrite',
  'overwrite_or_ignore',
  'row_group_size',
  'array',
  'ignore_errors',
  'dateformat',
  'timestampformat',
  'skip',
  'freeze',
]);

function argValue(arg: PgNode | undefined): CopyOptionValue {
  if (arg === undefined) return true;
  const tag = tagOf(arg);
  const body = bodyOf<Record<string, unknown>>(arg);
  switch (tag) {
    case 'String':
      return (body.sval as string | undefined) ?? '';
    case 'Boolean':
      return (body.boolval as boolean | undefined) ?? false;
    case 'Integer':
      return (body.ival as number | undefined) ?? 0;
    case 'Float':
      return Number(body.fval);
    case 'A_Star':
      return '*';
    case 'List':
      return ((body.items as PgNode[] | undefined) ?? []).map((n) => String(argValue(n)));
    default:
      throw new LarchError(SqlState.syntaxError, `unsupported COPY option value ${tag}`);
  }
}

/** The options of a COPY statement, by lower-case name. */
export class CopyOptions {
  private readonly values = new Map<string, CopyOptionValue>();

  constructor(defs: readonly PgNode[]) {
    for (const node of defs) {
      const d = bodyOf<{ defname: string; arg?: PgNode }>(node);
      const name = d.defname.toLowerCase();
      if (!KNOWN.has(name)) throw new LarchError(SqlState.syntaxError, `option "${name}" not recognized`);
      if (this.values.has(name))
        throw new LarchError(SqlState.syntaxError, 'conflicting or redundant options');
      this.values.set(name, argValue(d.arg));
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  raw(name: string): CopyOptionValue | undefined {
    return this.values.get(name);
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.values.get(name);
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    const t = String(v).toLowerCase();
    if (['true', 'on', '1', 'yes'].includes(t)) return true;
    if (['false', 'off', '0', 'no'].includes(t)) return false;
    throw new LarchError(SqlState.invalidParameterValue, `${name} requires a Boolean value`);
  }

  text(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v);
  }

  int(name: string, fallback: number): number {
    const v = this.values.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0)
      throw new LarchError(SqlState.invalidParameterValue, `${name} must be a positive integer`);
    return n;
  }

  list(name: string): string[] | '*' | undefined {
    const v = this.values.get(name);
    if (v === undefined || v === '*') return v;
    return Array.isArray(v) ? [...v] : [String(v)];
  }

  /** FORMAT, or from the file name's extension, or PostgreSQL's default (text). */
  format(path: string | undefined): FileFormatName {
    const given = this.text('format')?.toLowerCase();
    if (given !== undefined) {
      if (given === 'binary')
        throw new LarchError(SqlState.featureNotSupported, 'COPY format "binary" is not supported');
      const f = FORMATS[given];
      if (f === undefined)
        throw new LarchError(SqlState.invalidParameterValue, `COPY format "${given}" not recognized`);
      return f;
    }
    // Formats PostgreSQL does not have are known by their extension; otherwise its default, text
    // (so COPY t TO 'x.csv' writes what PostgreSQL writes there).
    const ext = /\.([a-z]+)(\.gz)?$/i.exec(path ?? '')?.[1]?.toLowerCase();
    if (ext === 'parquet' || ext === 'arrow' || ext === 'feather' || ext === 'ipc') return FORMATS[ext]!;
    if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
    return 'text';
  }

  /** A one-byte character option (DELIMITER, QUOTE, ESCAPE). */
  char(name: string, fallback: string): string {
    const v = this.text(name);
    if (v === undefined) return fallback;
    if (v.length !== 1 || v.charCodeAt(0) > 0x7f)
      throw new LarchError(SqlState.featureNotSupported, `COPY ${name} must be a single one-byte character`);
    return v;
  }
}
