// Runs one sink's micro-batches on its trigger: every INTERVAL (as soon as the last batch is done
// when no interval is given; sources are polled every POLL_MS when idle, and a commit to a source
// table wakes the sink at once), once (TRIGGER ONCE), or until the sources have nothing new (TRIGGER
// AVAILABLE_NOW), after which the sink is marked stopped. A failing batch is retried with a growing
// pause; its error is kept for the status view.

import { SINK_SCHEMA, type SinkEntry } from '../catalog/catalog.js';
import type { Database } from '../engine/database.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { Session } from '../engine/session.js';
import type { SinkStatus } from '../engine/stream-runtime.js';
import { withStatementContext } from './session-access.js';
import { SinkBatch, type SinkServices } from './sink-batch.js';

/** How often idle sources are looked at. */
const POLL_MS = 100;
const MAX_RETRY_MS = 5000;

type MutableStatus = { -readonly [K in keyof SinkStatus]: SinkStatus[K] };

export class SinkRunner {
  readonly status: MutableStatus = {
    state: 'running',
    batches: 0,
    rowsIn: 0,
    rowsOut: 0,
    deadLetters: 0,
    lastBatchMs: null,
    lastBatchAt: null,
    lag: null,
    lastError: null,
  };
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private failures = 0;

  constructor(
    private readonly database: Database,
    private readonly session: Session,
    private readonly services: SinkServices,
    readonly name: string,
    private readonly lag: () => Promise<number | null>,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** New data may be there (a source table changed): run the next batch without polling delay. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }

  private sink(): SinkEntry | undefined {
    const e = this.database.committed.get(SINK_SCHEMA, this.name);
    return e?.kind === 'sink' ? e : undefined;
  }

  /** Waits until `idle`, or only until `due` once woken. */
  private async waitUntil(idle: number, due: number): Promise<void> {
    for (;;) {
      const target = this.woken ? due : idle;
      const wait = target - Date.now();
      if (wait <= 0 || this.stopped) return;
      await this.sleep(wait);
      if (!this.woken && Date.now() >= idle) return;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const sink = this.sink();
      if (sink === undefined || !sink.running) break;
      const started = Date.now();
      this.woken = false;
      let worked = false;
      try {
        const outcome = await new SinkBatch(this.database, this.session, this.services, this.name).run();
        this.failures = 0;
        this.status.state = 'running';
        this.status.lastError = null;
        if (outcome !== null) {
          worked = true;
          const s = this.status;
          s.batches++;
          s.rowsIn += outcome.rowsIn;
          s.rowsOut += outcome.rowsOut;
          s.deadLetters += outcome.deadLetters;
          s.lastBatchAt = Date.now();
          s.lastBatchMs = s.lastBatchAt - started;
        }
        // A batch with nothing new read everything there was: no lag, and no second look at the sources.
        this.status.lag = worked ? await this.lag().catch(() => null) : 0;
        // ONCE: one batch; AVAILABLE_NOW: batches until the sources have nothing new.
        if (sink.trigger.kind === 'once' || (sink.trigger.kind === 'available_now' && !worked)) {
          await this.finish();
          break;
        }
      } catch (e) {
        this.failures++;
        this.status.state = 'failing';
        this.status.lastError = e instanceof LarchError ? `${e.code}: ${e.message}` : String(e);
        await this.sleep(Math.min(MAX_RETRY_MS, 100 * 2 ** this.failures));
        continue;
      }
      if (sink.trigger.kind !== 'interval') continue;
      // The next batch starts an interval after this one; when there was nothing new, not before
      // the next poll, unless a commit to a source table wakes the sink.
      const due = started + sink.trigger.ms;
      await this.waitUntil(worked ? due : started + Math.max(sink.trigger.ms, POLL_MS), due);
    }
    if (this.status.state !== 'finished') this.status.state = 'stopped';
  }

  /** TRIGGER ONCE / AVAILABLE_NOW: everything available is done; the sink stops. */
  private async finish(): Promise<void> {
    this.status.state = 'finished';
    try {
      await withStatementContext(this.session, (ctx) => {
        const sink = ctx.txn.lookup(SINK_SCHEMA, this.name);
        if (sink?.kind === 'sink') ctx.txn.put({ ...sink, running: false });
      });
    } catch (e) {
      if (!(e instanceof LarchError && e.code === SqlState.serializationFailure)) throw e;
    }
  }
}
