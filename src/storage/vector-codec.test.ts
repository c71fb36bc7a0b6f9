// Every vector kind survives encodeVector/decodeVector and a trip through a stored chunk blob.

import { describe, expect, it } from 'vitest';
import type { Vector } from '../columnar/vector.js';
import { sliceVector, toScalars, vectorFromScalars } from '../columnar/vector-ops.js';
import { type DataType, listType, numericType, Types } from '../types/data-type.js';
import {
  chunkHeaderBytes,
  CHUNK_PREFIX_BYTES,
  decodeColumn,
  encodeChunk,
  parseChunkHeader,
} from './chunk-codec.js';
import { crc32, crc32Portable } from './checksum.js';
import { decodeVector, encodeVector } from './vector-codec.js';

const struct: DataType = {
  id: 'struct',
  fields: [
    { name: 'a', type: Types.int4 },
    { name: 'b', type: Types.text },
  ],
};

function samples(): Vector[] {
  const n = 5000;
  const ints = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : i * 3 - 100));
  return [
    vectorFromScalars(Types.bool, [true, false, null, true]),
    vectorFromScalars(Types.int2, [1, -2, null, 300]),
    vectorFromScalars(Types.int4, ints),
    vectorFromScalars(Types.int4, [-2147483648, 2147483647, 0]),
    vectorFromScalars(Types.float4, [1.5, -0, null, Infinity]),
    vectorFromScalars(
      Types.int2,
      Array.from({ length: 300 }, (_, i) => (i % 201) - 100),
    ),
    vectorFromScalars(
      Types.int4,
      Array.from({ length: 3000 }, (_, i) => -40_000 + i * 3),
    ),
    vectorFromScalars(Types.float8, [0, -0, 1, 2, 3, ...Array.from({ length: 300 }, (_, i) => i)]),
    vectorFromScalars(
      Types.date,
      Array.from({ length: 3000 }, (_, i) => -1000 + (i % 2500)),
    ),
    vectorFromScalars(Types.float8, [NaN, -0, Infinity, -Infinity, 1e308, 0.1, null]),
    vectorFromScalars(
      Types.int8,
      Array.from({ length: n }, (_, i) => 2 ** 52 + i),
    ),
    vectorFromScalars(
      Types.timestamp,
      Array.from({ length: n }, (_, i) => 700_000_000_000_000 + i * 1_000_000),
    ),
    vectorFromScalars(numericType(15, 2), [{ m: 12345n, s: 2 }, null, { m: -1n, s: 2 }]),
    vectorFromScalars(Types.numeric, [{ m: 123456789012345678901234567890n, s: 5 }, { m: 1n, s: 0 }, null]),
    vectorFromScalars(Types.text, ['', 'héllo', null, '😀 emoji', 'héllo', 'x'.repeat(3000)]),
    vectorFromScalars(Types.text, ['lone \ud800 surrogate', 'ok']),
    vectorFromScalars(
      Types.varchar,
      Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `value ${i % 37}`)),
    ),
    vectorFromScalars(Types.interval, [{ months: 1, days: -2, micros: 3.5e9 }, null]),
    vectorFromScalars(Types.json, [{ a: [1, 'x', null, true] }, 'str', 3.5, null]),
    vectorFromScalars(Types.bytea, [new Uint8Array([0, 1, 255]), null, new Uint8Array()]),
    vectorFromScalars(listType(Types.int4), [[1, null, 3], null, []]),
    vectorFromScalars(listType(Types.numeric), [[{ m: 10n ** 30n, s: 1 }, null]]),
    vectorFromScalars(listType(Types.float8), [[NaN, -0, Infinity]]),
    vectorFromScalars(listType(Types.interval), [[{ months: 0, days: 1, micros: 0 }]]),
    vectorFromScalars(struct, [{ a: 1, b: 'x' }, null, { a: null, b: null }]),
    { kind: 'const', type: Types.int4, length: 10, validity: null, value: 42 },
    { kind: 'const', type: Types.text, length: 3, validity: null, value: null },
    { kind: 'const', type: Types.numeric, length: 2, validity: null, value: { m: 10n ** 20n, s: 3 } },
  ];
}

