// JSON responses and errors of the HTTP endpoint: `{"error": {"code": SQLSTATE, "message": …}}` with the
// HTTP status a SQLSTATE calls for (404 unknown model or version, 400 the caller's input, 503 shutting
// down, 500 only for internal errors).

import type { ServerResponse } from 'node:http';
import { LarchError, SqlState, toLarchError } from '../../src/index.js';

/** An error with the HTTP status it answers with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (Allow for 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const NOT_FOUND = new Set<string>([SqlState.undefinedTable, SqlState.undefinedObject]);
const UNAVAILABLE = new Set<string>([
  SqlState.adminShutdown,
  SqlState.cannotConnectNow,
  SqlState.queryCanceled,
  SqlState.tooManyConnections,
]);

/** The HTTP status for an engine error. */
export function statusOf(e: LarchError): number {
  if (NOT_FOUND.has(e.code)) return 404;
  if (UNAVAILABLE.has(e.code)) return 503;
  if (/^(22|23|42|0A|2B)/.test(e.code)) return 400;
  return 500;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers with an error; anything that is neither HttpError nor LarchError is internal (500). */
export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e instanceof HttpError) {
    sendJson(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
    return;
  }
  const error = e instanceof LarchError ? e : toLarchError(e);
  const body: Record<string, string> = { code: error.code, message: error.message };
  if (error.detail !== undefined) body.detail = error.detail;
  if (error.hint !== undefined) body.hint = error.hint;
  sendJson(res, statusOf(error), { error: body });
}
