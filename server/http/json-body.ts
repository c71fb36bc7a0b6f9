// A request's body read up to a byte limit (413 beyond it, before reading when Content-Length says so)
// and parsed as JSON (400 with 22P02 when it is not JSON).

import type { IncomingMessage } from 'node:http';
import { SqlState } from '../../src/index.js';
import { HttpError } from './http-response.js';

function tooLarge(limit: number): HttpError {
  return new HttpError(413, SqlState.programLimitExceeded, `request body is larger than ${limit} bytes`, {
    Connection: 'close',
  });
}

/** The whole body; fails with 413 past `limit` bytes (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

/** The body as a JSON value. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0)
    throw new HttpError(400, SqlState.invalidTextRepresentation, 'the request has no body');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (e) {
    throw new HttpError(
      400,
      SqlState.invalidTextRepresentation,
      `the body is not valid JSON: ${(e as Error).message}`,
    );
  }
}
