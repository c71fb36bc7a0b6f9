// Row-count estimates for join ordering: table sizes, predicate selectivities (from a column's
// measured distinct values for `column = constant` and IN lists, else rough guesses), and joins
// estimated as |L|·|R| / max(distinct keys), with a key's distinct count bounded by its table's size.

import { type ColumnId, conjuncts, type Expr, exprColumns } from '../logical/expr.js';
import { type LogicalPlan, visitPlanAndCtes } from '../logical/plan.js';

/** A predicate's fraction of rows kept, from its shape alone. */
function shapeSelectivity(e: Expr): number {
  switch (e.kind) {
    case 'in_list':
      return e.negated ? 0.9 : Math.min(1, 0.05 * e.list.length);
    case 'is_null':
      return e.negated ? 0.95 : 0.05;
    case 'call':
      switch (e.fn.name) {
        case '=':
        case 'is not distinct from':
          return 0.05;
        case '<>':
          return 0.9;
        case '<':
        case '<=':
        case '>':
        case '>=':
          return 0.33;
        case 'like':
        case 'ilike':
          return 0.2;
        default:
          return 0.5;
      }
    default:
      return 0.5;
  }
}

export interface ColumnOrigin {
  /** Distinct values: measured by the source, else its row count (a bound). */
  readonly distinct: number;
  readonly measured: boolean;
}

/**
 * Distinct values of scanned columns (the source's estimate, or its row count as a bound): how many
 * values a join key can match.
 */
export function columnOrigins(plan: LogicalPlan): Map<ColumnId, ColumnOrigin> {
  const origins = new Map<ColumnId, ColumnOrigin>();
  visitPlanAndCtes(plan, (p) => {
    if (p.kind === 'scan') {
      const rows = p.source.estimatedRows();
      for (const c of p.columns) {
        const measured = p.source.distinctValues?.(c.index);
        origins.set(c.id, { distinct: measured ?? rows, measured: measured !== undefined });
      }
    }
  });
  return origins;
}

export class CardinalityEstimator {
  private readonly cache = new Map<LogicalPlan, number>();

  constructor(private readonly origins: ReadonlyMap<ColumnId, ColumnOrigin>) {}

  /**
   * A predicate's fraction of rows kept: `column = constant` keeps 1/distinct values of the
   * column and `column IN (list)` a list's worth of them; other shapes get fixed guesses.
   */
  selectivity(e: Expr): number {
    switch (e.kind) {
      case 'and':
        return e.args.reduce((s, a) => s * this.selectivity(a), 1);
      case 'or':
        return Math.min(
          1,
          e.args.reduce((s, a) => s + this.selectivity(a), 0),
        );
      case 'not':
        return 1 - this.selectivity(e.arg);
      case 'in_list': {
        const values = e.negated ? undefined : this.columnDistinct(e.arg);
        return values === undefined ? shapeSelectivity(e) : Math.min(1, e.list.length / values);
      }
      case 'call': {
        if (e.fn.name !== '=' || e.args.length !== 2) return shapeSelectivity(e);
        const [a, b] = e.args as [Expr, Expr];
        const values =
          exprColumns(b).size === 0
            ? this.columnDistinct(a)
            : exprColumns(a).size === 0
              ? this.columnDistinct(b)
              : undefined;
        return values === undefined ? shapeSelectivity(e) : 1 / values;
      }
      default:
        return shapeSelectivity(e);
    }
  }

  /** Distinct values of a bare scanned column (through casts), when the source measured them. */
  private columnDistinct(e: Expr): number | undefined {
    const inner = e.kind === 'cast' ? e.expr : e;
    const origin = inner.kind === 'column' ? this.origins.get(inner.id) : undefined;
    return origin?.measured === true ? origin.distinct : undefined;
  }

