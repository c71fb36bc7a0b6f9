// The logical plan: relational operators over column ids, what the binder builds and the optimizer rewrites.

import type { DataType } from '../types/data-type.js';
import type { TableFunction } from '../functions/function.js';
import type { TableSource } from '../catalog/table-source.js';
import type { AggregateCall, ColumnId, Expr, SortKey, WindowCall } from './expr.js';

export interface OutputColumn {
  readonly id: ColumnId;
  readonly name: string;
  readonly type: DataType;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'mark' | 'single';

export type LogicalPlan =
  | ScanNode
  | ValuesNode
  | TableFunctionNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | WindowNode
  | JoinNode
  | SortNode
  | LimitNode
  | DistinctNode
  | SetOpNode
  | RecursiveCteNode
  | WorkTableScanNode
  | CteScanNode
  | EmptyNode;

export interface ScanNode {
  readonly kind: 'scan';
  readonly source: TableSource;
  /** The columns read, each with its position in the source. */
  readonly columns: readonly (OutputColumn & { readonly index: number })[];
  /** Predicates pushed into the scan (the source may use them to skip data; the scan still applies them). */
  readonly filters: readonly Expr[];
  /** When set, the scan also yields each row's ordinal under this id (for UPDATE and DELETE). */
  readonly rowId: OutputColumn | null;
  readonly output: readonly OutputColumn[];
}

export interface ValuesNode {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
  readonly output: readonly OutputColumn[];
}

export interface TableFunctionNode {
  readonly kind: 'table_function';
  readonly fn: TableFunction;
  readonly args: readonly Expr[];
  /** Ordinality column (WITH ORDINALITY), if requested. */
  readonly ordinality: OutputColumn | null;
  readonly output: readonly OutputColumn[];
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: Expr;
  readonly output: readonly OutputColumn[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly exprs: readonly { readonly id: ColumnId; readonly name: string; readonly expr: Expr }[];
  readonly output: readonly OutputColumn[];
}

export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  readonly groups: readonly { readonly id: ColumnId; readonly name: string; readonly expr: Expr }[];
  /** GROUPING SETS as lists of indexes into `groups`; null for a plain GROUP BY. */
  readonly groupingSets: readonly (readonly number[])[] | null;
  /** With grouping sets: a column holding, per row, the bitmask of groups absent from its set. */
  readonly groupingId: OutputColumn | null;
  readonly aggregates: readonly {
    readonly id: ColumnId;
    readonly name: string;
    readonly call: AggregateCall;
  }[];
  readonly output: readonly OutputColumn[];
}

export interface WindowNode {
  readonly kind: 'window';
  readonly input: LogicalPlan;
  readonly windows: readonly { readonly id: ColumnId; readonly name: string; readonly call: WindowCall }[];
  readonly output: readonly OutputColumn[];
}

export interface JoinNode {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly condition: Expr | null;
  /**
   * For mark joins from IN/ANY/ALL: the comparison whose three-valued result the mark carries
   * (`left.x = right.y`), separate from the correlation condition.
   */
  readonly markCondition: Expr | null;
  /** For mark joins: the boolean column added to the left side's columns. */
  readonly mark: OutputColumn | null;
  readonly output: readonly OutputColumn[];
}

export interface SortNode {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey[];
  readonly output: readonly OutputColumn[];
}

export interface LimitNode {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly limit: Expr | null;
  readonly offset: Expr | null;
  /** FETCH FIRST … WITH TIES: also keep rows equal to the last one under these sort keys. */
  readonly withTies: readonly SortKey[] | null;
  readonly output: readonly OutputColumn[];
}

export interface DistinctNode {
  readonly kind: 'distinct';
  readonly input: LogicalPlan;
  /** DISTINCT ON expressions; null for plain DISTINCT (all columns). */
  readonly on: readonly Expr[] | null;
  readonly output: readonly OutputColumn[];
}

export interface SetOpNode {
  readonly kind: 'set_op';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly output: readonly OutputColumn[];
}

export interface RecursiveCteNode {
  readonly kind: 'recursive_cte';
  readonly name: string;
  readonly anchor: LogicalPlan;
  readonly recursive: LogicalPlan;
  readonly workTableId: number;
  /** UNION (true) removes duplicates across iterations; UNION ALL keeps them. */
  readonly distinct: boolean;
  readonly output: readonly OutputColumn[];
}

export interface WorkTableScanNode {
  readonly kind: 'work_table_scan';
  readonly workTableId: number;
  readonly name: string;
  readonly output: readonly OutputColumn[];
}

/**
 * A read of a WITH query that is computed once per statement (referenced more than once, or
 * MATERIALIZED), as PostgreSQL does: every scan of one `cteId` sees the same rows. The definition is
 * planned on its own; to the rules over the plan that reads it, a scan is a leaf.
 */
export interface CteScanNode {
  readonly kind: 'cte_scan';
  readonly cteId: number;
  readonly name: string;
  /** The WITH query's plan, the same for every scan of `cteId`. */
  readonly definition: LogicalPlan;
  /** For each output column, the position of its column in the definition's output. */
  readonly positions: readonly number[];
  readonly output: readonly OutputColumn[];
}

/** A relation with a fixed number of rows (0 or 1) and the given columns, all NULL. */
export interface EmptyNode {
  readonly kind: 'empty';
  readonly rows: 0 | 1;
  readonly output: readonly OutputColumn[];
}

export function planChildren(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case 'scan':
    case 'values':
    case 'table_function':
    case 'work_table_scan':
    case 'cte_scan':
    case 'empty':
      return [];
    case 'filter':
    case 'project':
    case 'aggregate':
    case 'window':
    case 'sort':
    case 'limit':
    case 'distinct':
      return [p.input];
    case 'join':
    case 'set_op':
      return [p.left, p.right];
    case 'recursive_cte':
      return [p.anchor, p.recursive];
  }
}

