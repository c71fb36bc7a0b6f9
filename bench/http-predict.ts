// Online scoring over HTTP: `larch serve --http` in a child process (so the clients here do not share
// its event loop), a logistic-regression model trained through the wire protocol, then one-row
// request latency (p50, p99) with one client, throughput and latency with N concurrent keep-alive
// clients, and rows per second with 100-row requests.
//   npm run bench -- http [--seconds N] [--clients N]

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './measure.js';
import { WireClient } from './wire-client.js';
import { freePort } from './free-port.js';

export interface HttpPredictOptions {
  /** Length of each measured phase. */
  readonly seconds: number;
  /** Concurrent clients in the throughput phase. */
  readonly clients: number;
}

export interface LatencyFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface HttpPredictFigures {
  /** One row per request, one client. */
  readonly oneClient: LatencyFigures;
  /** One row per request, `clients` clients at once. */
  readonly concurrent: LatencyFigures & { readonly clients: number };
  /** BATCH_ROWS rows per request, one client. */
  readonly batch: LatencyFigures & { readonly rows: number; readonly rowsPerSecond: number };
}

const BATCH_ROWS = 100;

const SETUP = [
  `CREATE TABLE bench_train AS
   SELECT ((g * 37) % 101) / 10.0::float8 AS x1, (g % 13)::float8 AS x2, ((g * 7) % 17) / 4.0::float8 AS x3,
          (g % 5)::float8 AS x4, CASE WHEN g % 3 = 0 THEN 'a' WHEN g % 3 = 1 THEN 'b' ELSE 'c' END AS cat,
          ((g * 37) % 101) / 10.0 + (g % 13) * 0.3 - (g % 5) > 6 AS label
   FROM generate_series(1, 10000) AS s(g)`,
  `CREATE MODEL bench_lr OPTIONS (model_type = 'logistic_reg', seed = 1) AS SELECT * FROM bench_train`,
];

interface Served {
  readonly pgPort: number;
  readonly httpPort: number;
  stop(): Promise<void>;
}

async function startServer(): Promise<Served> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const data = mkdtempSync(join(tmpdir(), 'larch-bench-http-'));
  const pgPort = await freePort();
  const httpPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, 'bin', 'larch.js'),
      'serve',
      '--port',
      String(pgPort),
      '--http',
      String(httpPort),
      '--data',
      data,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('model predictions')) ready();
    });
    child.on('exit', (code) => fail(new Error(`larch serve exited with ${code}: ${out}`)));
  });
  return {
    pgPort,
    httpPort,
    stop: async () => {
      const exited = new Promise((done) => child.on('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

function row(i: number): Record<string, unknown> {
  return { x1: (i % 97) / 10, x2: i % 13, x3: (i % 17) / 4, x4: i % 5, cat: ['a', 'b', 'c'][i % 3] };
}

/** POSTs a body and resolves to its status once the whole response is read. */
function post(agent: Agent, port: number, path: string, body: Buffer): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** `clients` loops posting `bodies` in turn for `seconds`; latencies of every request. */
async function drive(
  port: number,
  bodies: readonly Buffer[],
  clients: number,
  seconds: number,
): Promise<LatencyFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const path = '/v1/models/bench_lr/predict';
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; performance.now() < end; i += clients) {
        const t0 = performance.now();
        const status = await post(agent, port, path, bodies[i % bodies.length]!);
        if (status !== 200) throw new Error(`predict answered ${status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

export async function httpPredictBench(options: HttpPredictOptions): Promise<HttpPredictFigures> {
  const served = await startServer();
  try {
    const wire = await WireClient.connect(served.pgPort, 'bench', 'larch');
    for (const sql of SETUP) await wire.query(sql);
    wire.close();
    const oneRow = Array.from({ length: 256 }, (_, i) => Buffer.from(JSON.stringify(row(i))));
    const batches = Array.from({ length: 16 }, (_, b) =>
      Buffer.from(JSON.stringify(Array.from({ length: BATCH_ROWS }, (_, i) => row(b * BATCH_ROWS + i)))),
    );
    await drive(served.httpPort, oneRow, 1, Math.min(1, options.seconds));
    const oneClient = await drive(served.httpPort, oneRow, 1, options.seconds);
    const concurrent = await drive(served.httpPort, oneRow, options.clients, options.seconds);
    const batch = await drive(served.httpPort, batches, 1, options.seconds);
    const figures: HttpPredictFigures = {
      oneClient,
      concurrent: { ...concurrent, clients: options.clients },
      batch: { ...batch, rows: BATCH_ROWS, rowsPerSecond: batch.requestsPerSecond * BATCH_ROWS },
    };
    printFigures(figures);
    return figures;
  } finally {
    await served.stop();
  }
}

function printFigures(f: HttpPredictFigures): void {
  const ms = (x: number) => x.toFixed(3);
  process.stdout.write('POST /v1/models/bench_lr/predict (logistic_reg, 5 features), larch serve --http\n');
  const phases: [string, LatencyFigures, number][] = [
    ['1 row, 1 client', f.oneClient, 1],
    [`1 row, ${f.concurrent.clients} clients`, f.concurrent, 1],
    [`${f.batch.rows} rows, 1 client`, f.batch, f.batch.rows],
  ];
  printTable(
    ['phase', 'requests', 'requests/s', 'rows/s', 'p50 ms', 'p99 ms'],
    phases.map(([name, m, rows]) => [
      name,
      String(m.requests),
      m.requestsPerSecond.toFixed(0),
      (m.requestsPerSecond * rows).toFixed(0),
      ms(m.p50Ms),
      ms(m.p99Ms),
    ]),
  );
}
