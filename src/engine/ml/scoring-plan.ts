// How a model version scores posted rows: which input columns its leaves read (with the training
// query's types), and whether every leaf is a bare input column of a known kind, in which case rows are
// scored directly (no SQL); otherwise the leaves are SQL expressions and ML.PREDICT runs over the rows.
// Computed once per decoded version.

import type { ModelVersion } from '../../catalog/catalog.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../../sql/ast.js';
import { type JsonKind, kindOfTypeName } from './json-feature-columns.js';
import type { LoadedModel } from './loaded-model.js';
import { leavesOf } from './model-features.js';

export interface ScoringColumn {
  readonly name: string;
  /** The SQL type name the training query gave it (`double precision` when unknown). */
  readonly type: string;
  readonly kind: JsonKind | null;
}

export interface ScoringPlan {
  /** Leaf indexes the features read, ascending. */
  readonly leaves: readonly number[];
  /** Input columns the leaves read, in first-use order. */
  readonly columns: readonly ScoringColumn[];
  /** For each of `leaves`, its column when the leaf is a bare column reference (direct path only). */
  readonly leafColumns: readonly ScoringColumn[] | null;
}

const plans = new WeakMap<ModelVersion, ScoringPlan>();

/** The column a leaf AST is when it is a bare, unqualified column reference. */
function bareColumn(leaf: PgNode): string | null {
  if (tagOf(leaf) !== 'ColumnRef') return null;
  const fields = bodyOf<{ fields: PgNode[] }>(leaf).fields;
  const names = stringList(fields);
  return fields.length === 1 && names.length === 1 && names[0] !== '*' ? names[0]! : null;
}

function columnNames(node: unknown, out: string[]): void {
  if (Array.isArray(node)) node.forEach((n) => columnNames(n, out));
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('ColumnRef' in o) {
      const name = stringList((o.ColumnRef as { fields: PgNode[] }).fields).at(-1);
      if (name !== undefined && name !== '*' && !out.includes(name)) out.push(name);
    } else Object.values(o).forEach((v) => columnNames(v, out));
  }
}

export function scoringPlan(loaded: LoadedModel): ScoringPlan {
  const cached = plans.get(loaded.version);
  if (cached !== undefined) return cached;
  const { program, inputColumns } = loaded.meta;
  const leaves = [...leavesOf(loaded.runner, loaded.meta.features)].sort((a, b) => a - b);
  const names: string[] = [];
  for (const leaf of leaves) columnNames(program.leaves[leaf], names);
  const columns = names.map((name): ScoringColumn => {
    const type = inputColumns.find((c) => c.name === name)?.type;
    return type === undefined
      ? { name, type: 'double precision', kind: null }
      : { name, type, kind: kindOfTypeName(type) };
  });
  const bare = leaves.map((leaf) => {
    const name = bareColumn(program.leaves[leaf]!);
    return columns.find((c) => c.name === name && c.kind !== null);
  });
  const leafColumns = bare.every((c) => c !== undefined) ? bare : null;
  const plan: ScoringPlan = { leaves, columns, leafColumns };
  plans.set(loaded.version, plan);
  return plan;
}