describe('vector codec', () => {
  it('round-trips every vector kind', () => {
    for (const v of samples()) {
      const e = encodeVector(v);
      const back = decodeVector(JSON.parse(JSON.stringify(e.meta)), e.buffers);
      expect(back.kind).toBe(v.kind);
      expect(back.type).toEqual(v.type);
      expect(toScalars(back)).toEqual(toScalars(v));
    }
  });

  it('round-trips slices that start mid-array and mid-bitmap', () => {
    for (const v of samples()) {
      if (v.length < 3) continue;
      const s = sliceVector(v, 1, v.length - 1);
      const e = encodeVector(s);
      expect(toScalars(decodeVector(e.meta, e.buffers))).toEqual(toScalars(s));
    }
  });

  it('writes only the dictionary entries a string vector uses', () => {
    const big = vectorFromScalars(
      Types.text,
      Array.from({ length: 1000 }, (_, i) => `entry ${i}`),
    );
    const slice = sliceVector(big, 10, 12);
    const e = encodeVector(slice);
    const textBytes = e.buffers.slice(2).reduce((s, b) => s + b.byteLength, 0);
    expect(textBytes).toBe('entry 10entry 11'.length);
    expect(toScalars(decodeVector(e.meta, e.buffers))).toEqual(['entry 10', 'entry 11']);
  });

  it('copies buffers that are not aligned for their array type', () => {
    const v = vectorFromScalars(Types.float8, [1.5, 2.5, null]);
    const e = encodeVector(v);
    const shifted = e.buffers.map((b) => {
      const copy = new Uint8Array(b.byteLength + 1);
      copy.set(b, 1);
      return copy.subarray(1);
    });
    expect(toScalars(decodeVector(e.meta, shifted))).toEqual([1.5, 2.5, null]);
  });
});

describe('chunk blobs', () => {
  it('round-trip every column, alone, through narrowing and deflate', async () => {
    for (const v of samples()) {
      const blob = await encodeChunk({ length: v.length, columns: [v, v] });
      const header = parseChunkHeader(
        blob.subarray(0, CHUNK_PREFIX_BYTES + chunkHeaderBytes(blob, 'x')),
        'x',
      );
      expect(header.rows).toBe(v.length);
      const [start, end] = header.ranges[1]!;
      expect(end).toBe(blob.byteLength);
      const back = decodeColumn(header, 1, blob.subarray(start, end), 'x');
      expect(toScalars(back)).toEqual(toScalars(v));
    }
  });

  it('stores narrow integer columns in fewer bytes', async () => {
    const v = vectorFromScalars(
      Types.int8,
      Array.from({ length: 100_000 }, (_, i) => 1e12 + ((i * 7919) % 65_000)),
    );
    const blob = await encodeChunk({ length: v.length, columns: [v] });
    expect(blob.byteLength).toBeLessThan(100_000 * 2 + 1000);
  });

  it('detects a flipped bit in a column', async () => {
    const v = vectorFromScalars(
      Types.int4,
      Array.from({ length: 1000 }, (_, i) => i),
    );
    const blob = await encodeChunk({ length: v.length, columns: [v] });
    const header = parseChunkHeader(blob, 'seg-1.lsg');
    const [start, end] = header.ranges[0]!;
    const section = blob.slice(start, end);
    section[5]! ^= 1;
    expect(() => decodeColumn(header, 0, section, 'seg-1.lsg')).toThrow(/invalid data in file "seg-1.lsg"/);
    const bad = blob.slice();
    bad[CHUNK_PREFIX_BYTES + 2]! ^= 1;
    expect(() => parseChunkHeader(bad, 'seg-1.lsg')).toThrow(/checksum/);
  });

  it('computes the same CRC-32 as zlib', () => {
    const data = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(crc32(data)).toBe(0x414fa339);
    expect(crc32Portable(data)).toBe(0x414fa339);
    expect(crc32Portable(data.subarray(10), crc32Portable(data.subarray(0, 10)))).toBe(0x414fa339);
  });
});
