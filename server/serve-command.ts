// `larch serve`: options, the server's start (with the demo for `npm start`), the HTTP scoring endpoint
// beside it (--http), and a clean stop of both on SIGTERM / SIGINT.

import { readFileSync } from 'node:fs';
import { Engine } from '../src/index.js';
import type { AuthMethod } from './auth.js';
import { loadDemo } from './demo.js';
import { LarchHttpServer } from './http/http-server.js';
import { LarchServer } from './server.js';
import { checkListenAddress, DEFAULT_OPTIONS, type ServerOptions } from './server-options.js';

export const SERVE_USAGE = `larch serve runs Larch as a PostgreSQL server (protocol 3.0).

Usage:
  larch serve [OPTION]...

Options:
      --host=ADDRESS        address to listen on (default 127.0.0.1; others need --user)
      --port=PORT           port (default 5433)
      --data=DIR            database folder
      --demo                load the demo data set into a new database
      --user=NAME:PASSWORD  a user who logs in with a password (repeatable); without any, any
                            user name is trusted on loopback
      --users-file=FILE     users, one NAME:PASSWORD per line
      --auth=METHOD         scram-sha-256 (default), md5 or password
      --tls-cert=FILE       PEM certificate: SSL requests are then answered with TLS
      --tls-key=FILE        PEM private key for --tls-cert
      --max-connections=N   connections allowed at once (default 100)
      --http=PORT           also serve model predictions over HTTP on PORT (same --host, users
                            by Basic authentication, TLS): POST /v1/models/NAME/predict,
                            GET /v1/models
  -?, --help                show this help
`;

export class ServeUsageError extends Error {}

const VALUE_OPTIONS = new Set([
  '--host',
  '--port',
  '--data',
  '--user',
  '--users-file',
  '--auth',
  '--tls-cert',
  '--tls-key',
  '--max-connections',
  '--http',
]);

export interface ServeArgs {
  readonly options: Partial<ServerOptions>;
  readonly dataDir: string | undefined;
  /** The HTTP scoring endpoint's port (--http); none when undefined. */
  readonly httpPort: number | undefined;
  readonly demo: boolean;
  readonly help: boolean;
}

function userEntry(text: string, users: Map<string, string>): void {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new ServeUsageError(`user "${text}" needs the form NAME:PASSWORD`);
  users.set(text.slice(0, colon), text.slice(colon + 1));
}

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const users = new Map<string, string>();
  const options: { -readonly [K in keyof ServerOptions]?: ServerOptions[K] } = {};
  let dataDir: string | undefined;
  let httpPort: number | undefined;
  let demo = false;
  let help = false;
  let cert: string | undefined;
  let key: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-?') {
      help = true;
      continue;
    }
    if (arg === '--demo') {
      demo = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.has(name)) throw new ServeUsageError(`unrecognized option "${arg}"`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new ServeUsageError(`option "${name}" needs a value`);
    switch (name) {
      case '--host':
        options.host = value;
        break;
      case '--port': {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new ServeUsageError(`invalid port "${value}"`);
        options.port = port;
        break;
      }
      case '--http': {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new ServeUsageError(`invalid --http port "${value}"`);
        httpPort = port;
        break;
      }
      case '--data':
        dataDir = value;
        break;
      case '--user':
        userEntry(value, users);
        break;
      case '--users-file':
        for (const line of readFileSync(value, 'utf8').split(/\r?\n/))
          if (line.trim() !== '') userEntry(line.trim(), users);
        break;
      case '--auth':
        if (!['scram-sha-256', 'md5', 'password'].includes(value))
          throw new ServeUsageError(`unknown --auth method "${value}"`);
        options.authMethod = value as AuthMethod;
        break;
      case '--tls-cert':
        cert = value;
        break;
      case '--tls-key':
        key = value;
        break;
      case '--max-connections': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new ServeUsageError(`invalid --max-connections "${value}"`);
        options.maxConnections = n;
        break;
      }
      default:
        throw new ServeUsageError(`unrecognized option "${arg}"`);
    }
  }
  if ((cert === undefined) !== (key === undefined))
    throw new ServeUsageError('--tls-cert and --tls-key go together');
  if (cert !== undefined && key !== undefined)
    options.tls = { cert: readFileSync(cert), key: readFileSync(key) };
  options.users = users;
  return { options, dataDir, httpPort, demo, help };
}

export async function serveCommand(argv: readonly string[]): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (e) {
    if (!(e instanceof ServeUsageError)) throw e;
    process.stderr.write(`larch serve: ${e.message}\nTry "larch serve --help" for more information.\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  let engine: Engine;
  let server: LarchServer;
  try {
    // Refused before the database folder is opened (or made).
    checkListenAddress({ ...DEFAULT_OPTIONS, ...args.options });
  } catch (e) {
    process.stderr.write(`larch serve: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    engine = await Engine.open(args.dataDir);
  } catch (e) {
    process.stderr.write(`larch serve: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    server = new LarchServer(engine, args.options);
  } catch (e) {
    await engine.close();
    process.stderr.write(`larch serve: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.demo) {
    const loaded = await loadDemo(engine);
    if (loaded !== null) process.stdout.write(`Loaded the demo: the table ${loaded}.\n`);
  }
  let port: number;
  try {
    port = await server.listen();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const where = `${server.options.host}:${server.options.port}`;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `larch serve: ${where} is already in use (another server?); choose another with --port\n`
        : `larch serve: cannot listen on ${where}: ${(e as Error).message}\n`,
    );
    await engine.close();
    return 1;
  }
  const host = server.options.host;
  let http: LarchHttpServer | null = null;
  let httpLine = '';
  if (args.httpPort !== undefined) {
    const { users, tls } = server.options;
    http = new LarchHttpServer(engine, { host, port: args.httpPort, users, tls });
    try {
      const httpPort = await http.listen();
      const scheme = tls === undefined ? 'http' : 'https';
      httpLine = `Larch is serving model predictions on ${scheme}://${host}:${httpPort}/v1/models\n`;
    } catch (e) {
      process.stderr.write(
        `larch serve: cannot serve HTTP on ${host}:${args.httpPort}: ${(e as Error).message}\n`,
      );
      await server.close();
      return 1;
    }
  }
  const user = [...server.options.users.keys()][0];
  process.stdout.write(
    `Larch is serving database "${DEFAULT_OPTIONS.database}" on ${host}:${port}. Connect with:\n` +
      `  psql -h ${host} -p ${port} -d ${DEFAULT_OPTIONS.database}${user === undefined ? '' : ` -U ${user}`}\n` +
      httpLine,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.stdout.write('Larch is shutting down.\n');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await http?.close();
  await server.close();
  return 0;
}
