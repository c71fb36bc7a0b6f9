// Writes that fail part-way: a disk that fills up (a 1 MB tmpfs when this process may mount one,
// else a stream that fails with ENOSPC), a target that cannot be written. Each is an error with a
// SQLSTATE and the file name, leaves no partial file, and the engine keeps working.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.js';
import { LarchError } from '../../engine/errors.js';
import { writeStream } from './write-files.js';
import type { WriteOptions } from './file-writer.js';
import { UTC } from '../../types/datetime.js';
import { Types } from '../../types/data-type.js';

let dir: string;
let tmpfs: string | null = null;
let engine: Engine;

function tryMountTmpfs(path: string): boolean {
  try {
    mkdirSync(path, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'larch-wf-'));
  const mountPoint = join(dir, 'small-disk');
  tmpfs = tryMountTmpfs(mountPoint) ? mountPoint : null;
  engine = await Engine.open();
  await engine.sql(
    'CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 4) AS filler FROM generate_series(1, 40000) g',
  );
});

afterAll(async () => {
  await engine.close();
  if (tmpfs !== null) execFileSync('umount', [tmpfs]);
  rmSync(dir, { recursive: true, force: true });
});

async function expectError(sql: string): Promise<LarchError> {
  try {
    await engine.sql(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(LarchError);
    return e as LarchError;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('a disk that fills up mid-write', () => {
  it.each(['csv', 'parquet'])('%s: 53100 naming the file, no partial file left', async (format) => {
    if (tmpfs === null) return; // covered by the stream case below when mounting is not allowed
    const path = join(tmpfs, `out.${format}`);
    const e = await expectError(
      `COPY big TO '${path}' (FORMAT ${format}, COMPRESSION ${format === 'csv' ? 'none' : 'uncompressed'})`,
    );
    expect(e.code).toBe('53100');
    expect(e.message).toContain(path);
    expect(readdirSync(tmpfs)).toEqual([]);
    // The engine keeps working, and a smaller write to the same disk succeeds.
    await engine.sql(`COPY (SELECT * FROM big LIMIT 10) TO '${path}' (FORMAT ${format})`);
    expect(readdirSync(tmpfs)).toEqual([`out.${format}`]);
    rmSync(path);
  });

  it('partitioned writes remove their temporary folder', async () => {
    if (tmpfs === null) return;
    const path = join(tmpfs, 'parts');
    const e = await expectError(
      `COPY (SELECT id % 4 AS k, filler FROM big) TO '${path}' (FORMAT csv, PARTITION_BY (k))`,
    );
    expect(e.code).toBe('53100');
    expect(readdirSync(tmpfs)).toEqual([]);
  });

  it('a stream that fails with ENOSPC (simulated full disk)', async () => {
    let written = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.length;
        const err = Object.assign(new Error('No space left on device'), { code: 'ENOSPC' });
        done(written > 100_000 ? err : null);
      },
    });
    sink.on('error', () => undefined);
    const options: WriteOptions = {
      format: 'csv',
      header: false,
      delimiter: ',',
      quote: '"',
      escape: '"',
      nullString: '',
      forceQuote: new Set(),
      compression: 'none',
      rowGroupSize: 1000,
      jsonArray: false,
      timeZone: UTC,
      numericScales: [0],
    };
    const batches = (async function* () {
      for (let i = 0; i < 100; i++)
        yield {
          length: 1000,
          columns: [
            {
              kind: 'f64' as const,
              type: Types.float8,
              length: 1000,
              validity: null,
              data: new Float64Array(1000).fill(i),
            },
          ],
        };
    })();
    await expect(
      writeStream(sink, [{ name: 'x', type: Types.float8 }], batches, options),
    ).rejects.toMatchObject({
      code: '53100',
      message: 'could not write to "output stream": No space left on device',
    });
  });
});

describe('targets that cannot be written', () => {
  it('a missing folder is created; a file where a folder should be is an error', async () => {
    await engine.sql(`COPY (SELECT 1 AS a) TO '${join(dir, 'new', 'deep', 'x.csv')}' (FORMAT csv)`);
    expect(existsSync(join(dir, 'new', 'deep', 'x.csv'))).toBe(true);
    const e = await expectError(
      `COPY (SELECT 1 AS a) TO '${join(dir, 'new', 'deep', 'x.csv', 'y.csv')}' (FORMAT csv)`,
    );
    expect(e.code).toMatch(/^58/);
    expect(e.message).toContain('y.csv');
  });

  it('a failing query leaves the previous file in place', async () => {
    const path = join(dir, 'keep.csv');
    await engine.sql(`COPY (SELECT 1 AS a) TO '${path}' (FORMAT csv)`);
    const e = await expectError(
      `COPY (SELECT 1 / (g - 5) FROM generate_series(1, 10) g) TO '${path}' (FORMAT csv)`,
    );
    expect(e.code).toBe('22012');
    const r = await engine.sql(`SELECT * FROM read_csv('${path}', header => false)`);
    expect(r.textRows()).toEqual([['1']]);
    expect(readdirSync(dir).filter((f) => f.startsWith('.keep'))).toEqual([]);
  });
});
