// The extended query protocol: Parse, Bind, Describe, Execute and Close over named and unnamed
// prepared statements and portals, in order, with row limits (PortalSuspended).

import {
  type DataType,
  type Execution,
  LarchError,
  type PreparedStatement,
  SqlState,
  typeFromOid,
  typeOid,
  UTC,
} from '../src/index.js';
import {
  bindComplete,
  closeComplete,
  emptyQueryResponse,
  noData,
  parameterDescription,
  parseComplete,
  portalSuspended,
  rowDescription,
} from './backend-messages.js';
import type { Connection } from './connection.js';
import { sendExecution } from './execution-output.js';
import type { FrontendMessage } from './frontend-messages.js';
import { sendParameterStatus } from './parameter-status.js';
import { decodeParam } from './pg-types.js';
import { resultFormats } from './row-encoder.js';

interface Portal {
  readonly statement: PreparedStatement;
  readonly params: readonly (string | null)[];
  readonly formats: readonly number[];
  readonly controller: AbortController;
  execution: Execution | null;
}

type Message<K extends FrontendMessage['kind']> = Extract<FrontendMessage, { kind: K }>;

function statementName(name: string): string {
  return name === '' ? 'unnamed prepared statement' : `prepared statement "${name}"`;
}

export class ExtendedQuery {
  private unnamed: PreparedStatement | null = null;
  private readonly portals = new Map<string, Portal>();

  constructor(private readonly conn: Connection) {}

  private get session() {
    return this.conn.session!;
  }

  private statement(name: string): PreparedStatement {
    const s = name === '' ? this.unnamed : (this.session.prepared.get(name) ?? null);
    if (s === null)
      throw new LarchError(SqlState.invalidSqlStatementName, `${statementName(name)} does not exist`);
    return s;
  }

  async parse(m: Message<'parse'>): Promise<void> {
    if (m.name !== '' && this.session.prepared.has(m.name)) {
      throw new LarchError(
        SqlState.duplicatePreparedStatement,
        `prepared statement "${m.name}" already exists`,
      );
    }
    const types: (DataType | null)[] = m.paramTypes.map(typeFromOid);
    const prepared = await this.session.prepare(m.sql, types);
    if (m.name === '') this.unnamed = prepared;
    else this.session.prepared.set(m.name, prepared);
    parseComplete(this.conn.writer);
  }

  async bind(m: Message<'bind'>): Promise<void> {
    const statement = this.statement(m.statement);
    const types = statement.paramTypes;
    if (m.params.length !== types.length) {
      throw new LarchError(
        SqlState.protocolViolation,
        `bind message supplies ${m.params.length} parameters, but ${statementName(m.statement)} requires ${types.length}`,
      );
    }
    const formats = m.paramFormats;
    if (formats.length > 1 && formats.length !== m.params.length) {
      throw new LarchError(
        SqlState.protocolViolation,
        `bind message has ${formats.length} parameter formats but ${m.params.length} parameters`,
      );
    }
    const columns = statement.columns?.length ?? 0;
    if (m.resultFormats.length > 1 && m.resultFormats.length !== columns) {
      throw new LarchError(
        SqlState.protocolViolation,
        `bind message has ${m.resultFormats.length} result formats but query has ${columns} columns`,
      );
    }
    // Binary timestamptz parameters become text with an explicit +00 offset: exact in any session zone.
    const tz = UTC;
    const params = m.params.map((bytes, i) =>
      decodeParam(types[i]!, bytes, formats.length === 1 ? formats[0]! : (formats[i] ?? 0), tz),
    );
    if (m.portal !== '' && this.portals.has(m.portal)) {
      throw new LarchError(SqlState.duplicateCursor, `cursor "${m.portal}" already exists`);
    }
    await this.closePortal(m.portal);
    this.portals.set(m.portal, {
      statement,
      params,
      formats: resultFormats(m.resultFormats, columns),
      // The connection's controller, renewed after a cancel: a cancel fails the transaction (or the
      // implicit one, closing its portals at Sync), so portals never outlive one they share.
      controller: this.conn.statementController(),
      execution: null,
    });
    bindComplete(this.conn.writer);
  }

  describe(m: Message<'describe'>): void {
    const w = this.conn.writer;
    if (m.target === 'S') {
      const statement = this.statement(m.name);
      parameterDescription(w, statement.paramTypes.map(typeOid));
      if (statement.columns === null) noData(w);
      else rowDescription(w, statement.columns, []);
      return;
    }
    const portal = this.portal(m.name);
    if (portal.statement.columns === null) noData(w);
    else rowDescription(w, portal.statement.columns, portal.formats);
  }

  private portal(name: string): Portal {
    const p = this.portals.get(name);
    if (p === undefined) throw new LarchError(SqlState.invalidCursorName, `portal "${name}" does not exist`);
    return p;
  }

  async execute(m: Message<'execute'>): Promise<void> {
    const portal = this.portal(m.portal);
    if (portal.statement.statement === null) {
      emptyQueryResponse(this.conn.writer);
      return;
    }
    this.conn.running = portal.controller;
    // The statements up to Sync run in one implicit transaction (opened by the first that writes).
    this.session.beginImplicitBlock();
    try {
      portal.execution ??= await this.session.open(portal.statement, portal.params, {
        signal: portal.controller.signal,
      });
      const outcome = await sendExecution(
        this.conn,
        portal.execution,
        portal.formats,
        Math.max(0, m.maxRows),
      );
      if (outcome === 'suspended') portalSuspended(this.conn.writer);
    } finally {
      this.conn.running = null;
      sendParameterStatus(this.conn);
    }
  }

  async close(m: Message<'close'>): Promise<void> {
    if (m.target === 'S') {
      if (m.name === '') this.unnamed = null;
      else this.session.prepared.delete(m.name);
    } else await this.closePortal(m.name);
    closeComplete(this.conn.writer);
  }

  private async closePortal(name: string): Promise<void> {
    const p = this.portals.get(name);
    if (p === undefined) return;
    this.portals.delete(name);
    if (p.execution?.kind === 'rows') await p.execution.cursor.close();
    else if (p.execution?.kind === 'copy_out') await p.execution.copy.close();
  }

  /**
   * At Sync the implicit transaction ends: it commits, or rolls back when a message since the last
   * Sync failed (`succeeded` false). Outside a transaction block its portals end with it. A failed
   * commit is reported here, so ReadyForQuery still follows.
   */
  async sync(succeeded: boolean): Promise<void> {
    try {
      await this.session.endImplicitBlock(succeeded);
    } catch (e) {
      this.conn.error(e);
    }
    if (this.session.transactionStatus === 'I' && this.hasPortals) await this.closeAll();
    // A rollback restores the settings, and SET LOCAL values lapse.
    sendParameterStatus(this.conn);
  }

  async closeAll(): Promise<void> {
    for (const name of [...this.portals.keys()]) await this.closePortal(name);
  }

  /** Whether any portal is open (closeAll has work to do). */
  get hasPortals(): boolean {
    return this.portals.size > 0;
  }
}
