// Rows posted as JSON objects (online scoring) as the ML library's columns: each input column a model
// reads is typed by the training query (numbers, text or text arrays); values are checked against that
// type (integer columns take whole numbers only), so a missing column (42703) or a wrong-typed value
// (42804) is the caller's error, and NULL is left to the model's handle_invalid as in ML.PREDICT.

import type { MlColumn } from '../../ml/index.js';
import { listType, typeFromName } from '../../types/data-type.js';
import { LarchError, SqlState } from '../errors.js';
import { type ColumnKind, columnKindOf } from './vector-columns.js';

/** One posted row: column name → JSON value. */
export type JsonRow = Readonly<Record<string, unknown>>;

/** How a posted value is checked: as ColumnKind, with integer columns told apart from other numbers. */
export type JsonKind = ColumnKind | 'integer';

/** How a column of the training query (by its SQL type name) is posted; null when unknown. */
export function kindOfTypeName(typeName: string): JsonKind | null {
  let name = typeName.trim();
  let depth = 0;
  while (name.endsWith('[]')) {
    name = name.slice(0, -2);
    depth++;
  }
  let type = typeFromName(name.replace(/\(.*\)$/, '').trim());
  if (type === null) return null;
  for (let i = 0; i < depth; i++) type = listType(type);
  if (type.id === 'int2' || type.id === 'int4' || type.id === 'int8') return 'integer';
  return columnKindOf(type);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
}

function wrongType(column: string, row: number, wanted: string, value: unknown): LarchError {
  return new LarchError(
    SqlState.datatypeMismatch,
    `column "${column}" of row ${row + 1} must be ${wanted}, not ${describe(value)}`,
  );
}

/** Fails with 42703 unless every row has every column (null is a value; absence is not). */
export function checkColumnsPresent(
  rows: readonly JsonRow[],
  columns: readonly string[],
  model: string,
): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const missing = columns.filter((c) => !Object.hasOwn(row, c));
    if (missing.length > 0)
      throw new LarchError(
        SqlState.undefinedColumn,
        `row ${r + 1} lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} that model "${model}" reads`,
        { hint: 'Features are matched to input columns by name.' },
      );
  }
}

/** Column `name` of every row as an ML column of `kind` (rows are known to have it). */
export function jsonColumn(rows: readonly JsonRow[], name: string, kind: JsonKind): MlColumn {
  const n = rows.length;
  switch (kind) {
    case 'integer': {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === 'number' && Number.isInteger(v)) values[i] = v;
        else if (v === null) values[i] = NaN;
        else if (typeof v === 'boolean') values[i] = v ? 1 : 0;
        else throw wrongType(name, i, 'an integer', v);
      }
      return { kind: 'number', values };
    }
    case 'number': {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === 'number') values[i] = v;
        else if (v === null) values[i] = NaN;
        else if (typeof v === 'boolean') values[i] = v ? 1 : 0;
        else throw wrongType(name, i, 'a number', v);
      }
      return { kind, values };
    }
    case 'string': {
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v !== 'string' && v !== null) throw wrongType(name, i, 'a string', v);
        values[i] = v;
      }
      return { kind, values };
    }
    case 'tokens': {
      const values = new Array<readonly string[] | null>(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null) values[i] = null;
        else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null))
          values[i] = (v as (string | null)[]).filter((x): x is string => x !== null);
        else throw wrongType(name, i, 'an array of strings', v);
      }
      return { kind, values };
    }
  }
}
