// WITH queries: each reference reads the query bound once. A query read once becomes part of the
// plan that reads it; one read more than once (or MATERIALIZED) is computed once per statement and
// read by a scan per reference, so every reference sees the same rows (random(), now(), ...).
// NOT MATERIALIZED binds the query again at each reference; a query calling a volatile function
// (random()) is computed once all the same, as in PostgreSQL.

import type { RangeVar, SelectStmt } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { col, isVolatile } from '../logical/expr.js';
import { transformPlanDeep, visitPlanDeep } from '../logical/rewrite.js';
import { type CteScanNode, type LogicalPlan, planChildren, planExprs, visitPlan } from '../logical/plan.js';
import { bodyOf, type PgNode, tagOf } from '../sql/ast.js';
import { Types } from '../types/data-type.js';
import type { Binder, BoundQuery } from './binder.js';
import type { CteDefinition } from './context.js';

/** The rows of one reference to `cte`: its own work table inside a recursive term, else the query. */
export function bindCteReference(b: Binder, cte: CteDefinition, r: RangeVar): BoundQuery {
  if (cte.workTable !== undefined) {
    const output = cte.workTable.columns.map((c) => ({ id: b.ctx.newId(), name: c.name, type: c.type }));
    const plan: LogicalPlan = {
      kind: 'work_table_scan',
      workTableId: cte.workTable.id,
      name: cte.name,
      output,
    };
    return { plan, columns: output };
  }
  if (cte.bindingAnchor) {
    throw b.ctx.error(
      SqlState.invalidRecursion,
      `recursive reference to query "${cte.name}" must not appear within its non-recursive term`,
      r.location,
    );
  }
  cte.referenced = true;
  // NOT MATERIALIZED binds the query at each reference, unless it calls a volatile function.
  const q = cte.bound?.query ?? bindDefinition(b, cte);
  const names = cte.columnNames ?? [];
  if (names.length > q.columns.length) {
    throw b.ctx.error(
      SqlState.invalidColumnReference,
      `WITH query "${cte.name}" has ${q.columns.length} columns available but ${names.length} columns specified`,
      r.location,
    );
  }
  const columns = q.columns.map((c, i) => ({ ...c, name: names[i] ?? c.name }));
  if (cte.materialized === 'never' && !readsVolatile(q.plan)) return { plan: q.plan, columns };
  const bound = (cte.bound ??= { id: b.ctx.newCteId(), query: q, references: 0 });
  // The first reference keeps the query's column ids, so that inlining it changes no id.
  const first = bound.references++ === 0;
  const output = first ? columns : columns.map((c) => ({ ...c, id: b.ctx.newId() }));
  const plan: CteScanNode = {
    kind: 'cte_scan',
    cteId: bound.id,
    name: cte.name,
    definition: q.plan,
    positions: q.columns.map((c) => q.plan.output.findIndex((o) => o.id === c.id)),
    output,
  };
  return { plan, columns: output };
}

export function bindDefinition(b: Binder, cte: CteDefinition): BoundQuery {
  const tag = tagOf(cte.query);
  if (tag !== 'SelectStmt') {
    const statement = tag.replace(/Stmt$/, '').toUpperCase();
    throw b.ctx.error(
      SqlState.featureNotSupported,
      `${statement} in WITH is not supported: WITH "${cte.name}" must be a SELECT or VALUES query`,
      cte.location,
    );
  }
  return cte.recursive && isSelfReferencing(cte.query, cte.name)
    ? bindRecursiveCte(b, cte)
    : b.bindQuery(cte.query, null, cte.scope);
}

/**
 * Replaces the scans of the WITH queries in `ctes` read only once (and not MATERIALIZED) with the
 * queries themselves, wherever the scans are: in `plan`, its subqueries and other WITH queries.
 */
export function inlineSingleReferences(plan: LogicalPlan, ctes: Iterable<CteDefinition>): LogicalPlan {
  const inline = new Set<number>();
  for (const c of ctes) {
    if (c.bound?.references === 1 && c.materialized !== 'always' && !readsVolatile(c.bound.query.plan)) {
      inline.add(c.bound.id);
    }
  }
  if (inline.size === 0) return plan;
  const rewrite = (p: LogicalPlan): LogicalPlan =>
    transformPlanDeep(p, (node) => {
      if (node.kind !== 'cte_scan') return node;
      const definition = rewrite(node.definition);
      return inline.has(node.cteId) ? definitionRows(definition, node) : { ...node, definition };
    });
  return rewrite(plan);
}

