// Runs every sqllogictest file: Larch's own (sql-tests/**), SQLite's select1-3 (all must pass) and
// SQLite's evidence files (every record PostgreSQL 15 passes must pass; the list of records it
// fails is in evidence-postgres-failures.txt, made with sql-tests/oracle/postgres.ts).

import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findTestFiles } from './runner/files.js';
import { runFile } from './runner/runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = join(here, '..', '..', 'shared', 'sqllogictest');

function report(failures: readonly { file: string; line: number; message: string }[]): string {
  return failures.map((f) => `${f.file}:${f.line}: ${f.message}`).join('\n\n');
}

describe('Larch sql-tests', async () => {
  const files = await findTestFiles([here]);
  for (const file of files) {
    it(relative(here, file), async () => {
      const r = await runFile(file);
      expect(report(r.failures)).toBe('');
      expect(r.passed).toBeGreaterThan(0);
    });
  }
});

describe('SQLite select1-3', () => {
  for (const name of ['select1.test', 'select2.test', 'select3.test']) {
    it(name, async () => {
      const r = await runFile(join(shared, name));
      expect(report(r.failures)).toBe('');
      expect(r.passed).toBeGreaterThan(1000);
    });
  }
});

describe('SQLite evidence', async () => {
  const allowed = new Set(
    readFileSync(join(here, 'evidence-postgres-failures.txt'), 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
  );
  const files = await findTestFiles([join(shared, 'evidence')]);
  for (const file of files) {
    it(relative(shared, file), async () => {
      const r = await runFile(file);
      const unexpected = r.failures.filter((f) => !allowed.has(`${relative(shared, f.file)}:${f.line}`));
      expect(report(unexpected)).toBe('');
    });
  }
});
