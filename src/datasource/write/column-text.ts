// A vector's values in PostgreSQL's text format, one string per row (null for NULL): what CSV
// and text-format output write. Dictionary strings are formatted once per entry.

import type { Vector } from '../../columnar/vector.js';
import { getScalar, isValid } from '../../columnar/vector-ops.js';
import type { DataType } from '../../types/data-type.js';
import { formatDate, type TimeZone } from '../../types/datetime.js';
import { formatFloat8, formatScaled, formatValue } from '../../types/text-format.js';

export function columnText(v: Vector, type: DataType, timeZone: TimeZone): (string | null)[] {
  const n = v.length;
  const out: (string | null)[] = new Array(n);
  switch (v.kind) {
    case 'string':
      for (let i = 0; i < n; i++) out[i] = isValid(v, i) ? v.dict[v.codes[i]!]! : null;
      return type.id === 'bpchar' || type.id === 'text' || type.id === 'varchar' || type.id === 'name'
        ? out
        : out.map((s) => (s === null ? null : formatValue(type, s, { timeZone })));
    case 'i16':
    case 'i32':
      if (type.id === 'date') {
        for (let i = 0; i < n; i++) out[i] = isValid(v, i) ? formatDate(v.data[i]!) : null;
        return out;
      }
      if (type.id === 'int2' || type.id === 'int4') {
        for (let i = 0; i < n; i++) out[i] = isValid(v, i) ? String(v.data[i]) : null;
        return out;
      }
      break;
    case 'f64':
      if (type.id === 'int8') {
        for (let i = 0; i < n; i++) out[i] = isValid(v, i) ? String(v.data[i]) : null;
        return out;
      }
      if (type.id === 'float8') {
        for (let i = 0; i < n; i++) out[i] = isValid(v, i) ? formatFloat8(v.data[i]!) : null;
        return out;
      }
      break;
    case 'numeric':
      for (let i = 0; i < n; i++) out[i] = isValid(v, i) ? formatScaled(v.data[i]!, v.scale) : null;
      return out;
    default:
      break;
  }
  for (let i = 0; i < n; i++) {
    const x = getScalar(v, i);
    out[i] = x === null ? null : formatValue(type, x, { timeZone });
  }
  return out;
}