/** Whether a query calls a volatile function (random(), nextval()): PostgreSQL computes it once. */
function readsVolatile(plan: LogicalPlan): boolean {
  let found = false;
  visitPlanDeep(plan, (p) => {
    if (!found && planExprs(p).some(isVolatile)) found = true;
  });
  return found;
}

/** The definition's plan in place of its only scan (whose columns have the definition's ids). */
function definitionRows(definition: LogicalPlan, scan: CteScanNode): LogicalPlan {
  if (definition.output.length === scan.output.length) return definition;
  return {
    kind: 'project',
    input: definition,
    exprs: scan.output.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
    output: scan.output,
  };
}

function isSelfReferencing(query: PgNode, name: string): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    const rec = x as Record<string, unknown>;
    const rv = rec.RangeVar as { relname?: string; schemaname?: string } | undefined;
    if (rv !== undefined && rv.relname === name && rv.schemaname === undefined) found = true;
    for (const v of Object.values(rec)) visit(v);
  };
  visit(query);
  return found;
}

function bindRecursiveCte(b: Binder, cte: CteDefinition): BoundQuery {
  const ctes = cte.scope;
  const stmt = bodyOf<SelectStmt>(cte.query);
  if (stmt.op !== 'SETOP_UNION') {
    throw b.ctx.error(
      SqlState.invalidRecursion,
      `recursive query "${cte.name}" does not have the form non-recursive-term UNION [ALL] recursive-term`,
    );
  }
  let anchor: BoundQuery;
  cte.bindingAnchor = true;
  try {
    anchor = b.bindSelectStmt(stmt.larg!, null, ctes);
  } finally {
    delete cte.bindingAnchor;
  }
  const names = cte.columnNames ?? anchor.columns.map((c) => c.name);
  const types = anchor.columns.map((c) => (c.type.id === 'unknown' ? Types.text : c.type));
  const workTableId = b.ctx.newWorkTableId();
  cte.workTable = {
    id: workTableId,
    columns: anchor.columns.map((c, i) => ({ name: names[i] ?? c.name, type: types[i]! })),
  };
  let recursive: BoundQuery;
  try {
    recursive = b.bindSelectStmt(stmt.rarg!, null, ctes);
  } finally {
    delete cte.workTable;
  }
  checkRecursiveTerm(b, cte.name, recursive.plan, workTableId);
  if (recursive.columns.length !== anchor.columns.length) {
    throw b.ctx.error(SqlState.syntaxError, 'each UNION query must have the same number of columns');
  }
  const output = anchor.columns.map((c, i) => ({
    id: b.ctx.newId(),
    name: names[i] ?? c.name,
    type: types[i]!,
  }));
  const plan: LogicalPlan = {
    kind: 'recursive_cte',
    name: cte.name,
    anchor: b.castColumns(anchor, types),
    recursive: b.castColumns(recursive, types),
    workTableId,
    distinct: !(stmt.all ?? false),
    output,
  };
  return { plan, columns: output };
}

/**
 * The recursive term reads the rows of the previous iteration once each: it may reference the
 * CTE only once and not aggregate over it (each iteration would aggregate a different subset).
 */
function checkRecursiveTerm(b: Binder, name: string, plan: LogicalPlan, workTableId: number): void {
  const reads = (p: LogicalPlan): number =>
    (p.kind === 'work_table_scan' && p.workTableId === workTableId ? 1 : 0) +
    planChildren(p).reduce((n, c) => n + reads(c), 0);
  if (reads(plan) > 1) {
    throw b.ctx.error(
      SqlState.invalidRecursion,
      `recursive reference to query "${name}" must not appear more than once`,
    );
  }
  visitPlan(plan, (p) => {
    if (p.kind === 'aggregate' && reads(p.input) > 0) {
      throw b.ctx.error(
        SqlState.invalidRecursion,
        "aggregate functions are not allowed in a recursive query's recursive term",
      );
    }
  });
}
