// Join ordering: each tree of inner joins is flattened into its inputs and conditions and rebuilt
// greedily, always joining the two connected inputs with the smallest estimated result (GOO), with
// the smaller input as the hash join's build (right) side; for up to MAX_EXHAUSTIVE_INPUTS inputs
// every tree is searched too, and taken when estimated at well under the greedy one's work. Column
// equalities that chain three or more inputs (a = b AND b = c) form a class whose columns all hold
// one value, as PostgreSQL's equivalence classes: any two inputs with a column of it can be joined
// on those columns (a = c).

import { freeColumns } from '../../logical/analysis.js';
import { type ColumnExpr, type ColumnId, conjuncts, type Expr, exprColumns } from '../../logical/expr.js';
import { joinOutput, type LogicalPlan, planChildren, withPlanChildren } from '../../logical/plan.js';
import { Types, typesEqual } from '../../types/data-type.js';
import { CardinalityEstimator, columnOrigins } from '../cardinality.js';
import type { OptimizerRule } from '../rule.js';

/** Joins of at most this many inputs are also ordered exhaustively (3^n splits); larger ones greedily. */
const MAX_EXHAUSTIVE_INPUTS = 8;

interface Component {
  readonly plan: LogicalPlan;
  readonly ids: ReadonlySet<ColumnId>;
  readonly rows: number;
  /** Estimated work of its joins: the rows each makes plus the rows of its build side. */
  readonly cost: number;
}

/** Inputs and conditions of a tree of inner joins. */
function flatten(p: LogicalPlan, leaves: LogicalPlan[], conditions: Expr[]): void {
  if (p.kind === 'join' && p.joinType === 'inner') {
    flatten(p.left, leaves, conditions);
    flatten(p.right, leaves, conditions);
    conditions.push(...conjuncts(p.condition));
    return;
  }
  leaves.push(p);
}

function idsOf(p: LogicalPlan): Set<ColumnId> {
  return new Set(p.output.map((c) => c.id));
}

function and(exprs: readonly Expr[]): Expr | null {
  if (exprs.length === 0) return null;
  return exprs.length === 1 ? exprs[0]! : { kind: 'and', args: exprs, type: Types.bool };
}

/** Columns of different inputs that the conditions make equal, and the `=` that compares them. */
interface EquivalenceClass {
  readonly equality: Expr & { kind: 'call' };
  readonly members: readonly ColumnExpr[];
}

/**
 * The classes of three or more columns that equalities between inputs chain together, and the
 * conditions left. A class with two columns of one input is left as its conditions (joining on
 * one column of it would not make the other equal).
 */
function equivalenceClasses(
  leaves: readonly Component[],
  conditions: readonly Expr[],
): { classes: EquivalenceClass[]; rest: Expr[] } {
  const leafOf = new Map<ColumnId, number>();
  leaves.forEach((l, i) => l.ids.forEach((id) => leafOf.set(id, i)));
  const parent = new Map<ColumnId, ColumnId>();
  const find = (id: ColumnId): ColumnId => {
    const p = parent.get(id)!;
    return p === id ? id : find(p);
  };
  const columns = new Map<ColumnId, ColumnExpr>();
  const equalities: (Expr & { kind: 'call' })[] = [];
  for (const c of conditions) {
    if (c.kind !== 'call' || c.fn.name !== '=' || c.args.length !== 2) continue;
    const [a, b] = c.args as [Expr, Expr];
    if (a.kind !== 'column' || b.kind !== 'column' || !typesEqual(a.type, b.type)) continue;
    const [la, lb] = [leafOf.get(a.id), leafOf.get(b.id)];
    if (la === undefined || lb === undefined || la === lb) continue;
    for (const x of [a, b]) {
      if (!columns.has(x.id)) columns.set(x.id, x);
      if (!parent.has(x.id)) parent.set(x.id, x.id);
    }
    parent.set(find(a.id), find(b.id));
    equalities.push(c);
  }
  const byRoot = new Map<ColumnId, ColumnExpr[]>();
  for (const [id, column] of columns) {
    const root = find(id);
    const members = byRoot.get(root);
    if (members === undefined) byRoot.set(root, [column]);
    else members.push(column);
  }
  const classes: EquivalenceClass[] = [];
  const absorbed = new Set<Expr>();
  for (const members of byRoot.values()) {
    const leavesOfClass = new Set(members.map((m) => leafOf.get(m.id)));
    if (members.length < 3 || leavesOfClass.size < members.length) continue;
    const own = equalities.filter((e) => members.some((m) => exprColumns(e).has(m.id)));
    own.forEach((e) => absorbed.add(e));
    classes.push({ equality: own[0]!, members });
  }
  return { classes, rest: conditions.filter((c) => !absorbed.has(c)) };
}

