// A session: its settings, temp objects and transaction; runs SQL text statement by statement.

import type {
  ClosePortalStmt,
  CopyStmt,
  DeallocateStmt,
  DeclareCursorStmt,
  DiscardStmt,
  FetchStmt,
  TransactionStmt,
} from '@pgsql/types';
import type { ParamSlot } from '../binder/context.js';
import { CatalogState } from '../catalog/catalog.js';
import { regNameLookup } from '../catalog/system/reg-names.js';
import type { EvalContext } from '../functions/function.js';
import { bodyOf, tagOf } from '../sql/ast.js';
import { parseSqlCached } from '../sql/parse-cache.js';
import type { Statement } from '../sql/parser.js';
import { type DataType, Types } from '../types/data-type.js';
import { timeZoneFromName, UTC } from '../types/datetime.js';
import { copyOptions } from './copy-format.js';
import { CopyIn, copyFromRows, CopyOut, copyOutQuery, type CopyRows, copyTarget } from './copy.js';
import { Cursor } from './cursor.js';
import type { Database } from './database.js';
import { LarchError, SqlState, toLarchError } from './errors.js';
import type { Notification } from './notifications.js';
import { paramSlots, settleParamTypes } from './params.js';
import type { Progress } from './progress.js';
import { PlanCache, planKey } from './plan-cache.js';
import { checkResultType, describeStatement, type PreparedStatement, returnsRows } from './prepared.js';
import { QueryResult } from './result.js';
import { type SessionEvalParts, SessionEvalContext } from './session-eval-context.js';
import { queueNotificationStatement, SessionNotifications } from './session-notifications.js';
import { noticeShown, Settings } from './settings.js';
import { settingMillis } from './setting-values.js';
import { SqlCursors } from './sql-cursors.js';
import { executeExecute, executePrepare } from './sql-prepared.js';
import { StatementContext } from './statement-context.js';
import { catalogAccess, systemSource } from './system-source.js';
import { dispatch } from './statements/dispatch.js';
import { Transaction } from './transaction.js';

export interface QueryOptions {
  /** Cancels the statement (error 57014) when aborted. */
  readonly signal?: AbortSignal;
}

/** Transaction status as the PostgreSQL protocol reports it: idle, in a transaction, or failed. */
export type TransactionStatus = 'I' | 'T' | 'E';

/** A statement started by `Session.open`: rows to read, or a COPY waiting for or sending data. */
export type Execution =
  | { readonly kind: 'rows'; readonly cursor: Cursor }
  | { readonly kind: 'copy_in'; readonly copy: CopyIn }
  | { readonly kind: 'copy_out'; readonly copy: CopyOut };

/** A message for the client that is not an error (PostgreSQL's NOTICE and WARNING). */
export interface Notice {
  readonly severity: 'NOTICE' | 'WARNING';
  readonly code: string;
  readonly message: string;
}

function zoneOf(name: string | undefined) {
  return timeZoneFromName(name ?? 'UTC') ?? UTC;
}

/**
 * Statements that join (or open) the implicit transaction of an implicit block: all but those
 * that only read (a SELECT returning rows: nothing to undo), control transactions, or DISCARD.
 */
function needsImplicitTransaction(stmt: Statement): boolean {
  switch (tagOf(stmt.ast)) {
    case 'SelectStmt':
      return !returnsRows(stmt.ast);
    case 'TransactionStmt':
    case 'DiscardStmt':
      return false;
    default:
      return true;
  }
}

/** Statements that may run in a failed transaction block because they end it. */
function endsTransaction(stmt: Statement): boolean {
  if (tagOf(stmt.ast) !== 'TransactionStmt') return false;
  const kind = bodyOf<TransactionStmt>(stmt.ast).kind;
  return kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_ROLLBACK_TO' || kind === 'TRANS_STMT_COMMIT';
}

