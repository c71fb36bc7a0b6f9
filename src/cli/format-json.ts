// JSON output: each result that returns rows becomes an array of row objects (QueryResult.rows).

import type { Row } from '../engine/result.js';

export function formatJson(rows: readonly Row[]): string {
  if (rows.length === 0) return '[]\n';
  return `[\n${rows.map((row) => `  ${jsonValue(row)}`).join(',\n')}\n]\n`;
}

/** JSON text for a value of the embedding API, including the kinds JSON.stringify gets wrong. */
export function jsonValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  // JSON has no NaN or infinities; PostgreSQL's to_json writes them as strings too.
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : `"${value}"`;
  if (value instanceof Uint8Array) return JSON.stringify(`\\x${Buffer.from(value).toString('hex')}`);
  if (Array.isArray(value)) return `[${value.map(jsonValue).join(',')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonValue(v)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
