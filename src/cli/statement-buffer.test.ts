// The query buffer: where statements end, and the text psql would send for each.

import { describe, expect, it } from 'vitest';
import { StatementBuffer } from './statement-buffer.js';

function feed(...lines: string[]): { statements: string[]; rest: string } {
  const buffer = new StatementBuffer();
  const statements = lines.flatMap((line) => buffer.push(line));
  return { statements, rest: buffer.take() };
}

describe('StatementBuffer', () => {
  it('ends statements at semicolons, several per line or one over several lines', () => {
    expect(feed('select 1; select', '2;select 3')).toEqual({
      statements: ['select 1;', 'select\n2;'],
      rest: 'select 3',
    });
  });

  it('ignores semicolons in quotes, comments and dollar quotes', () => {
    const lines = ["select 'a;", "b', $$c;$$, /* d; */ 1 -- e;", ';'];
    expect(feed(...lines)).toEqual({ statements: [lines.join('\n')], rest: '' });
    expect(feed('select /* open;', 'still; */ 1;')).toEqual({
      statements: ['select /* open;\nstill; */ 1;'],
      rest: '',
    });
  });

  it('drops leading blank lines, line comments and empty statements', () => {
    const buffer = new StatementBuffer();
    expect(buffer.push('')).toEqual([]);
    expect(buffer.push('-- a comment; not a statement')).toEqual([]);
    expect(buffer.isEmpty).toBe(true);
    expect(buffer.push('  ;; select')).toEqual([]);
    expect(buffer.isEmpty).toBe(false);
    expect(buffer.push('  1;  -- done')).toEqual(['select\n  1;']);
    expect(buffer.isEmpty).toBe(true);
  });
});
