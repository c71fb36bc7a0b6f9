// The PostgreSQL wire server: listens, admits connections up to max_connections, routes cancel
// requests by backend key, and shuts down by letting running statements finish, then closing.

import { randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import { listenOn } from './listen.js';
import { type Engine, LarchError, SqlState } from '../src/index.js';
import { userSecret, type UserSecret } from './auth.js';
import { Connection, type ConnectionHost } from './connection.js';
import { runProtocol } from './protocol-loop.js';
import { checkListenAddress, DEFAULT_OPTIONS, type ServerOptions } from './server-options.js';
import { startConnection } from './startup.js';

export class LarchServer implements ConnectionHost {
  readonly options: ServerOptions;
  readonly secrets: ReadonlyMap<string, UserSecret>;
  readonly upgradeTls: ((socket: Duplex) => Duplex) | null;
  shuttingDown = false;
  private readonly server: Server;
  /** Every open socket's connection, started or not. */
  private readonly connections = new Set<Connection>();
  /** Connections past startup, which count against max_connections. */
  private readonly admitted = new Set<Connection>();
  private readonly byPid = new Map<number, Connection>();

  constructor(
    readonly engine: Engine,
    options: Partial<ServerOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    checkListenAddress(this.options);
    this.secrets = new Map(
      [...this.options.users].map(([user, password]) => [user, userSecret(user, password)]),
    );
    const tls = this.options.tls;
    let context: SecureContext | null = null;
    if (tls !== undefined) context = createSecureContext({ cert: tls.cert, key: tls.key });
    this.upgradeTls =
      context === null
        ? null
        : (socket) => new TLSSocket(socket as Socket, { isServer: true, secureContext: context });
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening; resolves to the port (useful with port 0). */
  listen(): Promise<number> {
    return listenOn(this.server, this.options.port, this.options.host);
  }

  private newPid(): number {
    for (;;) {
      const pid = randomInt(1000, 2 ** 31 - 1);
      if (!this.byPid.has(pid)) return pid;
    }
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const conn = new Connection(socket, this, this.newPid(), randomInt(0, 2 ** 31 - 1));
    this.connections.add(conn);
    this.byPid.set(conn.pid, conn);
    void this.serve(conn);
  }

  private async serve(conn: Connection): Promise<void> {
    try {
      if (await startConnection(conn)) await runProtocol(conn);
    } catch {
      // A connection's failure ends that connection only.
    } finally {
      conn.close();
      this.connections.delete(conn);
      this.admitted.delete(conn);
      this.byPid.delete(conn.pid);
    }
  }

  admit(conn: Connection): boolean {
    if (this.admitted.size >= this.options.maxConnections) return false;
    this.admitted.add(conn);
    return true;
  }

  cancel(pid: number, secret: number): void {
    const conn = this.byPid.get(pid);
    if (conn !== undefined && conn.secret === secret) conn.cancel();
  }

  /** Connections that finished startup. */
  get connectionCount(): number {
    return this.admitted.size;
  }

  /**
   * Stops accepting connections, lets running statements finish (up to shutdownGraceMs), then
   * ends every connection with 57P01 and closes the engine.
   */
  async close(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const deadline = Date.now() + this.options.shutdownGraceMs;
    while (Date.now() < deadline && [...this.connections].some((c) => c.busy)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const shutdown = new LarchError(
      SqlState.adminShutdown,
      'terminating connection due to administrator command',
    );
    await Promise.all([...this.connections].map((c) => c.fatal(shutdown)));
    await closed;
    await this.engine.close();
  }
}