export class Session {
  readonly settings = new Settings();
  private temp = new CatalogState();
  private txn: Transaction | null = null;
  /** Whether `txn` is the implicit transaction of an implicit block (not one BEGIN started). */
  private txnImplicit = false;
  /** Inside an implicit transaction block (see `beginImplicitBlock`). */
  private implicitBlock = false;
  /** Session settings when the transaction block began, restored if it rolls back. */
  private settingsAtBegin: ReadonlyMap<string, string> = new Map();
  user = 'larch';
  /** SQL cursors (DECLARE … CURSOR). */
  readonly cursors = new SqlCursors();
  /** Named prepared statements (the wire protocol's Parse; DEALLOCATE and DISCARD clear them). */
  readonly prepared = new Map<string, PreparedStatement>();
  /** SELECT plans kept per statement, reused while the catalog and settings stay as they were. */
  readonly plans = new PlanCache();
  /** The session-wide parts of every statement's EvalContext (made again when the user changes). */
  private evalParts: SessionEvalParts | null = null;
  /** Receives notices and warnings (BEGIN inside a transaction block …). */
  onNotice: ((notice: Notice) => void) | null = null;
  /** Receives the progress of long statements (CREATE MODEL's training passes). */
  onProgress: ((progress: Progress) => void) | null = null;
  /** The process id notifications sent by this session carry (the wire server's backend pid). */
  processId = process.pid;
  /**
   * Receives a notification on each channel the session LISTENs on, when the sending transaction
   * commits (its own NOTIFY too). Call `unlistenAll()` before dropping a listening session.
   *
   * @example
   * const s = engine.session();
   * s.onNotification = (n) => console.log(n.channel, n.payload, n.processId);
   * await s.sql('LISTEN jobs');
   * await engine.sql("NOTIFY jobs, 'job 42 done'"); // s.onNotification is called
   */
  onNotification: ((n: Notification) => void) | null = null;
  private readonly notes: SessionNotifications;

  constructor(readonly database: Database) {
    this.notes = new SessionNotifications(database.notifications, (n) => this.onNotification?.(n));
  }

  /** Stops listening on every channel at once (UNLISTEN *, not waiting for a transaction). */
  unlistenAll(): void {
    this.notes.unlistenAll();
  }

  /** Splits and parses SQL text into statements (a syntax error fails an open transaction block). */
  parse(sql: string): Statement[] {
    try {
      return parseSqlCached(sql);
    } catch (e) {
      this.markFailed();
      throw toLarchError(e);
    }
  }

  /**
   * Parses and binds one statement without running it, learning its parameter types (given ones
   * are kept, null ones inferred) and result columns.
   *
   * @example
   * const p = await session.prepare('SELECT a FROM t WHERE b = $1');
   * p.paramTypes; // [{ id: 'int4' }] when b is an integer column
   * const r = await (await session.open(p, [42])).cursor.fetch();
   */
  async prepare(sql: string, paramTypes: readonly (DataType | null)[] = []): Promise<PreparedStatement> {
    const statements = this.parse(sql);
    if (statements.length > 1) {
      this.markFailed();
      throw new LarchError(SqlState.syntaxError, 'cannot insert multiple commands into a prepared statement');
    }
    return this.prepareParsed(statements[0] ?? null, sql, paramTypes);
  }

  /** Prepares a statement already parsed (PREPARE's inner statement, or the one of `prepare`). */
  async prepareParsed(
    stmt: Statement | null,
    sql: string,
    paramTypes: readonly (DataType | null)[],
  ): Promise<PreparedStatement> {
    const slots: ParamSlot[] = paramTypes.map((t) => ({
      type: t ?? Types.unknown,
      hint: undefined,
      hasHint: false,
    }));
    const prepared = (statement: Statement | null, columns: PreparedStatement['columns']) => ({
      sql,
      statement,
      paramTypes: slots.map((p) => p.type),
      columns,
      preparedAt: Date.now() * 1000,
      fromSql: false,
      plans: { generic: 0, custom: 0 },
    });
    if (stmt === null) {
      settleParamTypes(slots);
      return prepared(null, null);
    }
    if (this.txn?.failed && !endsTransaction(stmt)) throw this.abortedError();
    try {
      const columns = await this.describe(stmt, slots);
      settleParamTypes(slots);
      return prepared(stmt, columns);
    } catch (e) {
      this.markFailed();
      throw toLarchError(e);
    }
  }

  private async describe(stmt: Statement, slots: ParamSlot[]): Promise<PreparedStatement['columns']> {
    switch (tagOf(stmt.ast)) {
      case 'VariableShowStmt': {
        const result = await this.executeStatement(stmt, [], {});
        return result.schema;
      }
      case 'FetchStmt':
        return returnsRows(stmt.ast)
          ? this.cursors.get(bodyOf<FetchStmt>(stmt.ast).portalname ?? '').schema
          : null;
      case 'SelectStmt':
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'ExplainStmt': {
        const base = this.txn ?? new Transaction(this.database.committed, this.temp, false);
        const scratch = new Transaction(base.shared, base.temp, true);
        return describeStatement(this.context(stmt, scratch, slots, [], undefined));
      }
      default:
        return null;
    }
  }

