// Pushdown at the source: Parquet row groups and hive folders that the filters rule out are not
// read, and what is read is only the requested columns.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../columnar/batch.js';
import type { ConstVector } from '../columnar/vector.js';
import type { ScalarFunction } from '../functions/function.js';
import { Engine } from '../engine/engine.js';
import { Types } from '../types/data-type.js';
import type { Expr } from '../logical/expr.js';
import { FileSource } from './file-source.js';
import { listFiles } from './file-list.js';
import { hiveColumns } from './hive-partitions.js';
import { ParquetFormat } from './parquet/parquet-format.js';

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'larch-fs-'));
  engine = await Engine.open();
  // 10 row groups of 1,000 rows with increasing ids; 3 hive folders.
  await engine.sql(
    `COPY (SELECT g AS id, g % 3 AS k, 'v' || g AS s FROM generate_series(1, 10000) g ORDER BY g) TO '${join(dir, 'groups.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
  );
  await engine.sql(
    `COPY (SELECT g AS id, g % 3 AS k FROM generate_series(1, 3000) g) TO '${join(dir, 'hive')}' (FORMAT parquet, PARTITION_BY (k))`,
  );
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `column op value` over an integer column, as the planner hands filters to sources. */
function compare(op: string, column: number, value: number): Expr {
  const fn: ScalarFunction = {
    name: op,
    signature: 'integer, integer',
    argTypes: [Types.int4, Types.int4],
    returnType: Types.bool,
    strict: true,
    volatile: false,
    stable: false,
    kernel: () => {
      throw new Error('sources only read the expression');
    },
  };
  return {
    kind: 'call',
    fn,
    args: [
      { kind: 'column', id: column, type: Types.int4, name: 'c' },
      { kind: 'literal', value, type: Types.int4 },
    ],
    type: Types.bool,
  };
}

async function scanAll(source: FileSource, columns: number[], filters: Expr[]): Promise<Batch[]> {
  const out: Batch[] = [];
  for (const p of source.partitions(4))
    for await (const b of source.scan(p, { columns, filters, rowIds: false })) out.push(b);
  return out;
}

describe('FileSource', () => {
  it('splits Parquet files into row-group partitions', () => {
    const files = listFiles([join(dir, 'groups.parquet')]);
    const source = new FileSource('t', new ParquetFormat(files, false), files, [], false);
    expect(source.partitions(4).map((p) => p.label)).toEqual([
      '1 file(s), 2 piece(s)',
      '1 file(s), 3 piece(s)',
      '1 file(s), 2 piece(s)',
      '1 file(s), 3 piece(s)',
    ]);
    expect(source.estimatedRows()).toBe(10000);
  });

  it('skips row groups whose min/max rule the filter out, and reads only the columns asked for', async () => {
    const files = listFiles([join(dir, 'groups.parquet')]);
    const source = new FileSource('t', new ParquetFormat(files, false), files, [], false);
    const batches = await scanAll(source, [2], [compare('<', 0, 1500)]);
    // Only the first two row groups (ids 1..2000) can hold id < 1500.
    expect(batches.reduce((s, b) => s + b.length, 0)).toBe(2000);
    expect(batches.every((b) => b.columns.length === 1 && b.columns[0]!.type.id === 'text')).toBe(true);
  });

  it('skips hive folders the filter rules out without opening their files', async () => {
    const files = listFiles([join(dir, 'hive', '*', '*.parquet')]);
    const hive = hiveColumns(files);
    const source = new FileSource('t', new ParquetFormat(files, false), files, hive, true);
    // Column 1 is k (from the folders), 2 the file name.
    const batches = await scanAll(source, [0, 2], [compare('=', 1, 1)]);
    const names = new Set(batches.map((b) => (b.columns[1] as ConstVector).value));
    expect([...names]).toEqual([files.find((f) => f.includes('k=1'))]);
    expect(batches.reduce((s, b) => s + b.length, 0)).toBe(1000);
  });
});
