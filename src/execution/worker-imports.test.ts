// A worker thread loads only what every plan fragment needs: each full garbage collection of a
// worker marks its whole heap, so the file readers' libraries (apache-arrow, hyparquet,
// parquet-wasm) and the ML modules load on a worker's first task that uses them.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Modules reachable from `entry` through static imports (type-only imports excluded). */
function staticImports(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>([entry]);
  const packages = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) {
      if (!spec!.startsWith('.')) {
        packages.add(spec!);
        continue;
      }
      const target = join(dirname(file), spec!).replace(/\.js$/, '.ts');
      if (!modules.has(target)) {
        modules.add(target);
        queue.push(target);
      }
    }
  }
  return { modules, packages };
}

describe('worker thread imports', () => {
  const { modules, packages } = staticImports(join(src, 'execution', 'worker.ts'));

  it('leave the file readers and ML to be loaded on first use', () => {
    expect(modules.size).toBeGreaterThan(50);
    for (const pkg of ['apache-arrow', 'hyparquet', 'parquet-wasm']) expect(packages).not.toContain(pkg);
    const loaded = [...modules].map((m) => m.slice(src.length + 1));
    // The metric aggregates (functions/aggregate/ml-metrics.ts) use a leaf of ml/metrics alone.
    const heavy = (m: string) =>
      m.startsWith('datasource/parquet/') || (m.startsWith('ml/') && !m.startsWith('ml/metrics/'));
    expect(loaded.filter(heavy)).toEqual([]);
  });
});
