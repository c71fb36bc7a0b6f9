// Crash safety: a writer process is killed with SIGKILL at random moments (while starting, recovering,
// committing, writing segments or checkpointing), again and again; after every kill the database
// opens, holds every number the writer reported committed, and none it rolled back. Needs the build.

import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(root, 'dist', 'src', 'index.js');

/** Time the kill loop may take (LARCH_CRASH_TEST_MS for a longer soak), and its bounds on iterations. */
const BUDGET_MS = Number(process.env['LARCH_CRASH_TEST_MS'] ?? 28_000);
const MIN_KILLS = 10;
const MAX_KILLS = process.env['LARCH_CRASH_TEST_MS'] === undefined ? 80 : Infinity;
/** Most kills land within this long after the writer is ready; the rest during its startup and recovery. */
const MAX_KILL_DELAY_MS = 2_000;
const STARTUP_KILL_SHARE = 0.2;
const BULK_ROWS = 40_000;

/**
 * The writer: numbered rows from `start`, as single INSERTs, three-row transactions, rolled-back
 * transactions, UPDATEs, one bulk INSERT large enough for a segment file, and CHECKPOINTs. It prints
 * `ready` once open, `c N` (or `b A` for the bulk rows A..A+BULK_ROWS-1) only after a commit returned,
 * and `r N` for numbers inside a transaction it will roll back.
 */
const WRITER = `
  import { Engine } from ${JSON.stringify(pathToFileURL(built).href)};
  const [dir, startText] = process.argv.slice(-2);
  const say = (line) => process.stdout.write(line + '\\n');
  const e = await Engine.open(dir, { threads: 1 });
  await e.sql('CREATE TABLE IF NOT EXISTS log (n bigint, batch bigint, note text)');
  say('ready');
  let n = Number(startText);
  // Every kind of write early in the writer's short life; a slow bulk insert in some lives, once.
  const schedule = ['single', 'rollback', 'txn', 'checkpoint', 'bulk', 'update', 'single', 'txn', 'rollback', 'checkpoint'];
  const bulkLife = Math.random() < 0.4;
  for (let op = 0; ; op++) {
    let kind = schedule[op % schedule.length];
    if (kind === 'bulk' && (op >= schedule.length || !bulkLife)) kind = 'single';
    if (kind === 'bulk') {
      await e.sql(\`INSERT INTO log SELECT g, \${n}, md5(g::text) || md5((g + 1)::text)
        FROM generate_series(\${n}, \${n + ${BULK_ROWS - 1}}) g\`);
      say('b ' + n);
      n += ${BULK_ROWS};
    } else if (kind === 'rollback') {
      await e.sql(\`BEGIN; INSERT INTO log VALUES (\${n}, NULL, 'rolled back'); INSERT INTO log VALUES (\${n + 1}, NULL, 'x')\`);
      say('r ' + n); say('r ' + (n + 1));
      await e.sql('ROLLBACK');
      n += 2;
    } else if (kind === 'checkpoint') {
      await e.sql('CHECKPOINT');
    } else if (kind === 'txn') {
      await e.sql(\`BEGIN; INSERT INTO log VALUES (\${n}, NULL, 't'); INSERT INTO log VALUES (\${n + 1}, NULL, 't');
        INSERT INTO log VALUES (\${n + 2}, NULL, 't'); COMMIT\`);
      say('c ' + n); say('c ' + (n + 1)); say('c ' + (n + 2));
      n += 3;
    } else if (kind === 'update') {
      await e.sql(\`UPDATE log SET note = 'updated' WHERE n % 7 = \${op % 7}\`);
    } else {
      await e.sql(\`INSERT INTO log VALUES (\${n}, NULL, 'single')\`);
      say('c ' + n);
      n += 1;
    }
  }`;

interface Expectation {
  readonly committed: Set<number>;
  readonly rolledBack: Set<number>;
  /** First numbers of bulk inserts reported committed. */
  readonly batches: Set<number>;
  next: number;
}

