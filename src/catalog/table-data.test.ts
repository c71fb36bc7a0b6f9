import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, type Batch } from '../columnar/batch.js';
import { getScalar } from '../columnar/vector-ops.js';
import { Types } from '../types/data-type.js';
import { sourceFromWire } from '../execution/wire-sources.js';
import { MemoryTableSource, ROW_GROUP_SIZE, TableData } from './table-data.js';

/** A batch of one int4 column holding from, from + 1, ... */
function batch(from: number, length: number): Batch {
  const data = Int32Array.from({ length }, (_, i) => from + i);
  return { length, columns: [{ kind: 'i32', type: Types.int4, length, validity: null, data }] };
}

describe('TableData.appendAll', () => {
  it('stores a bulk load of batch-sized pieces as full row groups, rows in order', () => {
    const total = 3 * ROW_GROUP_SIZE + 1000;
    const batches: Batch[] = [];
    for (let from = 0; from < total; from += BATCH_SIZE)
      batches.push(batch(from, Math.min(BATCH_SIZE, total - from)));
    const data = TableData.empty([Types.int4]).appendAll(batches);
    expect(data.rowCount).toBe(total);
    // 122,880 rows hold 7 whole batches and a part of the 8th, which starts the next chunk.
    const perChunk = Math.floor(ROW_GROUP_SIZE / BATCH_SIZE) * BATCH_SIZE;
    expect(data.slots.length).toBe(Math.ceil(total / perChunk));
    expect(data.slots.slice(0, -1).every((s) => s.length === perChunk)).toBe(true);
    for (const row of [0, perChunk - 1, perChunk, total - 1]) {
      const { chunk, row: r } = data.locate(row);
      expect(getScalar(data.chunkColumn(chunk, 0), r)).toBe(row);
    }
  });

  it('appends to the chunks a table already has, skipping empty batches', () => {
    const before = TableData.empty([Types.int4]).append(batch(0, 10));
    const after = before.appendAll([batch(10, 0), batch(10, 5), batch(15, 5)]);
    expect(before.rowCount).toBe(10);
    expect(after.rowCount).toBe(20);
    const values = after.chunks.flatMap((c) =>
      Array.from({ length: c.length }, (_, i) => getScalar(c.columns[0]!, i)),
    );
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('MemoryTableSource on a worker', () => {
  it('keeps row ids and distinct estimates of the calling thread, sampling only if allowed', async () => {
    const data = TableData.empty([Types.int4]).appendAll([batch(0, 20_000), batch(20_000, 20_000)]);
    expect(data.distinctValues(0)).toBe(40_000);
    const columns = [{ name: 'x', type: Types.int4 }];
    const second = new MemoryTableSource('t', columns, data).partitions(2)[1]!;
    for (const sampled of [true, false]) {
      const there = await sourceFromWire(
        new MemoryTableSource('t', columns, data, new Set(), data.rowCount, sampled).toWire([second]),
      );
      // The part holds rows 16,384.. of the table, and its row ids say so.
      const request = { columns: [0], filters: [], rowIds: true };
      for await (const b of there.scan(there.partitions(1)[0]!, request)) {
        expect(getScalar(b.columns[0]!, 0)).toBe(16_384);
        expect(getScalar(b.columns[1]!, 0)).toBe(16_384);
        break;
      }
      expect(there.distinctValues?.(0)).toBe(40_000);
    }
    const small = new TableData([Types.int4], [batch(0, 10)]);
    expect(new MemoryTableSource('b', columns, small, new Set(), 10, false).distinctValues(0)).toBe(
      undefined,
    );
    expect(new MemoryTableSource('b', columns, small).distinctValues(0)).toBe(10);
  });
});
