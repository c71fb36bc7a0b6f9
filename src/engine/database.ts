// The database: the committed catalog state, object ids and the function registry, shared by
// every session of an engine. With a directory (src/storage/), a commit is durable before it is
// published; commits, checkpoints and closing run one at a time, in order.

import { CatalogState, DEFAULT_SCHEMA, type TableEntry } from '../catalog/catalog.js';
import type { FunctionRegistry } from '../functions/registry.js';
import { NotificationHub } from './notifications.js';
import type { StreamRuntime } from './stream-runtime.js';
import { mergeCommit, type Transaction } from './transaction.js';

/** First object id handed out, as in PostgreSQL (lower ids belong to the system catalog). */
export const FIRST_OID = 16384;

/** Where commits are made durable: the database directory. */
export interface CommitStore {
  /** Persists the entries named by `changed` as they are in `state`; throws if it cannot. */
  commit(state: CatalogState, changed: ReadonlySet<string>, nextOid: number): Promise<void>;
  /** Compacts storage for `state`, the committed catalog. */
  checkpoint(state: CatalogState, nextOid: number): Promise<void>;
  /** True when enough has been logged that a checkpoint is due. */
  readonly wantsCheckpoint: boolean;
  close(): Promise<void>;
}

export class Database {
  private state: CatalogState;
  private nextOid: number;
  private queue: Promise<unknown> = Promise.resolve();
  readonly name = 'larch';
  /** Data registered from JavaScript (engine.register): read-only tables, never stored. */
  readonly registered = new Map<string, TableEntry>();
  /** The sinks running on this database (set by the engine). */
  streams: StreamRuntime | null = null;
  /** LISTEN / NOTIFY channels shared by the engine's sessions. */
  readonly notifications = new NotificationHub();

  constructor(
    readonly functions: FunctionRegistry,
    private readonly store: CommitStore | null = null,
    recovered?: { readonly state: CatalogState; readonly nextOid: number },
  ) {
    this.state = recovered?.state ?? Database.initialState();
    this.nextOid = recovered?.nextOid ?? FIRST_OID;
  }

  /** The catalog of a new database: just the public schema. */
  static initialState(): CatalogState {
    return new CatalogState().with({
      kind: 'schema',
      oid: 2200,
      schema: DEFAULT_SCHEMA,
      name: DEFAULT_SCHEMA,
    });
  }

  get committed(): CatalogState {
    return this.state;
  }

  newOid(): number {
    return this.nextOid++;
  }

  private serialize<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Publishes a transaction's changes atomically once they are durable; throws 40001 (a concurrent
   * change) or a storage error, and then changes nothing.
   */
  commit(txn: Transaction): Promise<void> {
    if (txn.touched.size === 0) return Promise.resolve();
    return this.serialize(async () => {
      const next = mergeCommit(this.state, txn);
      await this.store?.commit(next, txn.touched, this.nextOid);
      this.state = next;
      this.streams?.afterCommit(txn.touched);
      if (this.store?.wantsCheckpoint) {
        // In the background: the log already holds every commit, and a failed checkpoint is retried
        // after a later commit.
        this.checkpoint().catch(() => {});
      }
    });
  }

  /** CHECKPOINT: folds the log into the manifest and compacts segments (nothing in memory). */
  checkpoint(): Promise<void> {
    return this.serialize(async () => this.store?.checkpoint(this.state, this.nextOid));
  }

  /** Waits for running commits and releases the directory. */
  close(): Promise<void> {
    return this.serialize(async () => this.store?.close());
  }
}
