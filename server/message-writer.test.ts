// Length-prefixed text cells: short ASCII copied byte by byte, everything else UTF-8 encoded, with
// the same bytes either way.

import { describe, expect, it } from 'vitest';
import { MessageWriter } from './message-writer.js';

function cell(s: string): Buffer {
  const w = new MessageWriter();
  w.lengthPrefixedString(s);
  return Buffer.from(w.take());
}

function expected(s: string): Buffer {
  const text = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32BE(text.length);
  return Buffer.concat([len, text]);
}

describe('MessageWriter.lengthPrefixedString', () => {
  it('writes ASCII, non-ASCII and long text as length-prefixed UTF-8', () => {
    const samples = [
      '',
      'a',
      'row 42',
      'x'.repeat(64),
      'y'.repeat(65),
      'z'.repeat(300),
      'café',
      'a😀b',
      '日本',
    ];
    for (const s of samples) expect(cell(s)).toEqual(expected(s));
  });

  it('keeps cells in sequence', () => {
    const w = new MessageWriter();
    for (const s of ['ab', 'é', 'cd']) w.lengthPrefixedString(s);
    expect(Buffer.from(w.take())).toEqual(Buffer.concat(['ab', 'é', 'cd'].map(expected)));
  });
});
