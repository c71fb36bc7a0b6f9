// The arguments of file readers: a file name, glob or list of them first, then named options
// (read_csv('x.csv', delim => ';', header => true)), checked against the reader's option list.

import type { Scalar } from '../columnar/vector.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { TableFunctionArg } from '../functions/function.js';
import type { DataType } from '../types/data-type.js';
import { parseTypeName } from './type-names.js';

export type OptionKind = 'bool' | 'int' | 'text' | 'char' | 'columns' | 'types';

/** Option name → kind; `alias:` entries map another name onto an option. */
export type OptionSpec = Readonly<Record<string, OptionKind | `alias:${string}`>>;

/** Column name → type, as `columns` gives it (in order) or `types` overrides it. */
export type ColumnTypes = readonly { readonly name: string | number; readonly type: DataType }[];

export interface ReaderArgs {
  readonly paths: string[];
  readonly options: ReadonlyMap<string, Scalar | ColumnTypes>;
}

function boolValue(fn: string, name: string, v: Scalar): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', 't', 'on', 'yes', '1'].includes(t)) return true;
    if (['false', 'f', 'off', 'no', '0'].includes(t)) return false;
  }
  throw invalidOption(fn, name, v, 'a boolean');
}

function invalidOption(fn: string, name: string, v: Scalar, what: string): LarchError {
  return new LarchError(
    SqlState.invalidParameterValue,
    `${fn}: option "${name}" must be ${what}, not ${typeof v === 'string' ? `"${v}"` : String(v)}`,
  );
}

/**
 * Column types from JSON text: an object `{"a": "integer", "b": "text"}` or, for `types`, an array
 * of type names by position.
 */
function columnTypes(fn: string, name: string, v: Scalar): ColumnTypes {
  let parsed: unknown = v;
  if (typeof v === 'string') {
    try {
      parsed = JSON.parse(v);
    } catch {
      throw invalidOption(fn, name, v, `a JSON object of column names and types such as '{"a": "integer"}'`);
    }
  }
  if (Array.isArray(parsed)) {
    if (name === 'columns' || parsed.some((t) => typeof t !== 'string'))
      throw invalidOption(fn, name, v, 'a JSON object of column names and types');
    return (parsed as string[]).map((t, i) => ({ name: i, type: parseTypeName(t) }));
  }
  if (parsed === null || typeof parsed !== 'object')
    throw invalidOption(fn, name, v, 'a JSON object of column names and types');
  return Object.entries(parsed as Record<string, unknown>).map(([col, t]) => {
    if (typeof t !== 'string') throw invalidOption(fn, name, v, 'a JSON object whose values are type names');
    return { name: col, type: parseTypeName(t) };
  });
}

function optionValue(fn: string, name: string, kind: OptionKind, v: Scalar): Scalar | ColumnTypes {
  switch (kind) {
    case 'bool':
      return boolValue(fn, name, v);
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
      if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
      throw invalidOption(fn, name, v, 'a non-negative integer');
    case 'text':
      if (typeof v === 'string') return v;
      throw invalidOption(fn, name, v, 'text');
    case 'char':
      if (typeof v === 'string' && (v.length === 1 || (v === '' && name !== 'delim'))) return v;
      if (v === '\\t') return '\t';
      throw invalidOption(fn, name, v, 'a single character');
    case 'columns':
    case 'types':
      return columnTypes(fn, name, v);
  }
}

/** Splits and checks a reader's arguments; unknown options and non-constant values are errors. */
export function readerArgs(fn: string, args: readonly TableFunctionArg[], spec: OptionSpec): ReaderArgs {
  const positional = args.filter((a) => a.name === null);
  if (positional.length !== 1) {
    throw new LarchError(
      SqlState.undefinedFunction,
      `${fn} takes one file name, glob or list of them, then named options (${fn}('data.csv', header => true))`,
    );
  }
  const first = positional[0]!.value;
  const paths =
    typeof first === 'string'
      ? [first]
      : Array.isArray(first) && first.every((p) => typeof p === 'string')
        ? (first as string[])
        : null;
  if (paths === null) {
    throw new LarchError(
      SqlState.invalidParameterValue,
      `${fn} needs a constant file name, glob or array of them as its first argument`,
    );
  }
  const options = new Map<string, Scalar | ColumnTypes>();
  for (const a of args) {
    if (a.name === null) continue;
    let name = a.name.toLowerCase();
    let kind = spec[name];
    if (kind !== undefined && kind.startsWith('alias:')) {
      name = kind.slice(6);
      kind = spec[name];
    }
    if (kind === undefined) {
      throw new LarchError(SqlState.syntaxError, `option "${a.name}" not recognized by ${fn}`, {
        hint: `${fn} accepts: ${Object.keys(spec).sort().join(', ')}.`,
      });
    }
    if (a.value === undefined) {
      throw new LarchError(SqlState.invalidParameterValue, `${fn}: option "${name}" must be a constant`);
    }
    if (a.value === null) continue;
    options.set(name, optionValue(fn, name, kind as OptionKind, a.value));
  }
  return { paths, options };
}

/** Typed accessors over parsed options. */
export class Options {
  constructor(private readonly map: ReadonlyMap<string, Scalar | ColumnTypes>) {}

  has(name: string): boolean {
    return this.map.has(name);
  }
  bool(name: string, fallback: boolean): boolean {
    return (this.map.get(name) as boolean | undefined) ?? fallback;
  }
  int(name: string, fallback: number): number {
    return (this.map.get(name) as number | undefined) ?? fallback;
  }
  text(name: string): string | undefined {
    return this.map.get(name) as string | undefined;
  }
  columns(name: string): ColumnTypes | undefined {
    return this.map.get(name) as ColumnTypes | undefined;
  }
}