/** One equality per class with columns on both sides: the class's columns of a and b are equal. */
function classConditions(
  classes: readonly EquivalenceClass[],
  a: ReadonlySet<ColumnId>,
  b: ReadonlySet<ColumnId>,
): Expr[] {
  const out: Expr[] = [];
  for (const { equality, members } of classes) {
    const x = members.find((m) => a.has(m.id));
    const y = members.find((m) => b.has(m.id));
    if (x !== undefined && y !== undefined) out.push({ ...equality, args: [x, y] });
  }
  return out;
}

/** Component.cost of joining a and b into `rows` rows. */
function work(a: Component, b: Component, rows: number): number {
  return a.cost + b.cost + rows + Math.min(a.rows, b.rows);
}

class JoinOrderer {
  private readonly estimator: CardinalityEstimator;

  constructor(root: LogicalPlan) {
    this.estimator = new CardinalityEstimator(columnOrigins(root));
  }

  rewrite(p: LogicalPlan): LogicalPlan {
    if (p.kind === 'join' && p.joinType === 'inner') {
      const leaves: LogicalPlan[] = [];
      const conditions: Expr[] = [];
      flatten(p, leaves, conditions);
      const rewritten = leaves.map((l) => this.rewrite(l));
      if (rewritten.length > 2 || leaves.length === 2) return this.order(rewritten, conditions, p);
    }
    const children = planChildren(p);
    const next = children.map((c) => this.rewrite(c));
    return next.some((c, i) => c !== children[i]) ? withPlanChildren(p, next) : p;
  }

  /**
   * The conditions with the equalities first, the one whose build key holds the smallest share of
   * the probe key's values leading: the hash join tests a probe row's first key before the rest,
   * and a scan under it skips rows whose first key the build side lacks.
   */
  private keysFirst(conds: readonly Expr[], probe: Component, build: Component): Expr[] {
    const share = (c: Expr): number => {
      if (c.kind !== 'call' || c.fn.name !== '=' || c.args.length !== 2) return Infinity;
      const [x, y] = c.args as [Expr, Expr];
      const [p, b] = [...exprColumns(x)].every((id) => probe.ids.has(id)) ? [x, y] : [y, x];
      return this.estimator.distinct(b, build.rows) / this.estimator.distinct(p, probe.rows);
    };
    return conds
      .map((c, i) => ({ c, i, share: share(c) }))
      .sort((a, b) => a.share - b.share || a.i - b.i)
      .map((k) => k.c);
  }

  private order(leaves: LogicalPlan[], conditions: Expr[], original: LogicalPlan): LogicalPlan {
    const allIds = new Set(leaves.flatMap((l) => [...idsOf(l)]));
    // A LATERAL input reads another input's columns: keep the written order.
    for (const l of leaves) {
      for (const id of freeColumns(l)) if (allIds.has(id)) return original;
    }
    const inputs: Component[] = leaves.map((plan) => ({
      plan,
      ids: idsOf(plan),
      rows: this.estimator.rows(plan),
      cost: 0,
    }));
    const { classes, rest } = equivalenceClasses(inputs, conditions);
    const covered = (c: Expr, ids: ReadonlySet<ColumnId>) =>
      [...exprColumns(c)].every((id) => ids.has(id) || !allIds.has(id));
    /** The conditions that joining a and b applies: those neither covers alone, one per class. */
    const connecting = (a: Component, b: Component): Expr[] => {
      const union = new Set([...a.ids, ...b.ids]);
      return [
        ...rest.filter((c) => covered(c, union) && !covered(c, a.ids) && !covered(c, b.ids)),
        ...classConditions(classes, a.ids, b.ids),
      ];
    };
    // The exhaustive search's tree replaces the greedy one only when estimated at under half its
    // work: estimates are rough, and the greedy tree is the one later rules were tuned on.
    const greedy = this.greedy(inputs, connecting);
    const cheapest = inputs.length <= MAX_EXHAUSTIVE_INPUTS ? this.cheapest(inputs, connecting) : null;
    const root = cheapest !== null && cheapest.cost * 2 < greedy.cost ? cheapest : greedy;
    // Conditions on one input alone (or on none) join nothing: they filter the result.
    const left = rest.filter((c) => inputs.some((i) => covered(c, i.ids)));
    if (left.length === 0) return root.plan;
    return { kind: 'filter', input: root.plan, predicate: and(left)!, output: root.plan.output };
  }