  /** Distinct values of an expression within a relation of `rows` rows. */
  distinct(e: Expr, rows: number): number {
    let bound = rows;
    for (const id of exprColumns(e)) {
      const base = this.origins.get(id);
      if (base !== undefined) bound = Math.min(bound, base.distinct);
    }
    return Math.max(1, bound);
  }

  /**
   * Estimated rows of an inner join of relations of the given sizes under `condition`; `leftIds`
   * tells which side each key of an equality reads (when known).
   */
  joinRows(left: number, right: number, condition: readonly Expr[], leftIds?: ReadonlySet<ColumnId>): number {
    let rows = left * right;
    let keyed = false;
    for (const c of condition) {
      if (
        c.kind === 'call' &&
        (c.fn.name === '=' || c.fn.name === 'is not distinct from') &&
        c.args.length === 2 &&
        !keyed
      ) {
        let [a, b] = c.args as [Expr, Expr];
        if (leftIds !== undefined && [...exprColumns(a)].some((id) => !leftIds.has(id))) [a, b] = [b, a];
        rows = rows / Math.max(this.distinct(a, left), this.distinct(b, right));
        keyed = true;
      } else rows *= this.selectivity(c);
    }
    return Math.max(1, rows);
  }

  /**
   * Groups an aggregate makes, from the distinct values of its keys' columns (the product, at most
   * the input rows); null when a key reads a column whose distinct count is unknown.
   */
  groups(p: LogicalPlan & { kind: 'aggregate' }): number | null {
    const rows = this.rows(p.input);
    let product = 1;
    for (const g of p.groups) {
      const ids = [...exprColumns(g.expr)];
      if (ids.length === 0 || ids.some((id) => !this.origins.has(id))) return null;
      product *= this.distinct(g.expr, rows);
    }
    return Math.min(rows, product);
  }

  rows(p: LogicalPlan): number {
    const cached = this.cache.get(p);
    if (cached !== undefined) return cached;
    const r = this.compute(p);
    this.cache.set(p, r);
    return r;
  }

  private compute(p: LogicalPlan): number {
    switch (p.kind) {
      case 'scan':
        return Math.max(1, p.source.estimatedRows() * p.filters.reduce((s, f) => s * this.selectivity(f), 1));
      case 'values':
        return p.rows.length;
      case 'table_function':
        return 1000;
      case 'empty':
        return p.rows;
      case 'filter':
        return Math.max(1, this.rows(p.input) * this.selectivity(p.predicate));
      case 'project':
      case 'sort':
      case 'window':
        return this.rows(p.input);
      case 'aggregate':
        return p.groups.length === 0 ? 1 : Math.max(1, this.rows(p.input) * 0.1);
      case 'distinct':
        return Math.max(1, this.rows(p.input) * 0.5);
      case 'limit':
        return p.limit !== null && p.limit.kind === 'literal'
          ? Math.min(Number(p.limit.value), this.rows(p.input))
          : this.rows(p.input);
      case 'set_op':
        return this.rows(p.left) + (p.op === 'union' ? this.rows(p.right) : 0);
      case 'recursive_cte':
        return this.rows(p.anchor) * 10;
      case 'work_table_scan':
        return 100;
      case 'cte_scan':
        return this.rows(p.definition);
      case 'join': {
        const l = this.rows(p.left);
        const r = this.rows(p.right);
        const leftIds = new Set(p.left.output.map((c) => c.id));
        switch (p.joinType) {
          case 'inner':
            return this.joinRows(l, r, conjuncts(p.condition), leftIds);
          case 'left':
            return Math.max(l, this.joinRows(l, r, conjuncts(p.condition), leftIds));
          case 'right':
            return Math.max(r, this.joinRows(l, r, conjuncts(p.condition), leftIds));
          case 'full':
            return Math.max(l, r, this.joinRows(l, r, conjuncts(p.condition), leftIds));
          case 'semi':
          case 'anti':
            return Math.max(1, l * 0.5);
          case 'mark':
          case 'single':
            return l;
        }
      }
    }
  }
}