  /**
   * Starts a statement (parsed, or prepared with `prepare`) and returns its rows as a cursor that
   * reads them as they are produced, or the COPY it begins.
   */
  async open(
    target: Statement | PreparedStatement,
    params: readonly unknown[] = [],
    options: QueryOptions = {},
  ): Promise<Execution> {
    const prepared = 'paramTypes' in target ? target : null;
    const stmt = prepared === null ? (target as Statement) : prepared.statement;
    if (stmt === null) throw new LarchError(SqlState.syntaxError, 'cannot run an empty statement');
    const slots: ParamSlot[] =
      prepared === null
        ? paramSlots(params)
        : prepared.paramTypes.map((type) => ({ type, hint: undefined, hasHint: false }));
    const tag = tagOf(stmt.ast);
    if (tag !== 'TransactionStmt' && this.txn?.failed) {
      throw this.abortedError();
    }
    if (prepared === null) return this.start(stmt, slots, params, options);
    const reusedBefore = this.plans.stats.reused;
    const execution = await this.start(stmt, slots, params, options);
    prepared.plans[this.plans.stats.reused > reusedBefore ? 'generic' : 'custom']++;
    if (execution.kind === 'rows')
      try {
        checkResultType(execution.cursor.schema, prepared.columns);
      } catch (e) {
        await execution.cursor.close();
        throw e;
      }
    return execution;
  }

  private async start(
    stmt: Statement,
    slots: ParamSlot[],
    params: readonly unknown[],
    options: QueryOptions,
  ): Promise<Execution> {
    if (this.implicitBlock && this.txn === null && needsImplicitTransaction(stmt)) {
      this.begin();
      this.txnImplicit = true;
    }
    switch (tagOf(stmt.ast)) {
      case 'SelectStmt':
        if (returnsRows(stmt.ast))
          return { kind: 'rows', cursor: await this.stream(stmt, slots, params, options) };
        break;
      case 'CopyStmt': {
        const copy = bodyOf<CopyStmt>(stmt.ast);
        if (copy.filename === undefined) return this.copy(stmt, copy, options);
        break;
      }
      case 'DeclareCursorStmt':
        return { kind: 'rows', cursor: Cursor.of(await this.declare(stmt, slots, params, options), false) };
      default:
        break;
    }
    const result = await this.executeStatement(stmt, params, options, slots);
    return { kind: 'rows', cursor: Cursor.of(result, returnsRows(stmt.ast)) };
  }

  private abortedError(): LarchError {
    return new LarchError(
      SqlState.inFailedSqlTransaction,
      'current transaction is aborted, commands ignored until end of transaction block',
    );
  }

  private context(
    stmt: Statement,
    txn: Transaction,
    slots: ParamSlot[],
    params: readonly unknown[],
    signal: AbortSignal | undefined,
    wrap?: (e: EvalContext) => EvalContext,
  ): StatementContext {
    const evalContext = this.evalContext(txn);
    const ctx = new StatementContext(
      this.database,
      this.settings,
      txn,
      stmt,
      wrap === undefined ? evalContext : wrap(evalContext),
      slots,
      params,
      signal,
    );
    ctx.notice = (n) => this.sendNotice(n);
    ctx.progress = (p) => this.onProgress?.(p);
    return ctx;
  }

  /** A SELECT whose rows are produced as the cursor is read (it reads an immutable snapshot). */
  private async stream(
    stmt: Statement,
    slots: ParamSlot[],
    params: readonly unknown[],
    options: QueryOptions,
  ): Promise<Cursor> {
    const txn = this.txn ?? new Transaction(this.database.committed, this.temp, false);
    const { signal, dispose } = this.statementSignal(options.signal);
    try {
      const key = planKey(
        txn.shared,
        txn.temp,
        this.settings.version,
        this.user,
        this.database.registered,
        slots,
      );
      const { ctx, exec, columns } = this.plans.select(stmt, key, slots, (wrap) =>
        this.context(stmt, txn, slots, params, signal, wrap),
      );
      const batches = ctx.streamExec(exec, columns);
      return new Cursor({
        schema: columns,
        batches,
        command: (rows) => `SELECT ${rows}`,
        timeZone: ctx.evalContext.timeZone,
        regName: regNameLookup(() => ctx.evalContext.catalog),
        finish: (error) => {
          dispose();
          if (error !== null && txn.explicit) txn.failed = true;
          if (!txn.explicit) this.endNotifications(error === null);
        },
      });
    } catch (e) {
      dispose();
      if (txn.explicit) txn.failed = true;
      else this.endNotifications(false);
      throw toLarchError(e);
    }
  }

