// Command-line parsing: psql's spellings, the order of -c and -f, and usage errors.

import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './args.js';

describe('parseCliArgs', () => {
  it('keeps -c and -f in order, in every spelling', () => {
    const options = parseCliArgs([
      '-c',
      'select 1',
      '--file=a.sql',
      '-cselect 2',
      '--command',
      'select 3',
      '-f',
      '-',
    ]);
    expect(options.actions).toEqual([
      { kind: 'command', sql: 'select 1' },
      { kind: 'file', path: 'a.sql' },
      { kind: 'command', sql: 'select 2' },
      { kind: 'command', sql: 'select 3' },
      { kind: 'file', path: '-' },
    ]);
    expect(options).toMatchObject({ format: 'table', expanded: false, dataDir: undefined, help: false });
  });

  it('reads the output options, --data and --help', () => {
    expect(parseCliArgs(['--format', 'json', '-x'])).toMatchObject({ format: 'json', expanded: true });
    expect(parseCliArgs(['--csv']).format).toBe('csv');
    expect(parseCliArgs(['--data=/tmp/db']).dataDir).toBe('/tmp/db');
    expect(parseCliArgs(['-?']).help).toBe(true);
  });

  it('rejects unknown options, bad formats and missing values', () => {
    expect(() => parseCliArgs(['--frobnicate'])).toThrow(
      new UsageError('unrecognized option "--frobnicate"'),
    );
    expect(() => parseCliArgs(['--format=xml'])).toThrow(/unknown format "xml"/);
    expect(() => parseCliArgs(['-c'])).toThrow(/option "-c" needs a value/);
    expect(() => parseCliArgs(['mydb'])).toThrow(/unexpected argument "mydb"/);
  });
});
