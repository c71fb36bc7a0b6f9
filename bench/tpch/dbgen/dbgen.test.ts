import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTableWithParquet } from './compare.js';
import {
  generateOrdersAndLineitems,
  generateTable,
  TPCH_SCHEMA,
  TPCH_TABLES,
  type TpchChunk,
  tpchRowCount,
  tpchScale,
} from './generate.js';
import { mulMod, nextRand, RandomStream, skipMultiplier } from './rng.js';

// Reference data of the official dbgen 2.17.3 (/work/shared/tpch next to the repository).
const SF001 = fileURLToPath(new URL('../../../../shared/tpch/sf0.01/', import.meta.url));

/** The rows of a table's chunks as one array per column. */
function concat(chunks: Iterable<TpchChunk>): unknown[][] {
  const columns: unknown[][] = [];
  for (const chunk of chunks) {
    chunk.columns.forEach((c, i) => {
      const out = (columns[i] ??= []);
      for (let r = 0; r < chunk.rowCount; r++) out.push(c[r]);
    });
  }
  return columns;
}

/** The number of values that differ (a cheap stand-in for toEqual on a million values). */
function differences(a: unknown[][], b: unknown[][]): number {
  let n = Math.abs(a.length - b.length);
  a.forEach((column, i) => {
    const other = b[i] ?? [];
    n += Math.abs(column.length - other.length);
    column.forEach((v, r) => {
      if (!Object.is(v, other[r])) n++;
    });
  });
  return n;
}

describe('dbgen random streams', () => {
  it('computes the Park-Miller step and skip-ahead exactly', () => {
    expect(nextRand(1)).toBe(16807);
    expect(nextRand(2147483646)).toBe(2147483647 - 16807);
    // Known value of the minimal standard generator: seed 1 after 10000 steps.
    let seed = 1;
    for (let i = 0; i < 10000; i++) seed = nextRand(seed);
    expect(seed).toBe(1043618065);
    expect(mulMod(1, skipMultiplier(10000))).toBe(1043618065);
    expect(mulMod(2147483646, 2147483646)).toBe(1);
  });

  it('skips each row to its boundary', () => {
    const a = new RandomStream(12345, 9);
    const b = new RandomStream(12345, 9);
    a.int(1, 10);
    a.endRow();
    for (let i = 0; i < 9; i++) b.int(1, 10);
    b.endRow();
    expect(a.value).toBe(b.value);
  });
});

describe('dbgen sizes and chunks', () => {
  it('has the specified row counts', () => {
    expect(tpchRowCount('supplier', 1)).toBe(10_000);
    expect(tpchRowCount('customer', 1)).toBe(150_000);
    expect(tpchRowCount('part', 10)).toBe(2_000_000);
    expect(tpchRowCount('partsupp', 1)).toBe(800_000);
    expect(tpchRowCount('orders', 0.1)).toBe(150_000);
    expect(tpchRowCount('nation', 0.01)).toBe(25);
    expect(tpchScale(0.01)).toEqual({
      scale: 1,
      parts: 2000,
      suppliers: 100,
      customers: 1500,
      orders: 15000,
    });
    expect(() => tpchScale(0)).toThrow(RangeError);
    expect(() => tpchScale(1000)).toThrow(RangeError);
  });

  it('generates orders and line items alone or together, in bounded chunks, with the same values', () => {
    const together = [...generateOrdersAndLineitems(0.01, 1000)];
    for (const c of together) {
      expect(c.orders.rowCount).toBeLessThanOrEqual(1000);
      expect(c.lineitem.rowCount).toBeLessThanOrEqual(1000);
      expect(c.orders.columns.length).toBe(TPCH_SCHEMA.orders.length);
      // The chunk's line items belong to exactly its orders.
      const orderKeys = new Set(c.orders.columns[0] as Int32Array);
      expect((c.lineitem.columns[0] as Int32Array).every((k) => orderKeys.has(k))).toBe(true);
    }
    const orders = concat(generateTable('orders', 0.01, 4096));
    const lineitem = concat(generateTable('lineitem', 0.01, 4096));
    expect(orders[0]!.length).toBe(15000);
    expect(lineitem[0]!.length).toBeGreaterThan(4 * 15000 - 1000);
    expect(differences(concat(together.map((c) => c.orders)), orders)).toBe(0);
    expect(differences(concat(together.map((c) => c.lineitem)), lineitem)).toBe(0);
  });
});

describe.skipIf(!existsSync(SF001))('dbgen at SF 0.01 against the official data', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    connection = await instance.connect();
  });

  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  for (const table of TPCH_TABLES) {
    it(`${table} matches row for row`, async () => {
      const result = await compareTableWithParquet(connection, table, 0.01, `${SF001}${table}.parquet`);
      expect(result.mismatches).toEqual([]);
      expect(result.generatedRows).toBe(result.expectedRows);
      expect(result.expectedRows).toBeGreaterThan(0);
    });
  }
});
