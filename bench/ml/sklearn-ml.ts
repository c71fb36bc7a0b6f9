// scikit-learn's side of the ML benchmark: finds a Python that imports sklearn ($LARCH_BENCH_PYTHON alone
// when set, else python3 then /usr/bin/python3), runs sklearn_bench.py over the bench's files and parses
// its JSON.

import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SklearnClassifier {
  readonly accuracy: number;
  readonly fit_ms: number;
}

export interface SklearnFigures {
  readonly version: string;
  readonly datasets?: Record<string, { logistic: SklearnClassifier; forest: SklearnClassifier }>;
  readonly spam?: SklearnClassifier;
  /** fit_ms is the best of `runs` fits on the same rows; first_fit_ms the first of them. */
  readonly large?: SklearnClassifier & {
    first_fit_ms: number;
    predict_ms: number;
    predict_rows_per_second: number;
    iterations: number;
  };
}

export interface SklearnRequest {
  readonly datasets?: readonly { name: string; path: string }[];
  readonly forest_seeds?: number;
  readonly spam?: { path: string; num_features: number };
  readonly large?: { path: string; runs: number };
}

/** The first Python that imports sklearn, or null (with the reason) when none does. */
export function findSklearnPython(): { python: string | null; reason: string } {
  const chosen = process.env.LARCH_BENCH_PYTHON;
  const candidates = chosen ? [chosen] : ['python3', '/usr/bin/python3'];
  let reason = '';
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import sklearn'], { encoding: 'utf8' });
    if (r.status === 0) return { python, reason: '' };
    reason += `${python}: ${r.error?.message ?? r.stderr.trim().split('\n').at(-1)}; `;
  }
  return { python: null, reason: reason.replace(/; $/, '') };
}

/** The script next to this file's source (dist/bench/ml → bench/ml). */
function scriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', '..', 'bench', 'ml', 'sklearn_bench.py');
}

export function runSklearn(python: string, request: SklearnRequest): SklearnFigures {
  const r = spawnSync(python, [scriptPath(), JSON.stringify(request)], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    cwd: join(dirname(scriptPath()), '..', '..'),
  });
  if (r.status !== 0) throw new Error(`sklearn_bench.py failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as SklearnFigures;
}
