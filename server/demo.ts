// The demo `npm start` loads into a new database: a real data set (Fisher's iris, 150 rows, shipped
// in server/demo-data) as a table, a model trained on it and a table of its predictions, so a first
// psql session (or a dashboard) has something to query.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../src/index.js';

const DATASET = 'iris';

/** server/demo-data, from the source tree or from dist/server. */
function demoDataFolder(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const folder of [join(here, 'demo-data'), resolve(here, '..', '..', 'server', 'demo-data')]) {
    if (existsSync(join(folder, `${DATASET}.csv`))) return folder;
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
  const folder = demoDataFolder();
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
  // A model trained on it and the table of its predictions, for dashboards to read.
  await session.execute(`
    CREATE MODEL ${DATASET}_model OPTIONS (model_type = 'logistic_reg', input_label_cols = ['label'], seed = 1)
      AS SELECT * FROM ${DATASET};
    CREATE TABLE ${DATASET}_predictions AS
      SELECT * FROM ML.PREDICT(MODEL ${DATASET}_model, TABLE ${DATASET});
  `);
  return `${DATASET} (${rows.length} rows, from ${join(folder, `${DATASET}.csv`)}), the model ${DATASET}_model and the table ${DATASET}_predictions`;
}
