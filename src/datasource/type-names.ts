// Type names given to readers as text (columns => '{"a": "numeric(10,2)"}'): SQL type names with
// modifiers and array brackets, resolved as CREATE TABLE resolves them.

import { LarchError, SqlState } from '../engine/errors.js';
import { type DataType, listType, typeFromName } from '../types/data-type.js';

const TYPE_TEXT = /^\s*([a-z_][a-z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*((?:\[\s*\]\s*)*)$/i;

const LONG_NAMES: Record<string, string> = {
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
};

export function parseTypeName(text: string): DataType {
  const m = TYPE_TEXT.exec(text);
  const name = m === null ? null : m[1]!.toLowerCase().replace(/\s+/g, ' ');
  const modifiers = m === null ? [] : [m[2], m[3]].filter((x) => x !== undefined).map(Number);
  let type = name === null ? null : typeFromName(LONG_NAMES[name] ?? name, modifiers);
  if (type === null) throw new LarchError(SqlState.undefinedObject, `type "${text.trim()}" does not exist`);
  const dims = (m![4]!.match(/\[/g) ?? []).length;
  for (let i = 0; i < dims; i++) type = listType(type);
  return type;
}
