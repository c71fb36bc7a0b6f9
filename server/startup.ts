// The start of a connection: SSLRequest / GSSENCRequest, CancelRequest, the StartupMessage and
// its parameters, password authentication, then the session and the ParameterStatus set drivers check.

import { randomBytes } from 'node:crypto';
import { LarchError, type Session, SqlState, toLarchError } from '../src/index.js';
import { checkCleartext, checkMd5, impossibleSecret, ScramExchange, type UserSecret } from './auth.js';
import {
  authenticationCleartext,
  authenticationMd5,
  authenticationOk,
  authenticationSasl,
  authenticationSaslContinue,
  authenticationSaslFinal,
  backendKeyData,
  negotiateProtocolVersion,
} from './backend-messages.js';
import type { Connection } from './connection.js';
import { MessageReader } from './message-reader.js';
import { sendParameterStatus } from './parameter-status.js';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 3;

/** Reads the startup packet's key/value pairs. */
function startupParameters(r: MessageReader): Map<string, string> {
  const params = new Map<string, string>();
  for (;;) {
    const key = r.cstring();
    if (key === '') break;
    params.set(key, r.cstring());
  }
  return params;
}

/** `options=-c name=value --name=value`: settings given on the command line of the client. */
function commandLineOptions(options: string): [string, string][] {
  const out: [string, string][] = [];
  const words = options.match(/(?:\\.|[^\s\\])+/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!.replace(/\\(.)/g, '$1');
    if (word === '-c') word = (words[++i] ?? '').replace(/\\(.)/g, '$1');
    else if (word.startsWith('-c')) word = word.slice(2);
    else if (word.startsWith('--')) word = word.slice(2);
    const eq = word.indexOf('=');
    if (eq > 0) out.push([word.slice(0, eq).replace(/-/g, '_'), word.slice(eq + 1)]);
  }
  return out;
}

/** Reads the next message of the password exchange. */
async function passwordMessage(conn: Connection): Promise<Buffer | null> {
  await conn.flush();
  const m = await conn.nextRaw();
  if (m === null) return null;
  if (m.type !== 'p')
    throw new LarchError(
      SqlState.protocolViolation,
      `expected password response, got message type ${m.type.charCodeAt(0)}`,
    );
  return m.body;
}

function authFailed(user: string): LarchError {
  return new LarchError(SqlState.invalidPassword, `password authentication failed for user "${user}"`);
}

/** Runs the configured password exchange; true when the client proved the password. */
async function authenticate(conn: Connection, user: string): Promise<boolean> {
  const known = conn.host.secrets.get(user);
  const secret: UserSecret = known ?? impossibleSecret();
  switch (conn.host.options.authMethod) {
    case 'scram-sha-256': {
      authenticationSasl(conn.writer, ['SCRAM-SHA-256']);
      const first = await passwordMessage(conn);
      if (first === null) return false;
      const r = new MessageReader(first);
      const mechanism = r.cstring();
      if (mechanism !== 'SCRAM-SHA-256') {
        throw new LarchError(
          SqlState.protocolViolation,
          'client selected an invalid SASL authentication mechanism',
        );
      }
      const length = r.int32();
      const exchange = new ScramExchange(secret);
      const serverFirst = exchange.start(r.bytes(Math.max(0, length)).toString('utf8'));
      if (serverFirst === null) throw new LarchError(SqlState.protocolViolation, 'malformed SCRAM message');
      authenticationSaslContinue(conn.writer, serverFirst);
      const final = await passwordMessage(conn);
      if (final === null) return false;
      const serverFinal = exchange.finish(final.toString('utf8'));
      if (serverFinal === null || known === undefined) return false;
      authenticationSaslFinal(conn.writer, serverFinal);
      return true;
    }
    case 'md5': {
      const salt = randomBytes(4);
      authenticationMd5(conn.writer, salt);
      const body = await passwordMessage(conn);
      if (body === null) return false;
      return known !== undefined && checkMd5(secret, salt, new MessageReader(body).cstring());
    }
    case 'password': {
      authenticationCleartext(conn.writer);
      const body = await passwordMessage(conn);
      if (body === null) return false;
      return known !== undefined && checkCleartext(secret, new MessageReader(body).cstring());
    }
  }
}

/**
 * Takes a connection from its first byte to its first ReadyForQuery. Returns false when the
 * connection ended instead (a cancel request, a failed login, a client that went away).
 */
