// Aligned and expanded output against what psql 15 prints for the same values.

import { describe, expect, it } from 'vitest';
import { displayLines } from './display-text.js';
import { formatExpanded } from './format-expanded.js';
import { formatAligned } from './format-table.js';
import type { TextTable } from './text-table.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('formatAligned', () => {
  it('centres headers, right-aligns numbers and prints NULL as nothing', () => {
    const table: TextTable = {
      headers: ['n', 't', 'x', 'neg'],
      alignments: ['right', 'left', 'left', 'right'],
      rows: [
        ['1234.5', null, 'long text', '-3'],
        ['2', 'abc', 'y', '10'],
      ],
    };
    expect(formatAligned(table)).toBe(
      lines(
        '   n    |  t  |     x     | neg ',
        '--------+-----+-----------+-----',
        ' 1234.5 |     | long text |  -3',
        '      2 | abc | y         |  10',
        '(2 rows)',
        '',
      ),
    );
  });

  it('marks values that continue on the next line with +', () => {
    const table: TextTable = {
      headers: ['c|d', 'm', 'u'],
      alignments: ['left', 'left', 'left'],
      rows: [['a|b', 'multi\nline', 'ünï']],
    };
    expect(formatAligned(table)).toBe(
      lines(
        ' c|d |   m   |  u  ',
        '-----+-------+-----',
        ' a|b | multi+| ünï',
        '     | line  | ',
        '(1 row)',
        '',
      ),
    );
  });

  it('expands tabs, escapes control characters and counts wide characters twice', () => {
    const table: TextTable = {
      headers: ['tab', 'cr', 'ctl', 'w'],
      alignments: ['left', 'left', 'left', 'left'],
      rows: [['a\tb', 'x\ry', 'z\x01', '漢字']],
    };
    expect(formatAligned(table)).toBe(
      lines(
        '    tab    |  cr  |  ctl  |  w   ',
        '-----------+------+-------+------',
        ' a       b | x\\ry | z\\x01 | 漢字',
        '(1 row)',
        '',
      ),
    );
  });

  it('prints multi-line headers', () => {
    const table: TextTable = {
      headers: ['two\nlines', 'b'],
      alignments: ['left', 'right'],
      rows: [['a', '1']],
    };
    expect(formatAligned(table)).toBe(
      lines('  two +| b ', ' lines |   ', '-------+---', ' a     | 1', '(1 row)', ''),
    );
  });

  it('prints an empty result and a result without columns', () => {
    expect(formatAligned({ headers: ['a'], alignments: ['left'], rows: [] })).toBe(
      lines(' a ', '---', '(0 rows)', ''),
    );
    expect(formatAligned({ headers: [], alignments: [], rows: [[]] })).toBe(lines('--', '(1 row)', ''));
  });
});

describe('formatExpanded', () => {
  it('prints one record block per row', () => {
    const table: TextTable = {
      headers: ['a', 'bbbbbb', 'c'],
      alignments: ['right', 'left', 'left'],
      rows: [
        ['1', 'x', null],
        ['22', 'multi\nline', 'z'],
      ],
    };
    expect(formatExpanded(table)).toBe(
      lines(
        '-[ RECORD 1 ]-',
        'a      | 1',
        'bbbbbb | x',
        'c      | ',
        '-[ RECORD 2 ]-',
        'a      | 22',
        'bbbbbb | multi+',
        '       | line',
        'c      | z',
        '',
      ),
    );
  });

  it('draws the record line across long names and values', () => {
    const long = 'b'.repeat(57);
    expect(formatExpanded({ headers: ['a', long], alignments: ['left', 'left'], rows: [['1', 'x']] })).toBe(
      lines(`-[ RECORD 1 ]${'-'.repeat(44)}-+--`, `a${' '.repeat(56)} | 1`, `${long} | x`, ''),
    );
    expect(
      formatExpanded({ headers: ['abc', 'b'], alignments: ['left', 'left'], rows: [['1', 'x'.repeat(24)]] }),
    ).toBe(lines(`-[ RECORD 1 ]${'-'.repeat(17)}`, 'abc | 1', `b   | ${'x'.repeat(24)}`, ''));
  });

  it('prints multi-line names, and only the footer for no rows', () => {
    expect(
      formatExpanded({ headers: ['two\nlines', 'b'], alignments: ['left', 'left'], rows: [['a', '1']] }),
    ).toBe(lines('-[ RECORD 1 ]', 'two  +| a', 'lines |', 'b     | 1', ''));
    expect(formatExpanded({ headers: ['a'], alignments: ['left'], rows: [] })).toBe(lines('(0 rows)', ''));
  });
});

describe('displayLines', () => {
  it('splits lines and measures display width', () => {
    expect(displayLines('ab\n\tc\u0301')).toEqual([
      { text: 'ab', width: 2 },
      { text: '        c\u0301', width: 9 },
    ]);
    expect(displayLines('\u0085')).toEqual([{ text: '\\u0085', width: 6 }]);
  });
});
