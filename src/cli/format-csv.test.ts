// CSV output against psql 15's --csv, and JSON output of the embedding API's row values.

import { describe, expect, it } from 'vitest';
import { formatCsv } from './format-csv.js';
import { formatJson, jsonValue } from './format-json.js';

describe('formatCsv', () => {
  it('quotes fields with commas, quotes and line breaks, and prints NULL as an empty field', () => {
    const table = {
      headers: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      alignments: [],
      rows: [['1', '', null, 'x,y', 'q"q', 'l\nm', ' sp', '\\.']],
    };
    expect(formatCsv(table)).toBe('a,b,c,d,e,f,g,h\n1,,,"x,y","q""q","l\nm", sp,"\\."\n');
  });

  it('prints the header of an empty result', () => {
    expect(formatCsv({ headers: ['a', 'b,c'], alignments: [], rows: [] })).toBe('a,"b,c"\n');
  });
});

describe('formatJson', () => {
  it('prints an array of row objects', () => {
    expect(
      formatJson([
        { a: 1, b: 'x' },
        { a: null, b: 'y"' },
      ]),
    ).toBe('[\n  {"a":1,"b":"x"},\n  {"a":null,"b":"y\\""}\n]\n');
    expect(formatJson([])).toBe('[]\n');
  });

  it('writes values JSON.stringify cannot', () => {
    expect(jsonValue(12345678901234567890n)).toBe('12345678901234567890');
    expect(jsonValue(Number.NaN)).toBe('"NaN"');
    expect(jsonValue(-Infinity)).toBe('"-Infinity"');
    expect(jsonValue(new Uint8Array([1, 0xab]))).toBe('"\\\\x01ab"');
    expect(jsonValue({ list: [1, null, 2n], nested: { t: true } })).toBe(
      '{"list":[1,null,2],"nested":{"t":true}}',
    );
  });
});
