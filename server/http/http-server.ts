// The HTTP online-scoring endpoint (`larch serve --http PORT`): a node:http server over the same Engine
// as the PostgreSQL server (HTTPS with its TLS certificate, Basic authentication with its users).
// Requests are routed (http-router.ts), every failure becomes a JSON error response (the server never
// crashes on bad input), and close() stops accepting, lets requests in flight finish (up to a grace
// period) and ends keep-alive connections.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { listenOn } from '../listen.js';
import { type Engine, SqlState } from '../../src/index.js';
import { checkAuthorization } from './http-auth.js';
import { route } from './http-router.js';
import { HttpError, sendError } from './http-response.js';

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Larger bodies are refused with 413. */
  readonly maxBodyBytes: number;
  /** On close, requests in flight get this long to finish. */
  readonly shutdownGraceMs: number;
  /** Users and passwords for HTTP Basic authentication; empty means none is asked for. */
  readonly users: ReadonlyMap<string, string>;
  /** PEM certificate and key: the endpoint then speaks HTTPS. */
  readonly tls?: { readonly cert: Buffer | string; readonly key: Buffer | string };
}

export const DEFAULT_HTTP_OPTIONS: HttpServerOptions = {
  host: '127.0.0.1',
  port: 8080,
  maxBodyBytes: 10 * 1024 * 1024,
  shutdownGraceMs: 5_000,
  users: new Map(),
};

export class LarchHttpServer {
  readonly options: HttpServerOptions;
  private readonly server: Server;
  private inFlight = 0;
  private closing: Promise<void> | null = null;

  constructor(
    readonly engine: Engine,
    options: Partial<HttpServerOptions> = {},
  ) {
    this.options = { ...DEFAULT_HTTP_OPTIONS, ...options };
    const tls = this.options.tls;
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server =
      tls === undefined ? createServer(handler) : createTlsServer({ cert: tls.cert, key: tls.key }, handler);
  }

  /** Starts listening; resolves to the port (useful with port 0). */
  listen(): Promise<number> {
    return listenOn(this.server, this.options.port, this.options.host);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.closing !== null) {
      sendError(
        res,
        new HttpError(503, SqlState.adminShutdown, 'the server is shutting down', { Connection: 'close' }),
      );
      return;
    }
    this.inFlight++;
    res.once('close', () => this.inFlight--);
    this.dispatch(req, res).catch((e: unknown) => {
      try {
        sendError(res, e);
      } catch {
        res.destroy();
      }
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    checkAuthorization(req, this.options.users);
    const match = route(req.method ?? 'GET', pathname);
    await match.handler({
      req,
      res,
      engine: this.engine,
      name: match.name,
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      maxBodyBytes: this.options.maxBodyBytes,
    });
  }

  /** Stops accepting, waits for requests in flight (up to shutdownGraceMs), closes every connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeIdleConnections();
      const deadline = Date.now() + this.options.shutdownGraceMs;
      while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      this.server.closeAllConnections();
      await closed;
    })();
    return this.closing;
  }
}
