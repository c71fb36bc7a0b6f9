// A session: its settings, temp objects and transaction; runs SQL text statement by statement.

import type { TransactionStmt } from '@pgsql/types';
import { CatalogState } from '../catalog/catalog.js';
import type { EvalContext } from '../functions/function.js';
import { bodyOf, tagOf } from '../sql/ast.js';
import { parseSql, type Statement } from '../sql/parser.js';
import { timeZoneFromName, UTC } from '../types/datetime.js';
import type { Database } from './database.js';
import { LarchError, SqlState, toLarchError } from './errors.js';
import { paramSlots } from './params.js';
import { QueryResult } from './result.js';
import { Settings } from './settings.js';
import { StatementContext } from './statement-context.js';
import { dispatch } from './statements/dispatch.js';
import { Transaction } from './transaction.js';

export interface QueryOptions {
  /** Cancels the statement (error 57014) when aborted. */
  readonly signal?: AbortSignal;
}

/** Transaction status as the PostgreSQL protocol reports it: idle, in a transaction, or failed. */
export type TransactionStatus = 'I' | 'T' | 'E';

export class Session {
  readonly settings = new Settings();
  private temp = new CatalogState();
  private txn: Transaction | null = null;
  /** Session settings when the transaction block began, restored if it rolls back. */
  private settingsAtBegin: ReadonlyMap<string, string> = new Map();
  user = 'larch';

  constructor(readonly database: Database) {}

  get transactionStatus(): TransactionStatus {
    if (this.txn === null) return 'I';
    return this.txn.failed ? 'E' : 'T';
  }

  /** Runs every statement in `sql`; returns the last statement's result. */
  async sql(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    const results = await this.execute(sql, params, options);
    return results[results.length - 1] ?? new QueryResult([], [], '', 0, UTC);
  }

  /** Runs every statement in `sql` and returns all their results. */
  async execute(
    sql: string,
    params: readonly unknown[] = [],
    options: QueryOptions = {},
  ): Promise<QueryResult[]> {
    let statements: Statement[];
    try {
      statements = parseSql(sql);
    } catch (e) {
      this.markFailed();
      throw toLarchError(e);
    }
    const results: QueryResult[] = [];
    for (const stmt of statements) results.push(await this.executeStatement(stmt, params, options));
    return results;
  }

  private markFailed(): void {
    if (this.txn !== null) this.txn.failed = true;
  }

  private evalContext(txn: Transaction): EvalContext {
    const settings = this.settings;
    return {
      timeZone: timeZoneFromName(settings.get('timezone') ?? 'UTC') ?? UTC,
      transactionTime: txn.startTime,
      statementTime: Date.now() * 1000,
      random: Math.random,
      setting: (name) => settings.get(name),
      currentUser: this.user,
      database: this.database.name,
      catalog: txn,
      operator: (name, argTypes) => this.database.functions.scalar(name, argTypes, undefined, true),
    };
  }

  async executeStatement(
    stmt: Statement,
    params: readonly unknown[],
    options: QueryOptions,
  ): Promise<QueryResult> {
    if (tagOf(stmt.ast) === 'TransactionStmt') return this.transaction(bodyOf<TransactionStmt>(stmt.ast));
    if (this.txn?.failed) {
      throw new LarchError(
        SqlState.inFailedSqlTransaction,
        'current transaction is aborted, commands ignored until end of transaction block',
      );
    }
    const txn = this.txn ?? new Transaction(this.database.committed, this.temp, false);
    const { signal, dispose } = this.statementSignal(options.signal);
    try {
      const ctx = new StatementContext(
        this.database,
        this.settings,
        txn,
        stmt,
        this.evalContext(txn),
        paramSlots(params),
        params,
        signal,
      );
      const result = await dispatch(ctx);
      if (!txn.explicit) this.commit(txn);
      return result;
    } catch (e) {
      if (txn.explicit) txn.failed = true;
      throw toLarchError(e);
    } finally {
      dispose();
    }
  }

  /** Combines the caller's signal with statement_timeout. */
  private statementSignal(user: AbortSignal | undefined): {
    signal: AbortSignal | undefined;
    dispose: () => void;
  } {
    const timeout = Number(this.settings.get('statement_timeout') ?? 0);
    if (!(timeout > 0)) return { signal: user, dispose: () => {} };
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new LarchError(SqlState.queryCanceled, 'canceling statement due to statement timeout'),
        ),
      timeout,
    );
    const onAbort = () => controller.abort(user?.reason);
    user?.addEventListener('abort', onAbort);
    return {
      signal: controller.signal,
      dispose: () => {
        clearTimeout(timer);
        user?.removeEventListener('abort', onAbort);
      },
    };
  }

  private commit(txn: Transaction): void {
    this.database.commit(txn);
    this.temp = txn.temp;
  }

  /** COMMIT / ROLLBACK AND CHAIN start the next transaction at once. */
  private begin(): void {
    this.txn = new Transaction(this.database.committed, this.temp, true);
    this.settingsAtBegin = this.settings.snapshot();
  }

  /** Ends the transaction block; settings changed in it survive only a successful commit. */
  private end(committed: boolean): void {
    this.txn = null;
    this.settings.endTransaction(committed ? null : this.settingsAtBegin);
  }

  private chain(stmt: TransactionStmt): void {
    if (stmt.chain) this.begin();
  }

  private requireBlockForChain(stmt: TransactionStmt, what: string): void {
    if (stmt.chain && this.txn === null) {
      throw new LarchError(
        SqlState.noActiveSqlTransaction,
        `${what} AND CHAIN can only be used in transaction blocks`,
      );
    }
  }

  private transaction(stmt: TransactionStmt): QueryResult {
    const done = (tag: string) => new QueryResult([], [], tag, 0, UTC);
    switch (stmt.kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        if (this.txn !== null) return done('BEGIN'); // PostgreSQL warns and keeps the transaction.
        this.begin();
        return done('BEGIN');
      case 'TRANS_STMT_COMMIT': {
        this.requireBlockForChain(stmt, 'COMMIT');
        const txn = this.txn;
        if (txn === null) return done('COMMIT');
        let committed = false;
        try {
          if (!txn.failed) this.commit(txn);
          committed = !txn.failed;
        } finally {
          this.end(committed);
        }
        this.chain(stmt);
        return done(committed ? 'COMMIT' : 'ROLLBACK');
      }
      case 'TRANS_STMT_ROLLBACK':
        this.requireBlockForChain(stmt, 'ROLLBACK');
        if (this.txn !== null) this.end(false);
        this.chain(stmt);
        return done('ROLLBACK');
      default:
        throw new LarchError(
          SqlState.featureNotSupported,
          `${String(stmt.kind).replace('TRANS_STMT_', '')} is not supported`,
        );
    }
  }
}
