// Online scoring through SQL, for models whose TRANSFORM leaves are SQL expressions: the posted rows
// become a VALUES list of parameters cast to the training query's column types, and ML.PREDICT runs over
// it on a session of its own; the prediction columns of its rows are returned in input order.

import type { Engine } from '../engine.js';
import type { Row } from '../result.js';
import type { JsonRow } from './json-feature-columns.js';
import type { LoadedModel } from './loaded-model.js';
import { predictionColumns } from './prediction-columns.js';
import type { ScoringPlan } from './scoring-plan.js';

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `SELECT * FROM ML.PREDICT(MODEL "m"@v, (SELECT … FROM (VALUES …)))` and its parameters. */
export function predictSqlText(
  loaded: LoadedModel,
  plan: ScoringPlan,
  rows: readonly JsonRow[],
  threshold: number | undefined,
): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  let input: string;
  if (plan.columns.length === 0) {
    input = `SELECT NULL AS __none FROM generate_series(1, ${rows.length})`;
  } else {
    const tuples = rows.map((row) => {
      const values = plan.columns.map((c) => {
        params.push(row[c.name] ?? null);
        // Without modifiers: a posted value is not rounded or cut to numeric(p,s) or varchar(n).
        return `$${params.length}::${c.type.replace(/\(.*\)/, '')}`;
      });
      return `(${values.join(', ')})`;
    });
    const names = plan.columns.map((c) => ident(c.name)).join(', ');
    input = `SELECT * FROM (VALUES ${tuples.join(', ')}) AS __rows(${names})`;
  }
  const model = `MODEL ${ident(loaded.entry.name)}@${loaded.version.version}`;
  const options = threshold === undefined ? '' : `, STRUCT(${threshold} AS threshold)`;
  return { text: `SELECT * FROM ML.PREDICT(${model}, (${input})${options})`, params };
}

export async function predictSqlRows(
  engine: Engine,
  loaded: LoadedModel,
  plan: ScoringPlan,
  rows: readonly JsonRow[],
  threshold: number | undefined,
): Promise<Row[]> {
  if (rows.length === 0) return [];
  const { text, params } = predictSqlText(loaded, plan, rows, threshold);
  const result = await engine.session().sql(text, params);
  const names = predictionColumns(loaded).map((c) => c.name);
  return result.rows.map((r) => Object.fromEntries(names.map((n) => [n, r[n]])));
}
