// POST /v1/models/{name}/predict (or TensorFlow Serving's /v1/models/{name}:predict): the posted rows
// scored by the model, each echoed with ML.PREDICT's prediction columns added:
//   {"model": "m", "version": 2, "predictions": [{...row, "predicted_label": …, "predicted_label_probs": […]}]}
// ?version=N picks a version (default: the active one), ?threshold=X is ML.PREDICT's threshold.

import { predictJsonRows, SqlState } from '../../src/index.js';
import type { RouteContext } from './http-context.js';
import { HttpError, sendJson } from './http-response.js';
import { parseJson, readBody } from './json-body.js';
import { jsonRows } from './json-rows.js';

function badParameter(message: string): HttpError {
  return new HttpError(400, SqlState.invalidParameterValue, message);
}

function versionParameter(query: URLSearchParams): number | null {
  const text = query.get('version');
  if (text === null) return null;
  const version = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(version >= 1)) throw badParameter(`version must be a positive integer, not "${text}"`);
  return version;
}

function thresholdParameter(query: URLSearchParams): number | undefined {
  const text = query.get('threshold');
  if (text === null) return undefined;
  const threshold = text.trim() === '' ? NaN : Number(text);
  if (!(threshold >= 0 && threshold <= 1))
    throw badParameter(`threshold must be a number from 0 to 1, not "${text}"`);
  return threshold;
}

export async function predictRoute(ctx: RouteContext): Promise<void> {
  const version = versionParameter(ctx.query);
  const threshold = thresholdParameter(ctx.query);
  const rows = jsonRows(parseJson(await readBody(ctx.req, ctx.maxBodyBytes)));
  const scored = await predictJsonRows(ctx.engine, ctx.name, rows, { version, threshold });
  const predictions = rows.map((row, i) => ({ ...row, ...scored.rows[i] }));
  sendJson(ctx.res, 200, { model: scored.model, version: scored.version, predictions });
}
