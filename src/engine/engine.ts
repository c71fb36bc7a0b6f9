// The embedding API's entry point: an engine holds one database and hands out sessions.

import { registerBuiltins } from '../functions/builtins.js';
import { FunctionRegistry } from '../functions/registry.js';
import { loadParser } from '../sql/parser.js';
import { Database } from './database.js';
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
  private closed = false;

  private constructor(
    readonly database: Database,
    private readonly options: EngineOptions,
  ) {
    this.defaultSession = this.session();
  }

  /** Opens an in-memory database. */
  static async open(_path?: string, options: EngineOptions = {}): Promise<Engine> {
    await loadParser();
    const functions = new FunctionRegistry();
    registerBuiltins(functions);
    return new Engine(new Database(functions), options);
  }

  /** A new session: its own temp tables and views, settings and transaction. */
  session(): Session {
    const s = new Session(this.database);
    if (this.options.threads !== undefined) s.settings.set('threads', String(this.options.threads));
    return s;
  }

  /** Runs SQL on the engine's default session; returns the last statement's result. */
  sql(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    return this.defaultSession.sql(sql, params, options);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
