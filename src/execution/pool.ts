// The worker pool: the only module that knows about piscina. Plan fragments run here on worker
// threads; one pool serves every engine in the process and is closed with the last engine.

import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Piscina } from 'piscina';
import type { FragmentResult, FragmentTask } from './fragment-task.js';
import type { StartTask, TrainingPassResult, TrainingPassTask } from './training-task.js';

/** The compiled worker entry (tests run the TypeScript sources; workers always run dist/). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.ts')
    ? here.replace(/\/src\/execution\/pool\.ts$/, '/dist/src/execution/worker.js')
    : here.replace(/pool\.js$/, 'worker.js');
  if (!existsSync(compiled)) throw new Error(`worker entry ${compiled} is missing: run npm run build`);
  return compiled;
}

let pool: Piscina | null = null;
let users = 0;

/**
 * Worker heaps start sized for this many MB before their first full garbage collection. With V8's
 * default, a limit a few MB above a worker's 8.5 MB of code and constants, the per-group arrays of
 * a large aggregate started a full collection every 16 MB or so: 3 a worker in each run of TPC-H
 * Q18 at SF 1, each marking the whole heap on the core the other worker needs; 1 with this. V8
 * reads the setting as an isolate is created: it applies to the threads started after it (other
 * worker threads of the process too), not to the calling thread.
 */
const WORKER_INITIAL_HEAP_MB = 64;

/** Registers a user of the pool (an engine); the pool starts on first use. */
export function acquirePool(): void {
  users++;
}

/** Releases a user; the last one stops the worker threads. */
export async function releasePool(): Promise<void> {
  users = Math.max(0, users - 1);
  if (users === 0 && pool !== null) {
    const p = pool;
    pool = null;
    await p.destroy();
  }
}

function instance(): Piscina {
  if (pool !== null) return pool;
  setFlagsFromString(`--initial-heap-size=${WORKER_INITIAL_HEAP_MB}`);
  pool = new Piscina({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: availableParallelism(),
    idleTimeout: 30_000,
    // Column buffers move to and from workers; structured clone handles the rest.
    atomics: 'sync',
  });
  // A worker that dies is replaced by piscina; its task's promise rejects and fails that query.
  pool.on('error', (e: unknown) => process.emitWarning(`larch worker pool: ${String(e)}`));
  return pool;
}

/** Runs one fragment task on a worker thread. */
export function runOnWorker(task: FragmentTask): Promise<FragmentResult> {
  return instance().run(task) as Promise<FragmentResult>;
}

/** Runs one training pass over a partition on a worker thread. */
export function runTrainingPassOnWorker(task: TrainingPassTask): Promise<TrainingPassResult> {
  return instance().run(task) as Promise<TrainingPassResult>;
}

/**
 * Starts up to `count` worker threads now (a no-op task each), so that a parallel phase about to begin
 * does not wait for threads to start and load their code.
 */
export function startWorkers(count: number): void {
  const p = instance();
  for (let i = p.threads.length; i < Math.min(count, p.options.maxThreads); i++)
    p.run({ mode: 'start' } satisfies StartTask).catch(() => undefined);
}