  /** The transaction ended (a block, or one statement outside one): its notifications are sent or dropped. */
  private endNotifications(committed: boolean): void {
    if (committed) this.notes.commit(this.processId);
    else this.notes.rollback();
  }

  private async declare(
    stmt: Statement,
    slots: ParamSlot[],
    params: readonly unknown[],
    options: QueryOptions,
  ): Promise<QueryResult> {
    const declare = bodyOf<DeclareCursorStmt>(stmt.ast);
    try {
      this.cursors.checkDeclare(declare, this.txn !== null);
    } catch (e) {
      this.markFailed();
      throw e;
    }
    const query: Statement = { ...stmt, ast: declare.query! };
    // The cursor's query keeps running after this statement: no statement timeout applies to it.
    const cursor = await this.stream(query, slots, params, { signal: options.signal });
    this.cursors.declare(declare, cursor);
    return new QueryResult([], [], 'DECLARE CURSOR', 0, cursor.timeZone);
  }

  private async copy(stmt: Statement, copy: CopyStmt, options: QueryOptions): Promise<Execution> {
    try {
      const format = copyOptions(copy);
      if (!copy.is_from) {
        const query: Statement = { ...stmt, ast: copyOutQuery(copy) };
        return { kind: 'copy_out', copy: new CopyOut(format, await this.stream(query, [], [], options)) };
      }
      const txn = this.txn ?? new Transaction(this.database.committed, this.temp, false);
      const { entry, columns } = copyTarget(this.context(stmt, txn, [], [], undefined), copy);
      const load = (rows: CopyRows) =>
        this.executeStatement(stmt, [], options, [], (ctx) => copyFromRows(ctx, copy, rows));
      const copyIn = new CopyIn(format, entry.name, columns, load, () => this.markFailed());
      return { kind: 'copy_in', copy: copyIn };
    } catch (e) {
      this.markFailed();
      throw toLarchError(e);
    }
  }

  private notice(severity: Notice['severity'], code: string, message: string): void {
    this.sendNotice({ severity, code, message });
  }

  /** Hands a notice to the client unless client_min_messages asks for higher levels only. */
  private sendNotice(notice: Notice): void {
    if (noticeShown(notice.severity, this.settings.get('client_min_messages'))) this.onNotice?.(notice);
  }

  /** DECLARE, FETCH, CLOSE, DISCARD, DEALLOCATE: statements about the session's own state. */
  private async sessionStatement(stmt: Statement): Promise<QueryResult | null> {
    const done = (tag: string) => new QueryResult([], [], tag, 0, UTC);
    const notifyTag = queueNotificationStatement(this.notes, stmt.ast);
    if (notifyTag !== null) {
      if (this.txn === null) this.endNotifications(true);
      return done(notifyTag);
    }
    switch (tagOf(stmt.ast)) {
      case 'FetchStmt':
        return this.cursors.fetch(bodyOf<FetchStmt>(stmt.ast), this.evalContextTimeZone());
      case 'ClosePortalStmt':
        await this.cursors.close(bodyOf<ClosePortalStmt>(stmt.ast));
        return done('CLOSE CURSOR');
      case 'PrepareStmt':
        return executePrepare(this, stmt);
      case 'ExecuteStmt':
        return executeExecute(this, stmt);
      case 'DeallocateStmt': {
        const d = bodyOf<DeallocateStmt & { isall?: boolean }>(stmt.ast);
        if (d.isall || d.name === undefined) this.prepared.clear();
        else if (!this.prepared.delete(d.name)) {
          throw new LarchError(
            SqlState.invalidSqlStatementName,
            `prepared statement "${d.name}" does not exist`,
          );
        }
        return done(d.isall || d.name === undefined ? 'DEALLOCATE ALL' : 'DEALLOCATE');
      }
      case 'DiscardStmt': {
        const target = bodyOf<DiscardStmt>(stmt.ast).target;
        if (target === 'DISCARD_ALL' && this.txn !== null) {
          throw new LarchError(
            SqlState.activeSqlTransaction,
            'DISCARD ALL cannot run inside a transaction block',
          );
        }
        if (target === 'DISCARD_ALL' || target === 'DISCARD_PLANS') this.prepared.clear();
        if (target === 'DISCARD_ALL' || target === 'DISCARD_TEMP') this.temp = new CatalogState();
        if (target === 'DISCARD_ALL') {
          this.notes.unlistenAll();
          await this.cursors.closeAll();
          this.settings.resetAll();
        }
        const names = {
          DISCARD_ALL: 'ALL',
          DISCARD_PLANS: 'PLANS',
          DISCARD_TEMP: 'TEMP',
          DISCARD_SEQUENCES: 'SEQUENCES',
        };
        return done(`DISCARD ${names[target as keyof typeof names] ?? 'ALL'}`);
      }
      default:
        return null;
    }
  }

