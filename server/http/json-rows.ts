// The rows a predict request scores: one object, an array of objects, or `{"instances": [...]}` as
// TensorFlow Serving and Vertex AI send them. Anything else is a 400 naming what was wrong.

import { type JsonRow, SqlState } from '../../src/index.js';
import { HttpError } from './http-response.js';

function isObject(value: unknown): value is JsonRow {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function invalid(message: string): HttpError {
  return new HttpError(400, SqlState.invalidParameterValue, message);
}

function rowsOf(items: readonly unknown[]): JsonRow[] {
  items.forEach((item, i) => {
    if (!isObject(item))
      throw invalid(`row ${i + 1} must be a JSON object of column values, not ${kindOf(item)}`);
  });
  return items as JsonRow[];
}

/** The rows of a parsed body. */
export function jsonRows(body: unknown): JsonRow[] {
  if (Array.isArray(body)) return rowsOf(body);
  if (!isObject(body))
    throw invalid(`the body must be a JSON object (one row) or an array of objects, not ${kindOf(body)}`);
  // Vertex AI sends "parameters" beside "instances"; they are not needed here.
  if (Object.hasOwn(body, 'instances')) {
    const instances = body.instances;
    if (!Array.isArray(instances))
      throw invalid(`"instances" must be an array of objects, not ${kindOf(instances)}`);
    return rowsOf(instances);
  }
  return [body];
}
