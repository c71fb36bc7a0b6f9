// The embedding API's entry point: an engine holds one database and hands out sessions.

import { DEFAULT_SCHEMA } from '../catalog/catalog.js';
import { type RegisterData, registeredColumns } from '../datasource/arrow/registered-data.js';
import { registerBuiltins } from '../functions/builtins.js';
import { registerFileFunctions } from '../datasource/file-functions.js';
import { acquirePool, releasePool } from '../execution/pool.js';
import { FunctionRegistry } from '../functions/registry.js';
import { loadParser } from '../sql/parser.js';
import { DatabaseStorage } from '../storage/database-storage.js';
import { StreamManager } from '../streaming/stream-manager.js';
import { StreamServices } from '../streaming/stream-services.js';
import { Database, FIRST_OID } from './database.js';
import type { QueryResult } from './result.js';
import { type QueryOptions, Session } from './session.js';

export interface EngineOptions {
  /** Default number of partitions and threads per query (the `threads` setting). */
  readonly threads?: number;
}

/**
 * An embedded Larch database.
 *
 * @example
 * const engine = await Engine.open();
 * const r = await engine.sql('SELECT 1 AS x, $1::text AS y', ['a']);
 * r.rows; // [{ x: 1, y: 'a' }]
 */
export class Engine {
  private readonly defaultSession: Session;
  private readonly streams: StreamManager;
  private closed = false;

  private constructor(
    readonly database: Database,
    private readonly options: EngineOptions,
  ) {
    this.defaultSession = this.session();
    acquirePool();
    // Sinks marked running resume now, on sessions of their own.
    this.streams = new StreamManager(database, () => this.session(), new StreamServices(database));
    database.streams = this.streams;
    this.streams.start();
  }

  /**
   * Opens the database in directory `path` (created if missing; every commit is durable there), or
   * an in-memory database without one. A directory is locked while open: a second engine on it
   * fails with 55P03.
   *
   * @example
   * const engine = await Engine.open('my-db');
   * await engine.sql('CREATE TABLE t AS SELECT 1 AS x');
   * await engine.close(); // reopening 'my-db' finds t
   */
  static async open(path?: string, options: EngineOptions = {}): Promise<Engine> {
    await loadParser();
    const functions = new FunctionRegistry();
    registerBuiltins(functions);
    registerFileFunctions(functions);
    if (path === undefined) return new Engine(new Database(functions), options);
    const opened = await DatabaseStorage.open(path, Database.initialState(), FIRST_OID);
    return new Engine(new Database(functions, opened.storage, opened), options);
  }

  /** A new session: its own temp tables and views, settings and transaction. */
  session(): Session {
    const s = new Session(this.database);
    if (this.options.threads !== undefined) s.settings.set('threads', String(this.options.threads));
    return s;
  }

  /**
   * Makes JavaScript data queryable as a read-only table: an Arrow table (its fixed-width columns
   * are used without copying), an array of row objects, or an object of columns (typed arrays are
   * used without copying). Registering a name again replaces the data.
   *
   * @example
   * engine.register('points', { x: Float64Array.from([1, 2]), label: ['a', 'b'] });
   * await engine.sql('SELECT label FROM points WHERE x > 1'); // [{ label: 'b' }]
   */
  register(name: string, data: RegisterData): void {
    const { columns, data: tableData } = registeredColumns(data);
    this.database.registered.set(name, {
      kind: 'table',
      oid: this.database.registered.get(name)?.oid ?? this.database.newOid(),
      schema: DEFAULT_SCHEMA,
      name,
      columns: columns.map((c) => ({ name: c.name, type: c.type, notNull: false, default: null })),
      data: tableData,
      temporary: true,
      primaryKey: null,
      unique: [],
      checks: [],
    });
  }

  /** Removes data registered under `name`; false when there was none. */
  unregister(name: string): boolean {
    return this.database.registered.delete(name);
  }

  /** Runs SQL on the engine's default session; returns the last statement's result. */
  sql(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    return this.defaultSession.sql(sql, params, options);
  }

  /** Waits for running commits, releases the database directory and the worker threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.streams.close();
      await this.database.close();
    } finally {
      await releasePool();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
