// Tables keep large string dictionaries packed as bytes: scans here and on workers, writes and a
// database directory see the same strings as before packing.

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch } from '../columnar/batch.js';
import { getScalar, vectorFromScalars } from '../columnar/vector-ops.js';
import type { Vector } from '../columnar/vector.js';
import { receiveVector } from '../execution/transfer.js';
import { Engine } from '../index.js';
import { Types } from '../types/data-type.js';
import { PACKED_DICTIONARY_STRINGS, PackedChunk } from './packed-chunk.js';
import { TableData } from './table-data.js';

const ROWS = PACKED_DICTIONARY_STRINGS + 5000;

/** Row i: i, a distinct string (non-ASCII every 7th, NULL every 11th), and one of three strings. */
function table(): Batch {
  const ids = Array.from({ length: ROWS }, (_, i) => i);
  const names = ids.map((i) => (i % 11 === 0 ? null : i % 7 === 0 ? `näme ${i}` : `name ${i}`));
  const kinds = ids.map((i) => ['a', 'b', 'c'][i % 3]!);
  return {
    length: ROWS,
    columns: [
      vectorFromScalars(Types.int4, ids),
      vectorFromScalars(Types.text, names),
      vectorFromScalars(Types.text, kinds),
    ],
  };
}

const values = (v: Vector, from = 0, to = v.length) =>
  Array.from({ length: to - from }, (_, i) => getScalar(v, from + i));

describe('PackedChunk', () => {
  const source = table();
  const data = TableData.empty([Types.int4, Types.text, Types.text]).append(source);
  const slot = data.slots[0]!;

  it('packs only the large dictionaries and decodes the same strings', () => {
    expect(slot).toBeInstanceOf(PackedChunk);
    expect(data.chunkColumn(0, 1)).not.toBe(source.columns[1]);
    expect(values(data.chunkColumn(0, 1))).toEqual(values(source.columns[1]!));
    // The small dictionary and the integers are kept as they were appended.
    expect(values(data.chunkColumn(0, 2))).toEqual(values(source.columns[2]!));
    expect(values(data.chunkColumn(0, 0))).toEqual(values(source.columns[0]!));
    // While a decoded vector is in use, reads share it (and its dictionary).
    expect(data.chunkColumn(0, 1)).toBe(data.chunkColumn(0, 1));
  });

  it('reads single rows without decoding the dictionary, as point lookups and samples do', () => {
    const packed = slot as PackedChunk;
    expect([0, 7, 8, ROWS - 1].map((r) => packed.value(1, r))).toEqual([
      null,
      'näme 7',
      'name 8',
      `name ${ROWS - 1}`,
    ]);
    const rows = Int32Array.from([5, 11, 14, 4096]);
    const few = packed.gather([1, 0], rows);
    expect(values(few.columns[0]!)).toEqual(['name 5', null, 'näme 14', 'name 4096']);
    expect(values(few.columns[1]!)).toEqual([5, 11, 14, 4096]);
  });

  it('sends any rows of a packed column to workers without decoding it', () => {
    for (const [from, to] of [
      [0, ROWS],
      [3, 4099],
      [ROWS - 13, ROWS],
    ] as const) {
      const wire = data.wireColumn(0, 1, from, to);
      expect(wire.kind).toBe('string');
      expect(values(receiveVector(wire))).toEqual(values(source.columns[1]!, from, to));
    }
  });
});

describe('tables with packed strings', () => {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'larch-packed-')), 'db');
  const engines: Engine[] = [];
  afterAll(async () => {
    for (const e of engines) await e.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = async (path: string | undefined, threads: number) => {
    const e = await Engine.open(path, { threads });
    engines.push(e);
    return e;
  };
  const create = `CREATE TABLE t AS
    SELECT g AS id, CASE WHEN g % 11 = 0 THEN NULL ELSE 'name ' || g END AS name
    FROM generate_series(1, ${ROWS}) AS s(g)`;
  const queries = [
    'SELECT count(*), count(name), count(DISTINCT name), min(name), max(name) FROM t',
    "SELECT count(*) FROM t WHERE name LIKE 'name 1%'",
    'SELECT name FROM t ORDER BY name DESC NULLS LAST LIMIT 3',
    'SELECT length(name) AS len, count(*) FROM t GROUP BY len ORDER BY len',
  ];
  const answers = (e: Engine) => Promise.all(queries.map(async (q) => (await e.sql(q)).arrays));

  it('answers the same on one thread and on workers, after writes and after reopening', async () => {
    const one = await open(undefined, 1);
    const two = await open(dir, 2);
    for (const e of [one, two]) await e.sql(create);
    const expected = await answers(one);
    expect(expected[0]).toEqual([
      [ROWS, ROWS - Math.floor(ROWS / 11), ROWS - Math.floor(ROWS / 11), 'name 1', 'name 9998'],
    ]);
    expect(await answers(two)).toEqual(expected);

    const writes = ['UPDATE t SET name = upper(name) WHERE id % 5 = 0', 'DELETE FROM t WHERE id % 7 = 0'];
    for (const e of [one, two]) for (const w of writes) await e.sql(w);
    const written = await answers(one);
    expect(written).not.toEqual(expected);
    expect(await answers(two)).toEqual(written);
    expect((await one.sql('SELECT name FROM t WHERE id = 10')).arrays).toEqual([['NAME 10']]);

    await one.sql('CREATE TABLE p (id int PRIMARY KEY, name text)');
    await one.sql(`INSERT INTO p SELECT g, 'name ' || g FROM generate_series(1, ${ROWS}) AS s(g)`);
    expect((await one.sql('SELECT name FROM p WHERE id = 12345')).arrays).toEqual([['name 12345']]);

    await two.close();
    const reopened = await open(dir, 2);
    expect(await answers(reopened)).toEqual(written);
  });
});
