// The endpoint's routes by path and method: an unknown path is 404, a known path with another method
// 405 (with Allow).

import { SqlState } from '../../src/index.js';
import type { RouteHandler } from './http-context.js';
import { HttpError } from './http-response.js';
import { getModelRoute, listModelsRoute } from './models-route.js';
import { predictRoute } from './predict-route.js';

export interface RouteMatch {
  readonly handler: RouteHandler;
  readonly name: string;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, SqlState.invalidTextRepresentation, `invalid percent-encoding in "${segment}"`);
  }
}

function allowing(method: string, allowed: string, handler: RouteHandler, name: string): RouteMatch {
  if (method === allowed) return { handler, name };
  throw new HttpError(
    405,
    SqlState.featureNotSupported,
    `method ${method} is not allowed here; use ${allowed}`,
    {
      Allow: allowed,
    },
  );
}

/** The handler for a request, or an HttpError (404, 405). */
export function route(method: string, pathname: string): RouteMatch {
  const parts = pathname.split('/').filter((p, i, all) => i > 0 && !(p === '' && i === all.length - 1));
  if (parts[0] === 'v1' && parts[1] === 'models') {
    if (parts.length === 2) return allowing(method, 'GET', listModelsRoute, '');
    const model = parts[2]!;
    if (parts.length === 3 && model.endsWith(':predict'))
      return allowing(method, 'POST', predictRoute, decoded(model.slice(0, -':predict'.length)));
    if (parts.length === 3 && model !== '') return allowing(method, 'GET', getModelRoute, decoded(model));
    if (parts.length === 4 && parts[3] === 'predict' && model !== '')
      return allowing(method, 'POST', predictRoute, decoded(model));
  }
  throw new HttpError(
    404,
    SqlState.undefinedObject,
    `no route for ${pathname}; routes are GET /v1/models, GET /v1/models/{name} and POST /v1/models/{name}/predict`,
  );
}
