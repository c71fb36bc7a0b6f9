// ParameterStatus: the settings a client is told about at startup and again whenever they change
// (SET TimeZone, SET application_name …), with the names and values drivers check.

import type { Statement } from '../src/index.js';
import { parameterStatus } from './backend-messages.js';
import type { Connection } from './connection.js';

/** Reported parameters: PostgreSQL's name and Larch's setting (null: a fixed value). */
const REPORTED: readonly (readonly [string, string | null, string])[] = [
  ['server_version', 'server_version', ''],
  ['server_encoding', null, 'UTF8'],
  ['client_encoding', 'client_encoding', ''],
  ['DateStyle', 'datestyle', ''],
  ['IntervalStyle', 'intervalstyle', ''],
  ['TimeZone', 'timezone', ''],
  ['integer_datetimes', null, 'on'],
  ['standard_conforming_strings', 'standard_conforming_strings', ''],
  ['is_superuser', null, 'on'],
  ['application_name', 'application_name', ''],
  ['default_transaction_read_only', null, 'off'],
  ['in_hot_standby', null, 'off'],
];

const sent = new WeakMap<Connection, Map<string, string>>();
/** The settings version (and user) last reported: nothing to compare until a setting changes. */
const sentVersion = new WeakMap<Connection, string>();

/** Sends every reported parameter (`all`), or those whose value changed since last sent. */
export function sendParameterStatus(conn: Connection, all = false): void {
  const session = conn.session;
  if (session === null) return;
  const version = `${session.settings.version} ${conn.user}`;
  if (!all && sentVersion.get(conn) === version) return;
  sentVersion.set(conn, version);
  let last = sent.get(conn);
  if (last === undefined) sent.set(conn, (last = new Map()));
  const values: [string, string][] = REPORTED.map(([name, setting, fixed]) => [
    name,
    setting === null ? fixed : (session.settings.get(setting) ?? fixed),
  ]);
  values.push(['session_authorization', conn.user]);
  for (const [name, value] of values) {
    if (!all && last.get(name) === value) continue;
    last.set(name, value);
    parameterStatus(conn.writer, name, value);
  }
}

/** Statements after which a reported setting may have changed (SET, RESET, DISCARD, a transaction's end). */
export function changesSettings(stmt: Statement): boolean {
  const tag = Object.keys(stmt.ast)[0];
  return (
    tag === 'VariableSetStmt' || tag === 'DiscardStmt' || tag === 'TransactionStmt' || tag === 'SelectStmt'
  );
}
