// How a server is configured: address, users and their authentication, TLS and limits.

import type { AuthMethod } from './auth.js';
import { LarchError, SqlState } from '../src/index.js';

export interface ServerOptions {
  /** Address to listen on; loopback unless password authentication is configured. */
  readonly host: string;
  readonly port: number;
  /** Users and passwords; empty means trust (any user name, no password) on loopback. */
  readonly users: ReadonlyMap<string, string>;
  readonly authMethod: AuthMethod;
  /** Connections beyond this many are refused with SQLSTATE 53300. */
  readonly maxConnections: number;
  /** PEM certificate and key: SSLRequest is then answered with TLS. */
  readonly tls?: { readonly cert: Buffer | string; readonly key: Buffer | string };
  /** A client that has not finished its startup and authentication by then is disconnected. */
  readonly startupTimeoutMs: number;
  /** Longest message accepted; a longer length claim closes the connection before any allocation. */
  readonly maxMessageBytes: number;
  /** On shutdown, running statements get this long to finish before their connections are closed. */
  readonly shutdownGraceMs: number;
  /** The database name clients must ask for (others get 3D000). */
  readonly database: string;
}

export const DEFAULT_OPTIONS: ServerOptions = {
  host: '127.0.0.1',
  port: 5433,
  users: new Map(),
  authMethod: 'scram-sha-256',
  maxConnections: 100,
  startupTimeoutMs: 60_000,
  maxMessageBytes: 256 * 1024 * 1024,
  shutdownGraceMs: 5_000,
  database: 'larch',
};

/** Whether an address only reaches this machine. */
export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::ffff:127.0.0.1'
  );
}

/** Refuses an address beyond loopback unless password authentication is configured. */
export function checkListenAddress(options: Pick<ServerOptions, 'host' | 'users'>): void {
  if (isLoopback(options.host) || options.users.size > 0) return;
  throw new LarchError(
    SqlState.configFileError,
    `refusing to listen on ${options.host} without password authentication`,
    { hint: 'Configure users with --user NAME:PASSWORD (or --users-file), or listen on 127.0.0.1.' },
  );
}
