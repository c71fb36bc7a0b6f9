// Finds sqllogictest files under the given paths (*.test and *.slt, recursively).

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function findTestFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (p: string) => {
    const s = await stat(p);
    if (s.isDirectory()) {
      const entries = (await readdir(p)).sort();
      for (const e of entries) await visit(join(p, e));
    } else if (/\.(test|slt)$/.test(p)) out.push(p);
  };
  for (const p of paths) await visit(p);
  return out;
}
