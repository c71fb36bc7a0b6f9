// One client connection: reads its socket into a queue of messages processed strictly in order,
// buffers replies and writes them with backpressure, and ends cleanly however the client leaves
// (Terminate, a dropped socket, garbage, a timeout, a server shutdown).

import type { Duplex } from 'node:stream';
import {
  type Engine,
  LarchError,
  type Session,
  settingMillis,
  SqlState,
  toLarchError,
} from '../src/index.js';
import { errorResponse, readyForQuery, type Severity } from './backend-messages.js';
import { MessageFramer, type RawMessage } from './message-framer.js';
import { MessageWriter } from './message-writer.js';
import type { ServerOptions } from './server-options.js';
import type { UserSecret } from './auth.js';

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly engine: Engine;
  readonly options: ServerOptions;
  readonly secrets: ReadonlyMap<string, UserSecret>;
  /** TLS upgrade of the raw socket after an SSLRequest, when TLS is configured. */
  readonly upgradeTls: ((socket: Duplex) => Duplex) | null;
  /** A CancelRequest: interrupts the statement of the connection with that key, if any. */
  cancel(pid: number, secret: number): void;
  /** Whether another connection may start (false past max_connections). */
  admit(connection: Connection): boolean;
  readonly shuttingDown: boolean;
}

/** Queued messages beyond which the socket stops reading until the queue drains. */
const QUEUE_HIGH_WATER = 256;
/** Buffered output beyond which results are written out (and backpressure awaited). */
export const FLUSH_THRESHOLD = 256 * 1024;

export class Connection {
  readonly writer = new MessageWriter();
  readonly framer: MessageFramer;
  session: Session | null = null;
  user = '';
  /** The statement running now; a CancelRequest aborts it. */
  running: AbortController | null = null;
  closed = false;
  private queue: RawMessage[] = [];
  private wake: (() => void) | null = null;
  private drainWaiters: (() => void)[] = [];
  private paused = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    public socket: Duplex,
    readonly host: ConnectionHost,
    readonly pid: number,
    readonly secret: number,
  ) {
    this.framer = new MessageFramer(host.options.maxMessageBytes);
    this.attach(socket);
  }

  /** Reads from `socket` (the raw one, or its TLS wrapper after an upgrade). */
  attach(socket: Duplex): void {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('drain', () => this.drained());
    socket.on('close', () => this.lost());
    socket.on('error', () => this.lost());
    socket.on('end', () => this.lost());
  }

  /** Stops reading the raw socket (before a TLS upgrade takes it over). */
  detach(): Duplex {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('drain');
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('end');
    return this.socket;
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    let messages: RawMessage[];
    try {
      messages = this.framer.push(chunk);
    } catch (e) {
      void this.fatal(toLarchError(e));
      return;
    }
    if (messages.length === 0) return;
    this.queue.push(...messages);
    if (this.queue.length > QUEUE_HIGH_WATER && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.clearIdleTimer();
    this.wake?.();
  }

  private lost(): void {
    if (this.closed) return;
    this.closed = true;
    this.running?.abort(
      new LarchError(SqlState.queryCanceled, 'canceling statement: the client disconnected'),
    );
    this.clearIdleTimer();
    this.wake?.();
    for (const resolve of this.drainWaiters.splice(0)) resolve();
    this.socket.destroy();
  }

  private drained(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /** The next message, or null once the client is gone. */
  async nextRaw(): Promise<RawMessage | null> {
    for (;;) {
      const m = this.queue.shift();
      if (m !== undefined) {
        if (this.paused && this.queue.length < QUEUE_HIGH_WATER / 2) {
          this.paused = false;
          this.socket.resume();
        }
        return m;
      }
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  /**
   * Writes buffered replies to the socket; the promise to wait on while the client is slow to read
   * them, else undefined.
   */
  flush(): Promise<void> | undefined {
    if (this.writer.length === 0 || this.closed) {
      this.writer.take();
      return undefined;
    }
    const ok = this.socket.write(this.writer.take());
    if (ok || this.closed) return undefined;
    return new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Writes raw bytes (the single-byte SSL answers) right away. */
  writeRaw(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }

  /** Flushes when enough output is buffered; results call it between batches. */
  flushIfFull(): Promise<void> | undefined {
    return this.writer.length >= FLUSH_THRESHOLD ? this.flush() : undefined;
  }

  error(e: unknown, severity: Severity = 'ERROR'): void {
    errorResponse(this.writer, toLarchError(e), severity);
  }

  /** Sends a FATAL error and closes the connection. */
  async fatal(e: LarchError): Promise<void> {
    if (this.closed) return;
    this.error(e, 'FATAL');
    await this.flush();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.running?.abort(new LarchError(SqlState.queryCanceled, 'canceling statement: the connection closed'));
    this.clearIdleTimer();
    this.wake?.();
    for (const resolve of this.drainWaiters.splice(0)) resolve();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** ReadyForQuery with the session's transaction status; an idle transaction starts its timeout. */
  async ready(): Promise<void> {
    const status = this.session?.transactionStatus ?? 'I';
    readyForQuery(this.writer, status);
    const draining = this.flush();
    if (draining !== undefined) await draining;
    if (status === 'I' || this.session === null) return;
    const timeout = settingMillis(this.session.settings.get('idle_in_transaction_session_timeout'));
    if (timeout > 0) {
      this.idleTimer = setTimeout(() => {
        void this.fatal(
          new LarchError(
            SqlState.idleInTransactionSessionTimeout,
            'terminating connection due to idle-in-transaction timeout',
          ),
        );
      }, timeout);
      this.idleTimer.unref();
    }
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private controller = new AbortController();

  /** The abort controller for the next statement: reused until a cancel or disconnect aborts it. */
  statementController(): AbortController {
    if (this.controller.signal.aborted) this.controller = new AbortController();
    return this.controller;
  }

  /** Interrupts the running statement (a CancelRequest for this connection). */
  cancel(): void {
    this.running?.abort(new LarchError(SqlState.queryCanceled, 'canceling statement due to user request'));
  }

  /** Whether a statement is running (shutdown waits for these). */
  get busy(): boolean {
    return this.running !== null;
  }
}