  /** A hash join of a and b on `conds`, building the smaller one. */
  private join(a: Component, b: Component, rows: number, conds: readonly Expr[]): Component {
    const [probe, build] = a.rows >= b.rows ? [a, b] : [b, a];
    const plan: LogicalPlan = {
      kind: 'join',
      joinType: 'inner',
      left: probe.plan,
      right: build.plan,
      condition: and(this.keysFirst(conds, probe, build)),
      markCondition: null,
      mark: null,
      output: joinOutput('inner', probe.plan, build.plan, null),
    };
    return { plan, ids: new Set([...a.ids, ...b.ids]), rows, cost: work(a, b, rows) };
  }

  /**
   * The join tree with the least estimated work (Component.cost) over every way of joining
   * connected inputs (dynamic programming over subsets, as DuckDB and PostgreSQL do for few
   * inputs). Null when the conditions leave inputs unconnected.
   */
  private cheapest(
    inputs: readonly Component[],
    connecting: (a: Component, b: Component) => Expr[],
  ): Component | null {
    const best = new Map<number, Component>();
    inputs.forEach((c, i) => best.set(1 << i, c));
    const full = (1 << inputs.length) - 1;
    for (let set = 1; set <= full; set++) {
      if ((set & (set - 1)) === 0) continue;
      // Each split once: the part holding the set's lowest input on one side.
      const low = set & -set;
      for (let part = (set - 1) & set; part > 0; part = (part - 1) & set) {
        if ((part & low) === 0) continue;
        const a = best.get(part);
        const b = best.get(set ^ part);
        if (a === undefined || b === undefined) continue;
        const conds = connecting(a, b);
        if (conds.length === 0) continue;
        // The join is built only for a split cheaper than the set's best so far.
        const rows = this.estimator.joinRows(a.rows, b.rows, conds, a.ids);
        const kept = best.get(set);
        if (kept === undefined || work(a, b, rows) < kept.cost) best.set(set, this.join(a, b, rows, conds));
      }
    }
    return best.get(full) ?? null;
  }

  /** Greedy: always join the two connected inputs with the smallest estimated result (GOO). */
  private greedy(
    inputs: readonly Component[],
    connecting: (a: Component, b: Component) => Expr[],
  ): Component {
    let components = [...inputs];
    while (components.length > 1) {
      let best: { i: number; j: number; rows: number; conds: Expr[] } | null = null;
      for (let i = 0; i < components.length; i++) {
        for (let j = i + 1; j < components.length; j++) {
          const a = components[i]!;
          const b = components[j]!;
          const conds = connecting(a, b);
          if (conds.length === 0) continue;
          const rows = this.estimator.joinRows(a.rows, b.rows, conds, a.ids);
          if (best === null || rows < best.rows) best = { i, j, rows, conds };
        }
      }
      if (best === null) {
        // No condition connects the rest: cross join the two smallest.
        const sorted = components.map((c, i) => ({ c, i })).sort((x, y) => x.c.rows - y.c.rows);
        const [x, y] = [sorted[0]!.i, sorted[1]!.i].sort((m, n) => m - n) as [number, number];
        best = { i: x, j: y, rows: components[x]!.rows * components[y]!.rows, conds: [] };
      }
      const { i, j } = best;
      const merged = this.join(components[i]!, components[j]!, best.rows, best.conds);
      components = [...components.filter((_, k) => k !== i && k !== j), merged];
    }
    return components[0]!;
  }
}

export const reorderJoins: OptimizerRule = {
  name: 'reorder_joins',
  rewrite(plan) {
    return new JoinOrderer(plan).rewrite(plan);
  },
};
