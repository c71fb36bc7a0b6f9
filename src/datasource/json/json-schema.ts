// Inferring a table from sampled JSON records: one column per key in order of first appearance,
// each with the narrowest type its values share. Nested objects stay JSON values (-> and ->>
// reach inside); arrays of scalars become arrays; mixed values become JSON.

import { type DataType, listType, Types } from '../../types/data-type.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;

/** The column a record that is not an object is read into. */
export const VALUE_COLUMN = 'json';

function valueType(v: unknown): DataType | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
      return Types.bool;
    case 'number':
      return Number.isSafeInteger(v) ? Types.int8 : Types.float8;
    case 'string':
      if (DATE.test(v) && !Number.isNaN(Date.parse(v))) return Types.date;
      if (TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')))) return Types.timestamp;
      return Types.text;
    default:
      if (Array.isArray(v)) {
        let element: DataType | null = null;
        for (const x of v) element = merge(element, valueType(x));
        return element === null
          ? listType(Types.text)
          : element.id === 'json' || element.id === 'list'
            ? Types.json
            : listType(element);
      }
      return Types.json;
  }
}

/** The type both values fit: numbers widen, dates widen to timestamps, anything else is JSON. */
export function merge(a: DataType | null, b: DataType | null): DataType | null {
  if (a === null) return b;
  if (b === null || a.id === b.id) {
    if (a.id === 'list' && b?.id === 'list') {
      const e = merge(a.element, b.element);
      return e === null || e.id === 'json' ? Types.json : listType(e);
    }
    return a;
  }
  const pair = new Set([a.id, b.id]);
  if (pair.has('int8') && pair.has('float8')) return Types.float8;
  if (pair.has('date') && pair.has('timestamp')) return Types.timestamp;
  if ((pair.has('date') || pair.has('timestamp')) && pair.has('text')) return Types.text;
  return Types.json;
}

/** Columns of sampled records: object keys, or a single column when records are not objects. */
export function inferColumns(records: readonly unknown[]): { name: string; type: DataType }[] {
  const objects = records.filter((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
  if (objects.length === 0 || objects.length < records.filter((r) => r !== null).length) {
    let type: DataType | null = null;
    for (const r of records) type = merge(type, valueType(r));
    return [{ name: VALUE_COLUMN, type: type ?? Types.json }];
  }
  const types = new Map<string, DataType | null>();
  for (const o of objects) {
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      types.set(k, merge(types.get(k) ?? null, valueType(v)));
    }
  }
  return [...types].map(([name, t]) => ({ name, type: t ?? Types.text }));
}
