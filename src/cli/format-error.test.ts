// Error output against what psql 15 prints for the same errors and positions.

import { describe, expect, it } from 'vitest';
import { LarchError } from '../engine/errors.js';
import { formatError } from './format-error.js';
import { formatTiming } from './format-timing.js';

const at = (sql: string, token: string, message = 'column "nosuch" does not exist') =>
  formatError(
    new LarchError('42703', message, { position: Array.from(sql.slice(0, sql.indexOf(token))).length + 1 }),
    sql,
  );

describe('formatError', () => {
  it('puts a caret under the position in its line', () => {
    expect(at('SELECT * FRM t', 'FRM', 'syntax error at or near "FRM"')).toBe(
      'ERROR:  syntax error at or near "FRM"\nLINE 1: SELECT * FRM t\n                 ^\n',
    );
    expect(at('select 1;\nselect\n  nosuch from\n (select 1) x', 'nosuch')).toBe(
      'ERROR:  column "nosuch" does not exist\nLINE 3:   nosuch from\n          ^\n',
    );
  });

  it('cuts long lines to 60 columns around the position', () => {
    const a = 'a'.repeat(82);
    expect(at(`select '${a}' as x, nosuch`, 'nosuch')).toBe(
      `ERROR:  column "nosuch" does not exist\nLINE 1: ...${'a'.repeat(46)}' as x, nosuch\n${' '.repeat(65)}^\n`,
    );
    expect(at(`select nosuch, '${a}' as x`, 'nosuch')).toBe(
      `ERROR:  column "nosuch" does not exist\nLINE 1: select nosuch, '${'a'.repeat(44)}...\n${' '.repeat(15)}^\n`,
    );
    expect(at(`select '${'a'.repeat(58)}' as x, nosuch, '${'b'.repeat(71)}'`, 'nosuch')).toBe(
      `ERROR:  column "nosuch" does not exist\nLINE 1: ...${'a'.repeat(42)}' as x, nosuch, 'b...\n${' '.repeat(61)}^\n`,
    );
  });

  it('counts characters and display columns, not code units', () => {
    expect(at("select 'ü', nosuch", 'nosuch')).toBe(
      `ERROR:  column "nosuch" does not exist\nLINE 1: select 'ü', nosuch\n${' '.repeat(20)}^\n`,
    );
    expect(at("select '漢字', nosuch", 'nosuch')).toBe(
      `ERROR:  column "nosuch" does not exist\nLINE 1: select '漢字', nosuch\n${' '.repeat(23)}^\n`,
    );
  });

  it('counts the position from the statement that failed', () => {
    const sql = 'select 1; select nosuch';
    const error = new LarchError('42703', 'column "nosuch" does not exist', { position: 9 });
    expect(formatError(error, sql, 9)).toBe(
      `ERROR:  column "nosuch" does not exist\nLINE 1: select 1; select nosuch\n${' '.repeat(25)}^\n`,
    );
  });

  it('adds DETAIL and HINT, and no context without a position', () => {
    const error = new LarchError('23505', 'duplicate key value violates unique constraint "dup_pkey"', {
      detail: 'Key (a)=(1) already exists.',
      hint: 'Use another key.',
    });
    expect(formatError(error, 'insert into dup values (1)')).toBe(
      'ERROR:  duplicate key value violates unique constraint "dup_pkey"\n' +
        'DETAIL:  Key (a)=(1) already exists.\nHINT:  Use another key.\n',
    );
  });
});

describe('formatTiming', () => {
  it('prints milliseconds, and minutes and seconds from one second on', () => {
    expect(formatTiming(1.2344)).toBe('Time: 1.234 ms\n');
    expect(formatTiming(1234.5678)).toBe('Time: 1234.568 ms (00:01.235)\n');
    expect(formatTiming(3_723_004)).toBe('Time: 3723004.000 ms (01:02:03.004)\n');
    expect(formatTiming(90_000_000)).toBe('Time: 90000000.000 ms (1 d 01:00:00.000)\n');
  });
});
