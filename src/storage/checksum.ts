// CRC-32 (zlib's polynomial) over byte ranges: zlib.crc32 where Node has it (20.15+), else a table.

import * as zlib from 'node:zlib';

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table !== null) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

function crc32Js(data: Uint8Array, value = 0): number {
  const t = crcTable();
  let c = ~value >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `data`, continuing from `value` (the CRC of the bytes before it). */
export const crc32: (data: Uint8Array, value?: number) => number = native ?? crc32Js;

/** @internal The table version, for tests that compare it with zlib's. */
export const crc32Portable = crc32Js;
