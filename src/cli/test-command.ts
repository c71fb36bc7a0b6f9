// `larch test FILES_OR_FOLDERS…`: runs sqllogictest files and prints failures and a summary line.

import { findTestFiles } from '../../sql-tests/runner/files.js';
import { runFile } from '../../sql-tests/runner/runner.js';

export async function testCommand(
  paths: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (paths.length === 0) {
    out.write('usage: larch test FILES_OR_FOLDERS...\n');
    return 2;
  }
  let files: string[];
  try {
    files = await findTestFiles(paths);
  } catch (e) {
    process.stderr.write(`larch test: ${(e as Error).message}\n`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of files) {
    const r = await runFile(file);
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    for (const f of r.failures) out.write(`${f.file}:${f.line}: ${f.message}\n\n`);
  }
  if (skipped > 0) out.write(`${skipped} skipped\n`);
  out.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
