// Who may call the HTTP endpoint: anyone when the server has no users (it then listens on loopback
// only), else HTTP Basic authentication with the same users and passwords as the PostgreSQL server
// (401 with WWW-Authenticate otherwise; use --tls-cert so passwords travel encrypted).

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SqlState } from '../../src/index.js';
import { HttpError } from './http-response.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function unauthorized(code: string, message: string): HttpError {
  return new HttpError(401, code, message, { 'WWW-Authenticate': 'Basic realm="larch", charset="UTF-8"' });
}

/** Fails with 401 unless the request carries a user's password (when users are configured). */
export function checkAuthorization(req: IncomingMessage, users: ReadonlyMap<string, string>): void {
  if (users.size === 0) return;
  const header = req.headers.authorization;
  const m = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (m === null) throw unauthorized(SqlState.invalidAuthorizationSpecification, 'authentication required');
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const user = colon < 0 ? text : text.slice(0, colon);
  const password = users.get(user);
  const given = colon < 0 ? '' : text.slice(colon + 1);
  // Compared in constant time, and a digest even for unknown users, so timing tells nothing.
  const ok = timingSafeEqual(digest(given), digest(password ?? '\u0000no user')) && password !== undefined;
  if (!ok) throw unauthorized(SqlState.invalidPassword, `password authentication failed for user "${user}"`);
}
