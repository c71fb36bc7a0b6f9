// A connection's notifications (LISTEN / NOTIFY) on their way to the client, delivered as
// PostgreSQL does: a NotificationResponse goes out at once while the connection is idle (after
// ReadyForQuery, before the next message); otherwise it is held while messages are processed or a
// transaction block is open, and written just before the ReadyForQuery that finds the session
// outside a transaction block.

import type { Notification } from '../src/index.js';
import { notificationResponse } from './backend-messages.js';
import type { Connection } from './connection.js';

export class NotificationOutbox {
  private held: Notification[] = [];
  private busy = false;

  constructor(private readonly conn: Connection) {}

  /** The session's onNotification. */
  receive(n: Notification): void {
    if (this.conn.closed) return;
    if (this.busy || this.conn.session?.transactionStatus !== 'I') {
      this.held.push(n);
      return;
    }
    notificationResponse(this.conn.writer, n.processId, n.channel, n.payload);
    void this.conn.flush();
  }

  /** A client message is being processed: notifications wait for the next ReadyForQuery. */
  hold(): void {
    this.busy = true;
  }

  /** Just before ReadyForQuery: writes the held notifications if no transaction block is open. */
  release(): void {
    this.busy = false;
    if (this.conn.session?.transactionStatus !== 'I') return;
    for (const n of this.held.splice(0)) {
      notificationResponse(this.conn.writer, n.processId, n.channel, n.payload);
    }
  }
}
