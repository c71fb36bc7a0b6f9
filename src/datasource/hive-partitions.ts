// Hive partitioning: folders named key=value (year=2024/month=01/) become columns of every row in
// the files below them. Read-side typing and the write side's folder names live here together.

import { dirname, sep } from 'node:path';
import type { Scalar } from '../columnar/vector.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { type DataType, Types } from '../types/data-type.js';
import { formatValue } from '../types/text-format.js';
import { parseDate } from '../types/datetime.js';

const NULL_NAMES = new Set(['NULL', '__HIVE_DEFAULT_PARTITION__']);
const INTEGER = /^[+-]?\d{1,15}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface HiveColumn {
  readonly name: string;
  readonly type: DataType;
}

/** The key=value pairs of a file's folders, outermost first. */
function pairs(file: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of dirname(file).split(sep)) {
    const eq = part.indexOf('=');
    if (eq > 0) out.push([part.slice(0, eq), decodeURIComponent(part.slice(eq + 1))]);
  }
  return out;
}

function valueType(texts: readonly string[]): DataType {
  const values = texts.filter((t) => !NULL_NAMES.has(t));
  if (values.length === 0) return Types.text;
  if (values.every((v) => INTEGER.test(v))) return Types.int8;
  if (values.every((v) => v === 'true' || v === 'false')) return Types.bool;
  if (values.every((v) => DATE.test(v))) return Types.date;
  return Types.text;
}

/** The partition columns shared by every file (an error when the files disagree on the keys). */
export function hiveColumns(files: readonly string[]): HiveColumn[] {
  const first = pairs(files[0]!).map(([k]) => k);
  const texts: string[][] = first.map(() => []);
  for (const file of files) {
    const p = pairs(file);
    const keys = p.map(([k]) => k);
    if (keys.length !== first.length || keys.some((k, i) => k !== first[i])) {
      throw new LarchError(
        SqlState.invalidParameterValue,
        `hive partition folders of "${file}" (${keys.join(', ') || 'none'}) differ from those of "${files[0]}" (${first.join(', ') || 'none'})`,
      );
    }
    p.forEach(([, v], i) => texts[i]!.push(v));
  }
  return first.map((name, i) => ({ name, type: valueType(texts[i]!) }));
}

/** The partition values of one file, typed as `columns` says. */
export function hiveValues(file: string, columns: readonly HiveColumn[]): Scalar[] {
  const p = pairs(file);
  return columns.map((c, i) => {
    const text = p[i]![1];
    if (NULL_NAMES.has(text)) return null;
    switch (c.type.id) {
      case 'int8':
        return Number(text);
      case 'date':
        return parseDate(text);
      case 'bool':
        return text === 'true';
      default:
        return text;
    }
  });
}

/** A value as a folder name component: characters a path cannot hold are percent-encoded. */
function encodeValue(type: DataType, value: Scalar): string {
  if (value === null) return 'NULL';
  // Booleans as Hive, Spark and DuckDB write them (PostgreSQL's text form is t/f).
  const text = type.id === 'bool' ? String(value) : formatValue(type, value);
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out +=
      code < 0x20 || '%/\\=:*?"<>|'.includes(c) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : c;
  }
  return out;
}

/** The folder path `a=1/b=x` of a partition. */
export function hivePath(columns: readonly HiveColumn[], values: readonly Scalar[]): string {
  return columns.map((c, i) => `${c.name}=${encodeValue(c.type, values[i]!)}`).join(sep);
}
