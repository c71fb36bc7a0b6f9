// Helpers for the server's tests: a real server on a free loopback port, and the real psql.

import { spawn, spawnSync } from 'node:child_process';
import { Engine } from '../src/index.js';
import { LarchServer } from './server.js';
import type { ServerOptions } from './server-options.js';

export interface TestServer {
  readonly server: LarchServer;
  readonly engine: Engine;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts a server on port 0 (a free port chosen by the system): tests run in parallel safely. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const engine = await Engine.open();
  const server = new LarchServer(engine, { port: 0, shutdownGraceMs: 500, ...options });
  const port = await server.listen();
  return { server, engine, port, close: () => server.close() };
}

/** Starts a test server and runs `setup` through psql, which must succeed. */
export async function startServerWith(setup: string): Promise<TestServer> {
  const t = await startTestServer();
  const r = await psql(t.port, ['-v', 'ON_ERROR_STOP=1', '-c', setup]);
  if (r.status !== 0 || r.stderr !== '') {
    await t.close();
    throw new Error(`test server setup failed: ${r.stderr}`);
  }
  return t;
}

export interface PsqlResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion without blocking the event loop (the server runs in this process). */
export function run(
  command: string,
  args: readonly string[],
  input?: string,
  env: Record<string, string> = {},
): Promise<PsqlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs the real psql against the server: `args` are extra psql arguments (-c …, -f …). */
export function psql(
  port: number,
  args: readonly string[],
  input?: string,
  env: Record<string, string> = {},
): Promise<PsqlResult> {
  return run(
    'psql',
    ['-h', '127.0.0.1', '-p', String(port), '-d', 'larch', '-U', 'tester', '-X', ...args],
    input,
    {
      PGCONNECT_TIMEOUT: '10',
      ...env,
    },
  );
}

/** Whether a command is installed (psql, python3, java). */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}