export async function startConnection(conn: Connection): Promise<boolean> {
  const timer = setTimeout(() => {
    void conn.fatal(new LarchError(SqlState.queryCanceled, 'canceling authentication due to timeout'));
  }, conn.host.options.startupTimeoutMs);
  timer.unref();
  try {
    return await startup(conn);
  } catch (e) {
    await conn.fatal(toLarchError(e));
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function startup(conn: Connection): Promise<boolean> {
  let params: Map<string, string> | null = null;
  let unrecognized: string[] = [];
  let minor = 0;
  while (params === null) {
    const m = await conn.nextRaw();
    if (m === null) return false;
    const r = new MessageReader(m.body);
    const code = r.int32();
    if (code === SSL_REQUEST) {
      if (conn.framer.pending > 0) {
        throw new LarchError(SqlState.protocolViolation, 'received unencrypted data after SSL request');
      }
      const upgrade = conn.host.upgradeTls;
      conn.writeRaw(Buffer.from(upgrade === null ? 'N' : 'S'));
      if (upgrade !== null) conn.attach(upgrade(conn.detach()));
    } else if (code === GSSENC_REQUEST) {
      conn.writeRaw(Buffer.from('N'));
    } else if (code === CANCEL_REQUEST) {
      conn.host.cancel(r.int32(), r.int32());
      conn.close();
      return false;
    } else if (code >>> 16 === PROTOCOL_3) {
      minor = code & 0xffff;
      params = startupParameters(r);
      unrecognized = [...params.keys()].filter((k) => k.startsWith('_pq_.'));
    } else {
      throw new LarchError(
        SqlState.featureNotSupported,
        `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}: server supports 3.0 to 3.0`,
      );
    }
  }
  if (minor > 0 || unrecognized.length > 0) negotiateProtocolVersion(conn.writer, 0, unrecognized);
  const user = params.get('user');
  if (user === undefined || user === '') {
    throw new LarchError(
      SqlState.invalidAuthorizationSpecification,
      'no PostgreSQL user name specified in startup packet',
    );
  }
  if (
    params.has('replication') &&
    params.get('replication') !== 'false' &&
    params.get('replication') !== '0'
  ) {
    throw new LarchError(SqlState.featureNotSupported, 'replication connections are not supported');
  }
  if (conn.host.options.users.size > 0 && !(await authenticate(conn, user))) {
    if (!conn.closed) throw authFailed(user);
    return false;
  }
  const database = params.get('database') ?? user;
  if (database !== conn.host.options.database) {
    throw new LarchError(SqlState.invalidCatalogName, `database "${database}" does not exist`);
  }
  if (conn.host.shuttingDown) {
    throw new LarchError(SqlState.cannotConnectNow, 'the database system is shutting down');
  }
  if (!conn.host.admit(conn)) {
    throw new LarchError(SqlState.tooManyConnections, 'sorry, too many clients already');
  }
  const session = conn.host.engine.session();
  session.user = user;
  session.processId = conn.pid;
  conn.user = user;
  for (const [key, value] of params) {
    if (key === 'user' || key === 'database' || key === 'replication' || key.startsWith('_pq_.')) continue;
    if (key === 'options') {
      for (const [name, v] of commandLineOptions(value)) setStartupParameter(session, name, v);
    } else if (key === 'client_encoding') {
      session.settings.set(key, clientEncoding(value));
    } else setStartupParameter(session, key, value);
  }
  conn.session = session;
  authenticationOk(conn.writer);
  sendParameterStatus(conn, true);
  backendKeyData(conn.writer, conn.pid, conn.secret);
  await conn.ready();
  return true;
}

/**
 * Applies a setting from the startup packet. A bad value ends the connection, as in PostgreSQL; a
 * setting Larch does not have is ignored, since drivers send PostgreSQL settings Larch has no use for.
 */
function setStartupParameter(session: Session, name: string, value: string): void {
  try {
    session.settings.set(name, value);
  } catch (e) {
    if (e instanceof LarchError && e.code === SqlState.undefinedObject) return;
    throw e;
  }
}

/** Larch speaks UTF-8 only: UTF-8 spellings (and SQL_ASCII, which means no conversion) are accepted. */
function clientEncoding(value: string): string {
  const normalized = value.toUpperCase().replace(/[-_]/g, '');
  if (normalized === 'UTF8' || normalized === 'UNICODE') return 'UTF8';
  if (normalized === 'SQLASCII') return 'SQL_ASCII';
  throw new LarchError(
    SqlState.invalidParameterValue,
    `invalid value for parameter "client_encoding": "${value}"`,
    {
      detail: 'Larch sends and receives UTF8 only.',
    },
  );
}
