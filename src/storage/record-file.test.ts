// Log and manifest framing: records read back until the first torn or corrupt one.

import { describe, expect, it } from 'vitest';
import { fileHeader, FILE_HEADER_BYTES, checkFileHeader, frameRecord, readRecords } from './record-file.js';

function file(...payloads: string[]): Buffer {
  return Buffer.concat([fileHeader('wal'), ...payloads.flatMap((p) => frameRecord([Buffer.from(p)]))]);
}

const texts = (bytes: Uint8Array) => readRecords(bytes).records.map((r) => Buffer.from(r.payload).toString());

describe('record files', () => {
  it('reads every complete record', () => {
    const bytes = file('one', 'two', 'three');
    expect(texts(bytes)).toEqual(['one', 'two', 'three']);
    expect(readRecords(bytes).end).toBe(bytes.byteLength);
  });

  it('stops before a record cut short at any byte', () => {
    const whole = file('one', 'two');
    const firstEnd = file('one').byteLength;
    for (let cut = firstEnd; cut < whole.byteLength; cut++) {
      const { records, end } = readRecords(whole.subarray(0, cut));
      expect(records.map((r) => Buffer.from(r.payload).toString())).toEqual(['one']);
      expect(end).toBe(firstEnd);
    }
  });

  it('stops at a record whose bytes were corrupted', () => {
    const bytes = file('one', 'two', 'three');
    const twoAt = file('one').byteLength;
    bytes[twoAt + 9]! ^= 0x40; // a payload byte of "two"
    expect(texts(bytes)).toEqual(['one']);
    expect(readRecords(bytes).end).toBe(twoAt);
  });

  it('treats a zero-filled tail as the end, not as empty records', () => {
    const bytes = Buffer.concat([file('one'), Buffer.alloc(64)]);
    expect(texts(bytes)).toEqual(['one']);
    expect(readRecords(bytes).end).toBe(file('one').byteLength);
  });

  it('checks the magic and version', () => {
    expect(checkFileHeader(fileHeader('wal'), 'wal')).toBeNull();
    expect(checkFileHeader(fileHeader('wal'), 'manifest')).toMatch(/not a Larch manifest/);
    const newer = fileHeader('manifest');
    newer.writeUInt32LE(99, 8);
    expect(checkFileHeader(newer, 'manifest')).toMatch(/version 99/);
    expect(checkFileHeader(new Uint8Array(FILE_HEADER_BYTES - 1), 'wal')).toMatch(/not a Larch/);
  });
});
