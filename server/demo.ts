// The demo `npm start` loads into a new database: a real data set (iris, from ../shared/datasets)
// as a table, so a first psql session has something to query.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../src/index.js';

const DATASET = 'iris';

/** ../shared/datasets beside the project (from the source tree or from dist/). */
function datasetsFolder(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['..', '../..']) {
    const folder = resolve(here, up, '..', 'shared', 'datasets');
    if (existsSync(folder)) return folder;
  }
  return null;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the demo table unless it exists; returns what was loaded (null when there was nothing to
 * do or no data set is at hand).
 */
export async function loadDemo(engine: Engine): Promise<string | null> {
  const exists = await engine.sql(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${DATASET}'`,
  );
  if (Number(exists.rows[0]!.n) > 0) return null;
  const folder = datasetsFolder();
  if (folder === null) return null;
  const lines = readFileSync(join(folder, `${DATASET}.csv`), 'utf8')
    .trim()
    .split(/\r?\n/);
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const columns = header.map((name, k) => {
    const integer = rows.every((r) => /^-?\d+$/.test(r[k]!));
    return `${quoteIdent(name)} ${integer ? 'integer' : 'double precision'}`;
  });
  const session = engine.session();
  await session.execute(`CREATE TABLE ${DATASET} (${columns.join(', ')})`);
  const values = rows.map((r) => `(${r.map((v) => String(Number(v))).join(', ')})`);
  await session.execute(`INSERT INTO ${DATASET} VALUES ${values.join(', ')}`);
  // A model trained on iris and an iris_predictions table join the demo here once ML in SQL lands
  // (CREATE MODEL … and a predictions table built with ML.PREDICT).
  return `${DATASET} (${rows.length} rows, from ${join(folder, `${DATASET}.csv`)})`;
}
