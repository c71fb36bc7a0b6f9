// The database's notification channels (LISTEN / NOTIFY): listeners subscribed by channel name, and
// delivery of a published notification to every one of them at once. Transactions, deduplication
// and payload limits are the session's business (session-notifications.ts); this only fans out.

/** A notification as PostgreSQL's NotificationResponse carries it. */
export interface Notification {
  readonly channel: string;
  readonly payload: string;
  /** The backend process id of the session that sent it (process.pid for embedded sessions). */
  readonly processId: number;
}

export type NotificationListener = (n: Notification) => void;

export class NotificationHub {
  private readonly channels = new Map<string, Set<NotificationListener>>();

  /**
   * Delivers a notification to every listener of `channel`, synchronously. A listener that throws
   * does not keep the others from being called; the first error is rethrown after all have run.
   */
  publish(channel: string, payload: string, processId: number): void {
    const listeners = this.channels.get(channel);
    if (listeners === undefined) return;
    const n: Notification = { channel, payload, processId };
    let failure: { error: unknown } | null = null;
    for (const listener of [...listeners]) {
      try {
        listener(n);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== null) throw failure.error;
  }

  /** Calls `listener` for each notification on `channel` until the returned function is called. */
  subscribe(channel: string, listener: NotificationListener): () => void {
    let listeners = this.channels.get(channel);
    if (listeners === undefined) {
      listeners = new Set();
      this.channels.set(channel, listeners);
    }
    // A wrapper, so subscribing the same function twice gives two independent subscriptions.
    const entry: NotificationListener = (n) => listener(n);
    listeners.add(entry);
    return () => {
      const set = this.channels.get(channel);
      if (set === undefined || !set.delete(entry)) return;
      if (set.size === 0) this.channels.delete(channel);
    };
  }

  /** How many listeners `channel` has (all channels when omitted). */
  listenerCount(channel?: string): number {
    if (channel !== undefined) return this.channels.get(channel)?.size ?? 0;
    let count = 0;
    for (const set of this.channels.values()) count += set.size;
    return count;
  }
}
