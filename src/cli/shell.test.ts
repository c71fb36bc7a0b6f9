// The interactive shell driven in-process through a fake terminal: prompts, continuation lines,
// history, Ctrl-C at the prompt and during a statement, Ctrl-D.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { LarchError } from '../engine/errors.js';
import { runShell } from './shell.js';
import { type SqlSession, StatementRunner } from './statement-runner.js';

/** A shell on a fake terminal; `type` sends keys, `until` waits for output. */
function startShell(session: SqlSession, historyFile?: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let err = '';
  output.on('data', (chunk: Buffer) => (out += chunk.toString()));
  errors.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const runner = new StatementRunner(
    session,
    { format: 'table', expanded: false, timing: false },
    output,
    errors,
  );
  // Terminal control sequences and carriage returns, which the assertions do not care about.
  const text = () => stripVTControlCharacters(out).replace(/\r/g, '');
  return {
    done: runShell(runner, { input, output, interactive: true, historyFile }),
    type: (keys: string) => input.write(keys),
    text,
    errors: () => err,
    async until(expected: string): Promise<void> {
      for (let i = 0; i < 500 && !text().includes(expected) && !err.includes(expected); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(text() + err).toContain(expected);
    },
  };
}

describe('interactive shell', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('prompts, continues statements over lines, shows the transaction, and keeps history', async () => {
    const historyFile = join(mkdtempSync(join(tmpdir(), 'larch-shell-')), 'history');
    const shell = startShell(engine.session(), historyFile);
    await shell.until('larch=> ');
    shell.type('select 1\r');
    await shell.until('larch-> ');
    shell.type('as x;\r');
    await shell.until('(1 row)');
    shell.type('begin;\r');
    await shell.until('larch=*> ');
    shell.type('\\q\r');
    expect(await shell.done).toBe(0);
    expect(shell.text()).toContain(' x \n---\n 1\n(1 row)\n\n');
    expect(shell.text()).toContain('BEGIN\n');
    expect(readFileSync(historyFile, 'utf8')).toBe('select 1\nas x;\nbegin;\n\\q\n');
  });

  it('drops the statement typed so far on Ctrl-C at the prompt, and quits on Ctrl-D', async () => {
    const shell = startShell(engine.session());
    shell.type('select\r');
    await shell.until('larch-> ');
    shell.type('\x03');
    shell.type('select 2 as y;\r');
    await shell.until('(1 row)');
    shell.type('\x04');
    expect(await shell.done).toBe(0);
    expect(shell.errors()).toBe('');
    expect(shell.text()).toContain(' y \n---\n 2\n(1 row)');
    expect(shell.text().endsWith('\\q\n')).toBe(true);
  });

  it('cancels the running statement on Ctrl-C', async () => {
    let started = false;
    // A session whose statements run until cancelled, as a long query would.
    const session: SqlSession = {
      transactionStatus: 'I',
      execute: (_sql, _params, options) =>
        new Promise((_resolve, reject) => {
          started = true;
          options?.signal?.addEventListener('abort', () =>
            reject(new LarchError('57014', 'canceling statement due to user request')),
          );
        }),
    };
    const shell = startShell(session);
    shell.type('select slowly();\r');
    for (let i = 0; i < 500 && !started; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    shell.type('\x03');
    await shell.until('ERROR:  canceling statement due to user request\n');
    shell.type('\\q\r');
    expect(await shell.done).toBe(0);
  });

  it('runs backslash commands', async () => {
    const shell = startShell(engine.session());
    shell.type('\\x\r');
    await shell.until('Expanded display is on.');
    shell.type('select 1 as a, 2 as b;\r');
    await shell.until('-[ RECORD 1 ]\na | 1\nb | 2\n');
    shell.type('\\timing on\r');
    await shell.until('Timing is on.');
    shell.type('\\nope\r');
    await shell.until('invalid command \\nope');
    shell.type('\\?\r');
    await shell.until('toggle expanded output');
    shell.type('\\q\r');
    expect(await shell.done).toBe(0);
  });
});