function record(line: string, into: Expectation): void {
  const [tag, value] = line.split(' ');
  const k = Number(value);
  if (tag === 'c') into.committed.add(k);
  else if (tag === 'r') into.rolledBack.add(k);
  else if (tag === 'b') into.batches.add(k);
  else return;
  into.next = Math.max(into.next, tag === 'b' ? k + BULK_ROWS : k + 1);
}

/** Runs the writer from `next` and kills it at a random moment; collects what it reported. */
function runAndKill(dir: string, into: Expectation): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--input-type=module', '-e', WRITER, dir, String(into.next)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  const kill = () => child.kill('SIGKILL');
  let timer = Math.random() < STARTUP_KILL_SHARE ? setTimeout(kill, Math.random() * 1500) : null;
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    if (timer === null && out.startsWith('ready\n'))
      timer = setTimeout(kill, Math.random() * MAX_KILL_DELAY_MS);
  });
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (timer !== null) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited by itself (${code}): ${err}`));
        return;
      }
      // A line cut off by the kill was never fully reported; only whole lines count.
      for (const line of out.split('\n').slice(0, -1)) record(line, into);
      resolve();
    });
  });
}

async function check(dir: string, expected: Expectation): Promise<void> {
  const engine = await Engine.open(dir, { threads: 1 });
  try {
    if (engine.database.committed.get('public', 'log') === undefined) {
      expect(expected.committed.size + expected.batches.size).toBe(0);
      return;
    }
    const singles = (await engine.sql('SELECT n FROM log WHERE batch IS NULL')).rows as { n: number }[];
    const present = new Set<number>();
    for (const { n } of singles) {
      expect(present.has(n), `row ${n} appears twice`).toBe(false);
      present.add(n);
    }
    const missing = [...expected.committed].filter((k) => !present.has(k));
    expect(missing.slice(0, 10), `${missing.length} committed rows missing`).toEqual([]);
    const resurrected = [...expected.rolledBack].filter((k) => present.has(k));
    expect(resurrected.slice(0, 10), 'rolled-back rows present').toEqual([]);
    const batches = (
      await engine.sql(
        'SELECT batch, count(*) AS c, count(DISTINCT n) AS d FROM log WHERE batch IS NOT NULL GROUP BY batch',
      )
    ).rows as { batch: number; c: number; d: number }[];
    for (const b of batches)
      expect(b, 'a bulk insert is all or nothing').toEqual({ ...b, c: BULK_ROWS, d: BULK_ROWS });
    const found = new Set(batches.map((b) => b.batch));
    expect(
      [...expected.batches].filter((b) => !found.has(b)),
      'committed bulk inserts missing',
    ).toEqual([]);
    // Rows committed just before a kill, not yet reported, stay: numbering continues after them.
    const [{ top }] = (await engine.sql('SELECT max(n) AS top FROM log')).rows as [{ top: number | null }];
    expected.next = Math.max(expected.next, (top ?? 0) + 1);
  } finally {
    await engine.close();
  }
}

describe('crash recovery', () => {
  beforeAll(() => {
    if (!fs.existsSync(built)) throw new Error('build larch first: npx tsc -p tsconfig.build.json');
  });

  it(
    'loses no committed row and always opens, however often the writer is killed',
    { timeout: BUDGET_MS + 90_000 },
    async () => {
      const dir = join(fs.mkdtempSync(join(tmpdir(), 'larch-crash-')), 'db');
      const expected: Expectation = {
        committed: new Set(),
        rolledBack: new Set(),
        batches: new Set(),
        next: 1,
      };
      const began = Date.now();
      let kills = 0;
      while (kills < MAX_KILLS && (kills < MIN_KILLS || Date.now() - began < BUDGET_MS)) {
        await runAndKill(dir, expected);
        kills++;
        await check(dir, expected);
      }
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(expected.committed.size).toBeGreaterThan(0);
    },
  );
});
