// After startup: each message in turn, dispatched to the simple or extended query protocol.
// After an error in the extended protocol, messages are skipped until Sync, as PostgreSQL does.

import { LarchError, SqlState, toLarchError } from '../src/index.js';
import { errorResponse } from './backend-messages.js';
import type { Connection } from './connection.js';
import { ExtendedQuery } from './extended-query.js';
import { decodeFrontendMessage, type FrontendMessage } from './frontend-messages.js';
import { NotificationOutbox } from './notification-outbox.js';
import { simpleQuery } from './simple-query.js';

export async function runProtocol(conn: Connection): Promise<void> {
  const session = conn.session!;
  const extended = new ExtendedQuery(conn);
  session.onNotice = (n) => errorResponse(conn.writer, n, n.severity, 'N');
  const outbox = new NotificationOutbox(conn);
  session.onNotification = (n) => outbox.receive(n);
  const ready = async () => {
    outbox.release();
    await conn.ready();
  };
  let skipping = false;
  try {
    for (;;) {
      const raw = await conn.nextRaw();
      if (raw === null) return;
      outbox.hold();
      let m: FrontendMessage;
      try {
        m = decodeFrontendMessage(raw);
      } catch (e) {
        await conn.fatal(toLarchError(e));
        return;
      }
      if (m.kind === 'terminate') return;
      if (skipping && m.kind !== 'sync') continue;
      try {
        switch (m.kind) {
          case 'query':
            if (extended.hasPortals) await extended.closeAll();
            await simpleQuery(conn, m.sql);
            await ready();
            break;
          case 'parse':
            await extended.parse(m);
            break;
          case 'bind':
            await extended.bind(m);
            break;
          case 'describe':
            extended.describe(m);
            break;
          case 'execute':
            await extended.execute(m);
            break;
          case 'close':
            await extended.close(m);
            break;
          case 'sync': {
            const succeeded = !skipping;
            skipping = false;
            await extended.sync(succeeded);
            await ready();
            break;
          }
          case 'flush':
            await conn.flush();
            break;
          case 'copy_data':
          case 'copy_done':
          case 'copy_fail':
            // Left over from a COPY that already failed: PostgreSQL discards them too.
            break;
          case 'password':
            throw new LarchError(SqlState.protocolViolation, 'unexpected password message');
          case 'function_call':
            throw new LarchError(
              SqlState.featureNotSupported,
              'the fast-path function call interface is not supported',
            );
        }
      } catch (e) {
        conn.error(toLarchError(e));
        skipping = true;
      }
      if (conn.closed) return;
    }
  } finally {
    session.onNotice = null;
    // The session is done: its channels stop receiving (nothing stays subscribed to the hub).
    session.onNotification = null;
    session.unlistenAll();
    await extended.closeAll().catch(() => {});
    await session.cursors.closeAll().catch(() => {});
  }
}