/** Rebuilds a node over new children; output columns are kept (ids do not change). */
export function withPlanChildren(p: LogicalPlan, children: readonly LogicalPlan[]): LogicalPlan {
  switch (p.kind) {
    case 'scan':
    case 'values':
    case 'table_function':
    case 'work_table_scan':
    case 'cte_scan':
    case 'empty':
      return p;
    case 'filter':
    case 'project':
    case 'aggregate':
    case 'window':
    case 'sort':
    case 'limit':
    case 'distinct':
      return children[0] === p.input ? p : { ...p, input: children[0]! };
    case 'join':
      if (children[0] === p.left && children[1] === p.right) return p;
      return {
        ...p,
        left: children[0]!,
        right: children[1]!,
        output: joinOutput(p.joinType, children[0]!, children[1]!, p.mark),
      };
    case 'set_op':
      return children[0] === p.left && children[1] === p.right
        ? p
        : { ...p, left: children[0]!, right: children[1]! };
    case 'recursive_cte':
      return children[0] === p.anchor && children[1] === p.recursive
        ? p
        : { ...p, anchor: children[0]!, recursive: children[1]! };
  }
}

export function joinOutput(
  joinType: JoinType,
  left: LogicalPlan,
  right: LogicalPlan,
  mark: OutputColumn | null,
): readonly OutputColumn[] {
  switch (joinType) {
    case 'semi':
    case 'anti':
      return left.output;
    case 'mark':
      return [...left.output, mark!];
    default:
      return [...left.output, ...right.output];
  }
}

/** Every expression a node evaluates (not those of its children). */
export function planExprs(p: LogicalPlan): Expr[] {
  switch (p.kind) {
    case 'scan':
      return [...p.filters];
    case 'values':
      return p.rows.flat();
    case 'table_function':
      return [...p.args];
    case 'filter':
      return [p.predicate];
    case 'project':
      return p.exprs.map((e) => e.expr);
    case 'aggregate':
      return [
        ...p.groups.map((g) => g.expr),
        ...p.aggregates.flatMap((a) => [
          ...a.call.args,
          ...(a.call.filter ? [a.call.filter] : []),
          ...a.call.orderBy.map((k) => k.expr),
        ]),
      ];
    case 'window':
      return p.windows.flatMap((w) => [
        ...w.call.args,
        ...w.call.partitionBy,
        ...w.call.orderBy.map((k) => k.expr),
        ...(w.call.filter ? [w.call.filter] : []),
      ]);
    case 'join':
      return [...(p.condition ? [p.condition] : []), ...(p.markCondition ? [p.markCondition] : [])];
    case 'sort':
      return p.keys.map((k) => k.expr);
    case 'limit':
      return [...(p.limit ? [p.limit] : []), ...(p.offset ? [p.offset] : [])];
    case 'distinct':
      return p.on ? [...p.on] : [];
    case 'set_op':
    case 'recursive_cte':
    case 'work_table_scan':
    case 'cte_scan':
    case 'empty':
      return [];
  }
}

/** Bottom-up plan rewrite. */
export function transformPlan(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const children = planChildren(p);
  const next = children.map((c) => transformPlan(c, f));
  const changed = next.some((c, i) => c !== children[i]);
  return f(changed ? withPlanChildren(p, next) : p);
}

export function visitPlan(p: LogicalPlan, f: (p: LogicalPlan) => void): void {
  f(p);
  for (const c of planChildren(p)) visitPlan(c, f);
}

/** Like visitPlan, and also every node of each materialized WITH query the plan reads (once each). */
export function visitPlanAndCtes(p: LogicalPlan, f: (p: LogicalPlan) => void): void {
  const seen = new Set<number>();
  const visit = (x: LogicalPlan): void =>
    visitPlan(x, (n) => {
      f(n);
      if (n.kind === 'cte_scan' && !seen.has(n.cteId)) {
        seen.add(n.cteId);
        visit(n.definition);
      }
    });
  visit(p);
}

export function outputIds(p: LogicalPlan): Set<ColumnId> {
  return new Set(p.output.map((c) => c.id));
}