  private evalContextTimeZone() {
    return timeZoneFromName(this.settings.get('timezone') ?? 'UTC') ?? UTC;
  }

  /**
   * Starts an implicit transaction block, as PostgreSQL does for a Query message of several
   * statements and for the extended protocol's messages up to Sync: the statements run from here
   * to `endImplicitBlock` share one transaction, so an error undoes them all. It is opened lazily,
   * by the first statement that may change something (a SELECT returning rows runs alone before
   * that); BEGIN turns it into a transaction block, and after COMMIT or ROLLBACK (which warn, as
   * outside a block) the next such statement opens another.
   */
  beginImplicitBlock(): void {
    this.implicitBlock = true;
  }

  /**
   * Ends the implicit transaction block: its transaction commits when `succeeded` (a failed
   * commit throws, rolled back), or rolls back. A transaction block BEGIN started stays open.
   */
  async endImplicitBlock(succeeded: boolean): Promise<void> {
    this.implicitBlock = false;
    const txn = this.txn;
    if (txn === null || !this.txnImplicit) return;
    let committed = false;
    try {
      if (succeeded && !txn.failed) {
        await this.commit(txn);
        committed = true;
      }
    } finally {
      this.end(committed);
    }
  }

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
      statements = parseSqlCached(sql);
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
    const { database, user } = this;
    if (this.evalParts?.currentUser !== user) {
      this.evalParts = {
        setting: (name) => settings.get(name),
        currentUser: user,
        database: database.name,
        operator: (name, argTypes) => database.functions.scalar(name, argTypes, undefined, true),
        notify: (channel, payload) => this.notes.notify(channel, payload),
        listeningChannels: () => this.notes.channels,
      };
    }
    return new SessionEvalContext(
      this.evalParts,
      settings.parsed('timezone', zoneOf),
      txn.startTime,
      Date.now() * 1000,
      (name, value, local) => {
        // A transaction-local value outside a transaction block lasts only for the statement: no effect.
        if (!local || txn.explicit) settings.set(name, value, local);
      },
      // Made on first use: a statement whose plan is reused may never look a name up.
      () => catalogAccess(txn, systemSource(txn, database, settings, user, this.prepared)),
    );
  }

  async executeStatement(
    stmt: Statement,
    params: readonly unknown[],
    options: QueryOptions,
    slots: ParamSlot[] = paramSlots(params),
    handler: (ctx: StatementContext) => Promise<QueryResult> = dispatch,
  ): Promise<QueryResult> {
    if (tagOf(stmt.ast) === 'TransactionStmt') return this.transaction(bodyOf<TransactionStmt>(stmt.ast));
    if (this.txn?.failed) throw this.abortedError();
    try {
      const own = await this.sessionStatement(stmt);
      if (own !== null) return own;
    } catch (e) {
      this.markFailed();
      throw toLarchError(e);
    }
    if (tagOf(stmt.ast) === 'DeclareCursorStmt') return this.declare(stmt, slots, params, options);
    const txn = this.txn ?? new Transaction(this.database.committed, this.temp, false);
    const { signal, dispose } = this.statementSignal(options.signal);
    try {
      const ctx = this.context(stmt, txn, slots, params, signal);
      const result = await handler(ctx);
      if (!txn.explicit) {
        await this.commit(txn);
        this.endNotifications(true);
      }
      return result;
    } catch (e) {
      if (txn.explicit) txn.failed = true;
      else this.endNotifications(false);
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
    const timeout = this.settings.parsed('statement_timeout', settingMillis);
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

  /** Publishes the transaction once it is durable (with a database directory). */
  private async commit(txn: Transaction): Promise<void> {
    await this.database.commit(txn);
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
    this.txnImplicit = false;
    this.settings.endTransaction(committed ? null : this.settingsAtBegin);
    void this.cursors.endTransaction(committed);
    this.endNotifications(committed);
  }

  private chain(stmt: TransactionStmt): void {
    if (stmt.chain) this.begin();
  }

  private requireBlockForChain(stmt: TransactionStmt, what: string): void {
    if (stmt.chain && (this.txn === null || this.txnImplicit)) {
      throw new LarchError(
        SqlState.noActiveSqlTransaction,
        `${what} AND CHAIN can only be used in transaction blocks`,
      );
    }
  }

  /** SAVEPOINT, RELEASE and ROLLBACK TO: marks in the transaction's catalog and settings history. */
  private savepoint(stmt: TransactionStmt): QueryResult {
    const name = stmt.savepoint_name ?? '';
    const verb = {
      TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
      TRANS_STMT_RELEASE: 'RELEASE',
      TRANS_STMT_ROLLBACK_TO: 'ROLLBACK',
    }[stmt.kind as 'TRANS_STMT_SAVEPOINT'];
    const txn = this.txn;
    if (txn === null || this.txnImplicit) {
      throw new LarchError(
        SqlState.noActiveSqlTransaction,
        `${verb === 'ROLLBACK' ? 'ROLLBACK TO SAVEPOINT' : verb} can only be used in transaction blocks`,
      );
    }
    if (stmt.kind === 'TRANS_STMT_SAVEPOINT') {
      if (txn.failed) throw this.abortedError();
      txn.savepoint(name, this.settings.snapshot());
      this.notes.savepoint(name);
      return new QueryResult([], [], 'SAVEPOINT', 0, UTC);
    }
    if (stmt.kind === 'TRANS_STMT_RELEASE') {
      if (txn.failed) throw this.abortedError();
      txn.release(name);
      this.notes.release(name);
      return new QueryResult([], [], 'RELEASE', 0, UTC);
    }
    this.settings.restore(txn.rollbackTo(name));
    this.notes.rollbackTo(name);
    return new QueryResult([], [], 'ROLLBACK', 0, UTC);
  }

  private async transaction(stmt: TransactionStmt): Promise<QueryResult> {
    const done = (tag: string) => new QueryResult([], [], tag, 0, UTC);
    switch (stmt.kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        if (this.txn !== null) {
          // BEGIN inside an implicit block makes its transaction, earlier statements and all, a block.
          if (this.txnImplicit) this.txnImplicit = false;
          else
            this.notice(
              'WARNING',
              SqlState.activeSqlTransaction,
              'there is already a transaction in progress',
            );
          return done('BEGIN');
        }
        this.begin();
        return done('BEGIN');
      case 'TRANS_STMT_COMMIT': {
        this.requireBlockForChain(stmt, 'COMMIT');
        const txn = this.txn;
        // An implicit transaction commits too, with the warning of COMMIT outside a block.
        if (txn === null || this.txnImplicit)
          this.notice('WARNING', SqlState.noActiveSqlTransaction, 'there is no transaction in progress');
        if (txn === null) return done('COMMIT');
        let committed = false;
        try {
          if (!txn.failed) await this.commit(txn);
          committed = !txn.failed;
        } finally {
          this.end(committed);
        }
        this.chain(stmt);
        return done(committed ? 'COMMIT' : 'ROLLBACK');
      }
      case 'TRANS_STMT_ROLLBACK':
        this.requireBlockForChain(stmt, 'ROLLBACK');
        if (this.txn === null || this.txnImplicit)
          this.notice('WARNING', SqlState.noActiveSqlTransaction, 'there is no transaction in progress');
        if (this.txn !== null) this.end(false);
        this.chain(stmt);
        return done('ROLLBACK');
      case 'TRANS_STMT_SAVEPOINT':
      case 'TRANS_STMT_RELEASE':
      case 'TRANS_STMT_ROLLBACK_TO':
        return this.savepoint(stmt);
      default:
        throw new LarchError(
          SqlState.featureNotSupported,
          `${String(stmt.kind).replace('TRANS_STMT_', '')} is not supported`,
        );
    }
  }
}
