// A session's LISTEN / UNLISTEN / NOTIFY state, with PostgreSQL's transaction semantics: LISTEN,
// UNLISTEN and NOTIFY are queued and take effect only when the transaction commits (ROLLBACK drops
// them, ROLLBACK TO SAVEPOINT drops what followed the savepoint), and a (channel, payload) pair
// queued twice in one transaction is sent once. The session decides when to commit.

import type { ListenStmt, Node, NotifyStmt, UnlistenStmt } from '@pgsql/types';
import { bodyOf, tagOf } from '../sql/ast.js';
import { LarchError, SqlState } from './errors.js';
import type { Notification, NotificationHub } from './notifications.js';

/** PostgreSQL's NOTIFY_PAYLOAD_MAX_LENGTH: a payload must be shorter, in bytes. */
const MAX_PAYLOAD_BYTES = 8000;
/** NAMEDATALEN - 1: the longest channel name. */
const MAX_CHANNEL_LENGTH = 63;

type ListenAction =
  | { readonly kind: 'listen'; readonly channel: string }
  | { readonly kind: 'unlisten'; readonly channel: string | null };

/**
 * Queues LISTEN, UNLISTEN and NOTIFY statements; returns the command tag, or null for other
 * statements.
 */
export function queueNotificationStatement(notes: SessionNotifications, ast: Node): string | null {
  switch (tagOf(ast)) {
    case 'ListenStmt':
      notes.listen(bodyOf<ListenStmt>(ast).conditionname ?? '');
      return 'LISTEN';
    case 'UnlistenStmt':
      notes.unlisten(bodyOf<UnlistenStmt>(ast).conditionname ?? null);
      return 'UNLISTEN';
    case 'NotifyStmt': {
      const n = bodyOf<NotifyStmt>(ast);
      notes.notify(n.conditionname ?? '', n.payload ?? '');
      return 'NOTIFY';
    }
    default:
      return null;
  }
}

interface PendingNotify {
  readonly channel: string;
  readonly payload: string;
}

interface Mark {
  readonly name: string;
  readonly notifies: number;
  readonly actions: number;
}

export class SessionNotifications {
  /** Channels listened on, with the function that ends each subscription (in LISTEN order). */
  private readonly active = new Map<string, () => void>();
  private notifies: PendingNotify[] = [];
  private readonly queued = new Set<string>();
  private actions: ListenAction[] = [];
  private marks: Mark[] = [];

  constructor(
    private readonly hub: NotificationHub,
    private readonly deliver: (n: Notification) => void,
  ) {}

  /** The channels listened on, as committed (pg_listening_channels). */
  get channels(): string[] {
    return [...this.active.keys()];
  }

  listen(channel: string): void {
    this.actions.push({ kind: 'listen', channel });
  }

  /** UNLISTEN channel, or UNLISTEN * with null. */
  unlisten(channel: string | null): void {
    this.actions.push({ kind: 'unlisten', channel });
  }

  /** NOTIFY channel, payload (and pg_notify): checks it as PostgreSQL does and queues it. */
  notify(channel: string, payload: string): void {
    if (channel === '') {
      throw new LarchError(SqlState.invalidParameterValue, 'channel name cannot be empty');
    }
    if (Buffer.byteLength(channel, 'utf8') > MAX_CHANNEL_LENGTH) {
      throw new LarchError(SqlState.invalidParameterValue, 'channel name too long');
    }
    if (Buffer.byteLength(payload, 'utf8') >= MAX_PAYLOAD_BYTES) {
      throw new LarchError(SqlState.invalidParameterValue, 'payload string too long');
    }
    const key = JSON.stringify([channel, payload]);
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.notifies.push({ channel, payload });
  }

  /** The transaction committed: applies LISTEN / UNLISTEN in order, then sends the notifications. */
  commit(processId: number): void {
    const actions = this.actions;
    const notifies = this.notifies;
    this.clear();
    for (const action of actions) {
      if (action.kind === 'listen') this.subscribe(action.channel);
      else if (action.channel === null) this.unlistenAll();
      else this.unsubscribe(action.channel);
    }
    let failure: { error: unknown } | null = null;
    for (const n of notifies) {
      try {
        this.hub.publish(n.channel, n.payload, processId);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== null) throw failure.error;
  }

  /** The transaction rolled back: forgets everything queued. */
  rollback(): void {
    this.clear();
  }

  savepoint(name: string): void {
    this.marks.push({ name, notifies: this.notifies.length, actions: this.actions.length });
  }

  /** RELEASE: forgets the savepoint and later ones (what they queued stays queued). */
  release(name: string): void {
    const i = this.findMark(name);
    if (i >= 0) this.marks.length = i;
  }

  /** ROLLBACK TO: drops what was queued after the savepoint, which stays. */
  rollbackTo(name: string): void {
    const i = this.findMark(name);
    if (i < 0) return;
    const mark = this.marks[i]!;
    this.marks.length = i + 1;
    this.notifies.length = mark.notifies;
    this.actions.length = mark.actions;
    this.queued.clear();
    for (const n of this.notifies) this.queued.add(JSON.stringify([n.channel, n.payload]));
  }

  /** Stops listening on every channel at once (session end, DISCARD ALL). */
  unlistenAll(): void {
    for (const end of this.active.values()) end();
    this.active.clear();
  }

  private subscribe(channel: string): void {
    if (this.active.has(channel)) return;
    this.active.set(
      channel,
      this.hub.subscribe(channel, (n) => this.deliver(n)),
    );
  }

  private unsubscribe(channel: string): void {
    this.active.get(channel)?.();
    this.active.delete(channel);
  }

  private findMark(name: string): number {
    for (let i = this.marks.length - 1; i >= 0; i--) if (this.marks[i]!.name === name) return i;
    return -1;
  }

  private clear(): void {
    this.notifies = [];
    this.queued.clear();
    this.actions = [];
    this.marks = [];
  }
}
