// What a route handler gets: the request and response, the shared engine, the model name from the
// path, the query parameters and the body limit.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../src/index.js';

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly engine: Engine;
  /** The `{name}` path segment, decoded ('' for routes without one). */
  readonly name: string;
  readonly query: URLSearchParams;
  readonly maxBodyBytes: number;
}

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;
