// The wire server against PostgreSQL 15 on loopback, with the same minimal client in the same run:
// simple-query latency (p50, p99), prepared-statement throughput with concurrent clients, and the
// rows per second of streaming a large result.
//   npm run bench -- wire [--postgres URL] [--rows N] [--clients N] [--seconds N] [--queries N] [--warmup N]
// Both servers are measured warm, as a long-running server is: each first answers `warmup` simple
// queries, and the clients run the prepared statement for a second before its throughput counts.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './measure.js';
import { WireClient } from './wire-client.js';
import { freePort } from './free-port.js';

export interface WireBenchOptions {
  /** An existing PostgreSQL server (postgres://user@host:port/db); otherwise one is started. */
  readonly postgres: string | undefined;
  readonly rows: number;
  readonly clients: number;
  readonly seconds: number;
  readonly queries: number;
  /** Simple queries run before latency is measured. */
  readonly warmup: number;
}

interface Target {
  readonly name: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  stop(): Promise<void>;
}

async function startLarch(): Promise<Target> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin', 'larch.js'), 'serve', '--port', String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Connect with')) ready();
    });
    child.on('exit', (code) => fail(new Error(`larch serve exited with ${code}`)));
  });
  return {
    name: 'Larch',
    port,
    user: 'bench',
    database: 'larch',
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((done) => child.on('exit', done));
    },
  };
}

/** Runs a command as the postgres user when this process is root (PostgreSQL refuses to run as root). */
function asPostgres(command: string, args: readonly string[]): void {
  const root = process.getuid?.() === 0;
  const r = root
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr || r.stdout}`);
}

async function startPostgres(url: string | undefined): Promise<Target> {
  if (url !== undefined) {
    const u = new URL(url);
    return {
      name: 'PostgreSQL',
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username || 'postgres'),
      database: u.pathname.slice(1) || 'postgres',
      stop: async () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'larch-bench-pg-'));
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout), Number(gid.stdout));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  asPostgres('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    '-w',
    'start',
  ]);
  return {
    name: 'PostgreSQL',
    port,
    user: 'postgres',
    database: 'postgres',
    stop: async () => {
      asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const SETUP = [
  'DROP TABLE IF EXISTS bench_points',
  'CREATE TABLE bench_points (id int PRIMARY KEY, name text, v double precision)',
  "INSERT INTO bench_points SELECT g, 'point ' || g, g * 0.5 FROM generate_series(1, 10000) AS s(g)",
];
const LATENCY_SQL = 'SELECT 1';
const PREPARED_SQL = 'SELECT name, v FROM bench_points WHERE id = $1';

interface Measures {
  readonly p50: number;
  readonly p99: number;
  readonly throughput: number;
  readonly rowsPerSecond: number;
}

async function measure(target: Target, o: WireBenchOptions): Promise<Measures> {
  const connectOne = () => WireClient.connect(target.port, target.user, target.database);
  const c = await connectOne();
  for (const sql of SETUP) await c.query(sql);

  // Latency: one client, queries one after another.
  for (let i = 0; i < o.warmup; i++) await c.query(LATENCY_SQL);
  const times: number[] = [];
  for (let i = 0; i < o.queries; i++) {
    const t0 = process.hrtime.bigint();
    await c.query(LATENCY_SQL);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length * 0.5)]!;
  const p99 = times[Math.floor(times.length * 0.99)]!;

  // Throughput: concurrent clients each running a prepared statement in a loop.
  const clients = await Promise.all(Array.from({ length: o.clients }, connectOne));
  await Promise.all(clients.map((k) => k.prepare('lookup', PREPARED_SQL)));
  const lookups = async (seconds: number): Promise<number> => {
    let done = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      clients.map(async (k, n) => {
        let i = n;
        while (performance.now() < end) {
          await k.execute('lookup', [String(1 + ((i * 7919) % 10000))]);
          i++;
          done++;
        }
      }),
    );
    return done;
  };
  await lookups(1);
  const throughput = (await lookups(o.seconds)) / o.seconds;
  clients.forEach((k) => k.close());

  // Streaming: a large table read whole, best of three.
  await c.query('DROP TABLE IF EXISTS bench_stream');
  await c.query(
    `CREATE TABLE bench_stream AS SELECT g AS id, g * 2 AS x, 'row ' || g AS s FROM generate_series(1, ${o.rows}) AS s(g)`,
  );
  const big = 'SELECT id, x, s FROM bench_stream';
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const n = await c.query(big);
    best = Math.min(best, performance.now() - t0);
    if (n !== o.rows) throw new Error(`${target.name} returned ${n} rows, not ${o.rows}`);
  }
  c.close();
  return { p50, p99, throughput, rowsPerSecond: o.rows / (best / 1000) };
}

export async function wireBench(o: WireBenchOptions): Promise<void> {
  process.stdout.write(
    `wire: ${o.queries} × "${LATENCY_SQL}" after ${o.warmup} to warm up; ${o.clients} clients × "${PREPARED_SQL}" for ${o.seconds} s; ` +
      `SELECT * of a ${o.rows.toLocaleString('en-US')}-row table (int, bigint, text)\n\n`,
  );
  const larch = await startLarch();
  const pg = await startPostgres(o.postgres);
  try {
    const l = await measure(larch, o);
    const p = await measure(pg, o);
    const f = (x: number) => x.toFixed(0);
    printTable(
      ['measure', 'larch', 'postgresql', 'larch / pg', 'target'],
      [
        ['simple query p50 (µs)', f(l.p50), f(p.p50), (l.p50 / p.p50).toFixed(2), '≤ 1.5'],
        ['simple query p99 (µs)', f(l.p99), f(p.p99), (l.p99 / p.p99).toFixed(2), '≤ 1.5'],
        [
          `prepared, ${o.clients} clients (q/s)`,
          f(l.throughput),
          f(p.throughput),
          (p.throughput / l.throughput).toFixed(2) + ' (pg/larch)',
          '≤ 1.5',
        ],
        [
          'streaming (rows/s)',
          f(l.rowsPerSecond),
          f(p.rowsPerSecond),
          (p.rowsPerSecond / l.rowsPerSecond).toFixed(2) + ' (pg/larch)',
          '< 1',
        ],
      ],
    );
  } finally {
    await larch.stop();
    await pg.stop();
  }
}
