// A reader stopped early (LIMIT) closes its file at once, for every text format: no descriptor is
// left for the garbage collector.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'larch-early-close-'));
let engine: Engine;

beforeAll(async () => {
  engine = await Engine.open();
  // Larger than one 4 MB block, so that a LIMIT stops the reader in the middle of the file.
  const rows = Array.from({ length: 200_000 }, (_, i) => i);
  writeFileSync(
    join(dir, 'rows.csv'),
    `id,label\n${rows.map((i) => `${i},row ${i} of the file`).join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'rows.json'),
    rows.map((i) => JSON.stringify({ id: i, label: `row ${i}` })).join('\n'),
  );
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const openFiles = () => readdirSync('/proc/self/fd').length;

describe('readers stopped early', () => {
  it.each([
    ['read_csv', 'rows.csv'],
    ['read_json', 'rows.json'],
  ])('%s under LIMIT leaves no file open', async (reader, name) => {
    const sql = `SELECT id FROM ${reader}('${join(dir, name)}') LIMIT 1`;
    await engine.sql(sql);
    const before = openFiles();
    for (let i = 0; i < 20; i++) expect((await engine.sql(sql)).textRows()).toEqual([['0']]);
    expect(openFiles()).toBeLessThanOrEqual(before + 2);
  });
});
