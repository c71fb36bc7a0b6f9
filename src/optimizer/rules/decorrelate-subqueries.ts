// Decorrelation: every subquery expression becomes a join. EXISTS and IN in WHERE become semi and
// anti joins; elsewhere EXISTS, IN, ANY and ALL become mark joins (a three-valued column) and scalar
// subqueries single joins. Correlated predicates are pulled out of the subquery into the join
// condition, through filters, projections, inner joins and aggregates (an equality correlation under
// an aggregate becomes a GROUP BY key). What cannot be pulled up stays a dependent join, which
// the executor evaluates once per distinct outer binding.

import { freeColumns } from '../../logical/analysis.js';
import {
  col,
  type ColumnId,
  conjuncts,
  DEFAULT_FRAME,
  containsSubquery,
  type Expr,
  exprColumns,
  lit,
  replaceColumns,
  type SubqueryExpr,
  transformExpr,
} from '../../logical/expr.js';
import {
  joinOutput,
  type JoinNode,
  type JoinType,
  type LogicalPlan,
  type OutputColumn,
  planChildren as planChildrenOf,
  withPlanChildren,
} from '../../logical/plan.js';
import { mapNodeExprs, replaceColumnsInPlan } from '../../logical/rewrite.js';
import { Types } from '../../types/data-type.js';
import type { OptimizerContext, OptimizerRule } from '../rule.js';

function and(exprs: readonly Expr[]): Expr | null {
  if (exprs.length === 0) return null;
  if (exprs.length === 1) return exprs[0]!;
  return { kind: 'and', args: exprs.flatMap((e) => (e.kind === 'and' ? e.args : [e])), type: Types.bool };
}

function join(
  joinType: JoinType,
  left: LogicalPlan,
  right: LogicalPlan,
  condition: Expr | null,
  mark: OutputColumn | null = null,
  markCondition: Expr | null = null,
): JoinNode {
  return {
    kind: 'join',
    joinType,
    left,
    right,
    condition,
    markCondition,
    mark,
    output: joinOutput(joinType, left, right, mark),
  };
}

function refsAny(e: Expr, ids: ReadonlySet<ColumnId>): boolean {
  for (const id of exprColumns(e)) if (ids.has(id)) return true;
  return false;
}

/** What pulling correlated predicates out of a subquery produced. */
interface Pulled {
  readonly plan: LogicalPlan;
  /** Correlated predicates over the plan's output and outer columns. */
  readonly conds: readonly Expr[];
  /**
   * Set when a scalar aggregate became grouped by the correlation keys: a column that is NULL
   * exactly when the outer row had no group, and each aggregate's value over no rows.
   */
  readonly emptyGroup: {
    readonly matchColumn: OutputColumn;
    readonly values: ReadonlyMap<ColumnId, Expr>;
  } | null;
}

function passThrough(plan: LogicalPlan, ids: Iterable<ColumnId>): LogicalPlan & { kind: 'project' } {
  if (plan.kind !== 'project') throw new Error('passThrough expects a projection');
  const have = new Set(plan.output.map((c) => c.id));
  const inputById = new Map(plan.input.output.map((c) => [c.id, c]));
  const exprs = [...plan.exprs];
  const output = [...plan.output];
  for (const id of ids) {
    if (have.has(id)) continue;
    const c = inputById.get(id);
    if (c === undefined) continue;
    exprs.push({ id, name: c.name, expr: col(id, c.type, c.name) });
    output.push(c);
    have.add(id);
  }
  return { ...plan, exprs, output };
}

class PullUp {
  constructor(
    private readonly ctx: OptimizerContext,
    private readonly outer: ReadonlySet<ColumnId>,
  ) {}

  private correlated(p: LogicalPlan): boolean {
    for (const id of freeColumns(p)) if (this.outer.has(id)) return true;
    return false;
  }

  pull(p: LogicalPlan): Pulled | null {
    if (!this.correlated(p)) return { plan: p, conds: [], emptyGroup: null };
    switch (p.kind) {
      case 'filter': {
        const r = this.pull(p.input);
        if (r === null) return null;
        const parts = conjuncts(p.predicate);
        const corr = parts.filter((c) => refsAny(c, this.outer));
        const local = parts.filter((c) => !refsAny(c, this.outer));
        if (corr.some(containsSubquery)) return null;
        // A HAVING over a scalar aggregate would change what "no rows" means.
        if (r.emptyGroup !== null && local.length > 0) return null;
        const cond = and(local);
        const plan: LogicalPlan =
          cond === null ? r.plan : { kind: 'filter', input: r.plan, predicate: cond, output: r.plan.output };
        return { plan, conds: [...r.conds, ...corr], emptyGroup: r.emptyGroup };
      }
      case 'project': {
        if (p.exprs.some((e) => refsAny(e.expr, this.outer))) return null;
        const r = this.pull(p.input);
        if (r === null) return null;
        const needed = new Set<ColumnId>();
        for (const c of r.conds) for (const id of exprColumns(c)) if (!this.outer.has(id)) needed.add(id);
        if (r.emptyGroup !== null) needed.add(r.emptyGroup.matchColumn.id);
        const plan = passThrough({ ...p, input: r.plan }, needed);
        let emptyGroup = r.emptyGroup;
        if (emptyGroup !== null) {
          const values = new Map(emptyGroup.values);
          for (const e of p.exprs) values.set(e.id, replaceColumns(e.expr, emptyGroup.values));
          emptyGroup = { ...emptyGroup, values };
        }
        return { plan, conds: r.conds, emptyGroup };
      }
      case 'aggregate': {
        if (p.groupingSets !== null) return null;
        const own = [...p.groups.map((g) => g.expr), ...p.aggregates.flatMap((a) => a.call.args)];
        if (own.some((e) => refsAny(e, this.outer))) return null;
        const r = this.pull(p.input);
        if (r === null || r.emptyGroup !== null) return null;
        if (r.conds.length === 0) return { plan: { ...p, input: r.plan }, conds: [], emptyGroup: null };
        // Equality correlations become group keys: inner = outer → GROUP BY inner, then key = outer.
        const groups = [...p.groups];
        const conds: Expr[] = [];
        const added: OutputColumn[] = [];
        for (const c of r.conds) {
          const pair = this.splitEquality(c);
          if (pair === null) return null;
          const [inner, outerSide] = pair;
          const id = this.ctx.newId();
          groups.push({ id, name: 'corr', expr: inner });
          added.push({ id, name: 'corr', type: inner.type });
          conds.push({ ...(c as Expr & { kind: 'call' }), args: [col(id, inner.type, 'corr'), outerSide] });
        }
        const output = [...p.output.slice(0, p.groups.length), ...added, ...p.output.slice(p.groups.length)];
        const plan: LogicalPlan = { ...p, input: r.plan, groups, output };
        const emptyGroup =
          p.groups.length === 0
            ? {
                matchColumn: added[0]!,
                values: new Map<ColumnId, Expr>(
                  p.aggregates.map((a) => [a.id, lit(a.call.fn.emptyValue, a.call.type)]),
                ),
              }
            : null;
        return { plan, conds, emptyGroup };
      }
      case 'join': {
        if (p.joinType !== 'inner' && this.correlated(p.right)) return null;
        if (p.joinType !== 'inner' && p.condition !== null && refsAny(p.condition, this.outer)) return null;
        const l = this.pull(p.left);
        const r = this.pull(p.right);
        if (l === null || r === null || l.emptyGroup !== null || r.emptyGroup !== null) return null;
        const parts = conjuncts(p.condition);
        const corr = parts.filter((c) => refsAny(c, this.outer));
        const local = and(parts.filter((c) => !refsAny(c, this.outer)));
        return {
          plan: join(p.joinType, l.plan, r.plan, local, p.mark, p.markCondition),
          conds: [...l.conds, ...r.conds, ...corr],
          emptyGroup: null,
        };
      }
      default:
        return null;
    }
  }

  /** `inner = outer` (either order) with each side on one side only; null otherwise. */
  private splitEquality(c: Expr): [Expr, Expr] | null {
    if (c.kind !== 'call' || c.fn.name !== '=' || c.args.length !== 2) return null;
    const [a, b] = c.args as [Expr, Expr];
    const onlyOuter = (e: Expr) => [...exprColumns(e)].every((id) => this.outer.has(id));
    const noOuter = (e: Expr) => !refsAny(e, this.outer);
    if (noOuter(a) && onlyOuter(b) && exprColumns(a).size > 0) return [a, b];
    if (noOuter(b) && onlyOuter(a) && exprColumns(b).size > 0) {
      return [b, a];
    }
    return null;
  }
}

/**
 * General unnesting (Neumann and Kemper): the distinct outer values the subquery reads (the domain
 * D) are joined into the subquery at the lowest point that needs them, so every operator above sees
 * them as ordinary columns (aggregates group by them, joins carry them). The subquery then joins
 * the outer query on D with IS NOT DISTINCT FROM.
 */
class DomainPush {
  constructor(
    private readonly ctx: OptimizerContext,
    /** The outer query's input and the outer columns D is made of. */
    private readonly input: LogicalPlan,
    private readonly outerCols: readonly OutputColumn[],
  ) {}

  /** D with the given column ids: DISTINCT over the outer columns. */
  domain(cols: readonly OutputColumn[]): LogicalPlan {
    const projected: LogicalPlan = {
      kind: 'project',
      input: this.input,
      exprs: cols.map((d, i) => ({
        id: d.id,
        name: d.name,
        expr: col(this.outerCols[i]!.id, this.outerCols[i]!.type, this.outerCols[i]!.name),
      })),
      output: cols,
    };
    return { kind: 'distinct', input: projected, on: null, output: cols };
  }

  fresh(cols: readonly OutputColumn[]): OutputColumn[] {
    return cols.map((c) => ({ ...c, id: this.ctx.newId() }));
  }

  private refs(p: LogicalPlan, dom: readonly OutputColumn[]): boolean {
    const free = freeColumns(p);
    return dom.some((d) => free.has(d.id));
  }

  private sameDomain(a: readonly OutputColumn[], b: readonly OutputColumn[]): Expr[] {
    return a.map((x, i) => {
      const y = b[i]!;
      const fn = this.ctx.functions.scalar('is not distinct from', [x.type, y.type], undefined, true);
      return {
        kind: 'call',
        fn,
        args: [col(x.id, x.type, x.name), col(y.id, y.type, y.name)],
        type: Types.bool,
      } as Expr;
    });
  }

  /** Pushes into a subtree that must read D under new ids (the second side of a join). */
  private pushRenamed(
    p: LogicalPlan,
    dom: readonly OutputColumn[],
    allowEmptyGroup = false,
  ): { plan: LogicalPlan; cols: OutputColumn[]; emptyGroup: Pulled['emptyGroup'] } | null {
    const cols = this.fresh(dom);
    const renamed = replaceColumnsInPlan(
      p,
      new Map(dom.map((d, i) => [d.id, col(cols[i]!.id, cols[i]!.type, cols[i]!.name)])),
    );
    const r = this.push(renamed, cols);
    if (r === null || (r.emptyGroup !== null && !allowEmptyGroup)) return null;
    return { plan: r.plan, cols, emptyGroup: r.emptyGroup };
  }

  push(p: LogicalPlan, dom: readonly OutputColumn[]): Pulled | null {
    if (!this.refs(p, dom)) {
      return { plan: join('inner', this.domain(dom), p, null), conds: [], emptyGroup: null };
    }
    switch (p.kind) {
      case 'filter': {
        const r = this.push(p.input, dom);
        if (r === null || r.emptyGroup !== null) return null;
        return {
          plan: { kind: 'filter', input: r.plan, predicate: p.predicate, output: r.plan.output },
          conds: [],
          emptyGroup: null,
        };
      }
      case 'project': {
        const r = this.push(p.input, dom);
        if (r === null) return null;
        const keep = dom.map((d) => d.id);
        if (r.emptyGroup !== null) keep.push(r.emptyGroup.matchColumn.id);
        const plan = passThrough({ ...p, input: r.plan }, keep);
        let emptyGroup = r.emptyGroup;
        if (emptyGroup !== null) {
          const values = new Map(emptyGroup.values);
          for (const e of p.exprs) values.set(e.id, replaceColumns(e.expr, emptyGroup.values));
          emptyGroup = { ...emptyGroup, values };
        }
        return { plan, conds: [], emptyGroup };
      }
      case 'aggregate': {
        if (p.groupingSets !== null) return null;
        const r = this.push(p.input, dom);
        if (r === null || r.emptyGroup !== null) return null;
        const groups = [
          ...p.groups,
          ...dom.map((d) => ({ id: d.id, name: d.name, expr: col(d.id, d.type, d.name) })),
        ];
        const aggregates = [...p.aggregates];
        let emptyGroup: Pulled['emptyGroup'] = null;
        if (p.groups.length === 0) {
          // A scalar aggregate has a row even for outer values with no input: mark matched groups.
          const match: OutputColumn = { id: this.ctx.newId(), name: 'matched', type: Types.int8 };
          aggregates.push({
            id: match.id,
            name: 'matched',
            call: {
              fn: this.ctx.functions.aggregate('count', []),
              args: [],
              distinct: false,
              filter: null,
              orderBy: [],
              type: Types.int8,
            },
          });
          emptyGroup = {
            matchColumn: match,
            values: new Map(p.aggregates.map((a) => [a.id, lit(a.call.fn.emptyValue, a.call.type)])),
          };
        }
        const output = [
          ...p.output.slice(0, p.groups.length),
          ...dom,
          ...aggregates.map((a) => ({ id: a.id, name: a.name, type: a.call.type })),
        ];
        return { plan: { ...p, input: r.plan, groups, aggregates, output }, conds: [], emptyGroup };
      }
      case 'join': {
        const leftRefs = this.refs(p.left, dom);
        const rightRefs = this.refs(p.right, dom);
        const condRefs = [p.condition, p.markCondition].some(
          (c) => c !== null && dom.some((d) => exprColumns(c).has(d.id)),
        );
        if (p.joinType === 'full' && (rightRefs || condRefs)) return null;
        if (!rightRefs && !condRefs) {
          const l = this.push(p.left, dom);
          if (l === null || l.emptyGroup !== null) return null;
          return {
            plan: join(p.joinType, l.plan, p.right, p.condition, p.mark, p.markCondition),
            conds: [],
            emptyGroup: null,
          };
        }
        if (!leftRefs && p.joinType === 'inner') {
          const r = this.push(p.right, dom);
          if (r === null || r.emptyGroup !== null) return null;
          return { plan: join('inner', p.left, r.plan, p.condition), conds: [], emptyGroup: null };
        }
        const l = this.push(p.left, dom);
        if (l === null || l.emptyGroup !== null) return null;
        // A scalar subquery (single join) over a scalar aggregate has a value even where its group is
        // missing: the join stays, and the aggregate's values over no rows fill in.
        const r = this.pushRenamed(p.right, dom, p.joinType === 'single');
        if (r === null) return null;
        const condition = and([...conjuncts(p.condition), ...this.sameDomain(dom, r.cols)]);
        const joined = join(p.joinType, l.plan, r.plan, condition, p.mark, p.markCondition);
        if (r.emptyGroup === null) return { plan: joined, conds: [], emptyGroup: null };
        const empty = r.emptyGroup;
        const missing: Expr = {
          kind: 'is_null',
          arg: col(empty.matchColumn.id, empty.matchColumn.type, 'matched'),
          negated: false,
          type: Types.bool,
        };
        const exprs = joined.output.map((c) => {
          const value = p.right.output.some((x) => x.id === c.id) ? empty.values.get(c.id) : undefined;
          const current = col(c.id, c.type, c.name);
          const expr: Expr =
            value === undefined
              ? current
              : { kind: 'case', whens: [{ when: missing, then: value }], else: current, type: c.type };
          return { id: c.id, name: c.name, expr };
        });
        return {
          plan: { kind: 'project', input: joined, exprs, output: joined.output },
          conds: [],
          emptyGroup: null,
        };
      }
      case 'limit': {
        // LIMIT per outer value: number the rows of each D value and keep the first ones.
        if (p.withTies !== null) return null;
        const sort = p.input.kind === 'sort' ? p.input : null;
        const r = this.push(sort === null ? p.input : sort.input, dom);
        if (r === null || r.emptyGroup !== null) return null;
        const rn: OutputColumn = { id: this.ctx.newId(), name: 'row_number', type: Types.int8 };
        const windowed: LogicalPlan = {
          kind: 'window',
          input: r.plan,
          windows: [
            {
              id: rn.id,
              name: rn.name,
              call: {
                fn: this.ctx.functions.window('row_number', []),
                isAggregate: false,
                args: [],
                filter: null,
                distinct: false,
                partitionBy: dom.map((d) => col(d.id, d.type, d.name)),
                orderBy: sort?.keys ?? [],
                frame: DEFAULT_FRAME,
                type: Types.int8,
              },
            },
          ],
          output: [...r.plan.output, rn],
        };
        const rnCol = col(rn.id, Types.int8, rn.name);
        const cmp = (op: string, a: Expr, b: Expr): Expr => ({
          kind: 'call',
          fn: this.ctx.functions.scalar(op, [Types.int8, Types.int8], undefined, true),
          args: [a, b],
          type: op === '+' ? Types.int8 : Types.bool,
        });
        const conds: Expr[] = [];
        if (p.offset !== null) conds.push(cmp('>', rnCol, p.offset));
        if (p.limit !== null)
          conds.push(cmp('<=', rnCol, p.offset === null ? p.limit : cmp('+', p.offset, p.limit)));
        const cond = and(conds);
        const filtered: LogicalPlan =
          cond === null
            ? windowed
            : { kind: 'filter', input: windowed, predicate: cond, output: windowed.output };
        return { plan: project(filtered, r.plan.output), conds: [], emptyGroup: null };
      }
      case 'sort':
      case 'distinct': {
        if (p.kind === 'distinct' && p.on !== null) return null;
        const r = this.push(p.input, dom);
        if (r === null || r.emptyGroup !== null) return null;
        return { plan: { ...p, input: r.plan, output: r.plan.output }, conds: [], emptyGroup: null };
      }
      case 'window': {
        const r = this.push(p.input, dom);
        if (r === null || r.emptyGroup !== null) return null;
        const windows = p.windows.map((w) => ({
          ...w,
          call: {
            ...w.call,
            partitionBy: [...w.call.partitionBy, ...dom.map((d) => col(d.id, d.type, d.name))],
          },
        }));
        return {
          plan: {
            ...p,
            input: r.plan,
            windows,
            output: [
              ...r.plan.output,
              ...windows.map((w) => ({ id: w.id, name: w.name, type: w.call.type })),
            ],
          },
          conds: [],
          emptyGroup: null,
        };
      }
      case 'set_op': {
        const l = this.push(p.left, dom);
        if (l === null || l.emptyGroup !== null) return null;
        const r = this.pushRenamed(p.right, dom);
        if (r === null) return null;
        const side = (plan: LogicalPlan, original: LogicalPlan, d: readonly OutputColumn[]) =>
          project(plan, [...original.output, ...d]);
        const output = [...p.output, ...this.fresh(dom)];
        const setOp: LogicalPlan = {
          ...p,
          left: side(l.plan, p.left, dom),
          right: side(r.plan, p.right, r.cols),
          output,
        };
        // Expose D under its own ids again.
        const exprs = [
          ...p.output.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
          ...dom.map((d, i) => ({
            id: d.id,
            name: d.name,
            expr: col(output[p.output.length + i]!.id, d.type, d.name),
          })),
        ];
        return {
          plan: { kind: 'project', input: setOp, exprs, output: [...p.output, ...dom] },
          conds: [],
          emptyGroup: null,
        };
      }
      case 'table_function':
        // A table function of outer values runs once per value of D: a lateral join the executor has.
        return { plan: join('inner', this.domain(dom), p, null), conds: [], emptyGroup: null };
      case 'values': {
        // VALUES rows over outer values: D × (row numbers), each column a CASE over the row number.
        const idx: OutputColumn = { id: this.ctx.newId(), name: 'row', type: Types.int4 };
        const numbers: LogicalPlan = {
          kind: 'values',
          rows: p.rows.map((_, i) => [lit(i + 1, Types.int4)]),
          output: [idx],
        };
        const crossed = join('inner', this.domain(dom), numbers, null);
        const eq = this.ctx.functions.scalar('=', [Types.int4, Types.int4], undefined, true);
        const exprs = [
          ...p.output.map((c, k) => ({
            id: c.id,
            name: c.name,
            expr: {
              kind: 'case',
              whens: p.rows.map((row, i) => ({
                when: {
                  kind: 'call',
                  fn: eq,
                  args: [col(idx.id, Types.int4), lit(i + 1, Types.int4)],
                  type: Types.bool,
                } as Expr,
                then: row[k]!,
              })),
              else: lit(null, c.type),
              type: c.type,
            } as Expr,
          })),
          ...dom.map((d) => ({ id: d.id, name: d.name, expr: col(d.id, d.type, d.name) as Expr })),
        ];
        return {
          plan: { kind: 'project', input: crossed, exprs, output: [...p.output, ...dom] },
          conds: [],
          emptyGroup: null,
        };
      }
      default:
        return null;
    }
  }
}

/** The comparison for `x op ALL (…)` as NOT (x negated-op ANY (…)). */
const NEGATED: Record<string, string> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

class Decorrelator {
  constructor(private readonly ctx: OptimizerContext) {}

  /** The general method: join the subquery with the domain of outer values it reads. */
  private unnest(input: LogicalPlan, sub: LogicalPlan): Pulled | null {
    const free = freeColumns(sub);
    const outerCols = input.output.filter((c) => free.has(c.id));
    if (outerCols.length === 0) return null;
    const push = new DomainPush(this.ctx, input, outerCols);
    const dom = push.fresh(outerCols);
    const renamed = replaceColumnsInPlan(
      sub,
      new Map(outerCols.map((c, i) => [c.id, col(dom[i]!.id, dom[i]!.type, dom[i]!.name)])),
    );
    const pushed = push.push(renamed, dom);
    if (pushed === null) return null;
    const conds = outerCols.map((c, i): Expr => {
      const fn = this.ctx.functions.scalar('is not distinct from', [c.type, c.type], undefined, true);
      return {
        kind: 'call',
        fn,
        args: [col(c.id, c.type, c.name), col(dom[i]!.id, dom[i]!.type, dom[i]!.name)],
        type: Types.bool,
      };
    });
    return { plan: pushed.plan, conds, emptyGroup: pushed.emptyGroup };
  }

  /** Attaches a subquery to `input` as a join; returns the new input and the expression replacing it. */
  private attach(
    input: LogicalPlan,
    s: SubqueryExpr,
    inWhere: boolean,
    negated: boolean,
  ): { plan: LogicalPlan; replacement: Expr | null } {
    const outerIds = new Set(input.output.map((c) => c.id));
    const sub = this.rewritePlan(s.plan);
    const pulled = new PullUp(this.ctx, outerIds).pull(sub) ??
      this.unnest(input, sub) ?? { plan: sub, conds: [], emptyGroup: null };
    const right = pulled.plan;
    // A scalar aggregate (no GROUP BY, no HAVING) returns exactly one row for every outer row.
    if (pulled.emptyGroup !== null && s.subKind === 'exists') {
      return { plan: input, replacement: lit(!negated, Types.bool) };
    }
    // x op ANY/ALL (one row) is x op value: compare with the scalar subquery's value.
    const oneRow = pulled.emptyGroup !== null && (s.subKind === 'any' || s.subKind === 'all');
    const condition = this.comparison(s, sub);
    const conds = [...pulled.conds];
    if (!oneRow && inWhere && (s.subKind === 'exists' || (s.subKind === 'any' && !negated))) {
      if (condition !== null) conds.push(condition);
      return {
        plan: join(s.subKind === 'exists' && negated ? 'anti' : 'semi', input, right, and(conds)),
        replacement: null,
      };
    }
    if (s.subKind === 'scalar' || oneRow) {
      const plan = join('single', input, right, and(conds));
      const values = sub.output.map((c): Expr => this.emptyAware(pulled, c));
      if (s.subKind === 'scalar') return { plan, replacement: values[0]! };
      const replaced = replaceColumns(condition!, new Map(sub.output.map((c, i) => [c.id, values[i]!])));
      return {
        plan,
        replacement: s.subKind === 'all' ? { kind: 'not', arg: replaced, type: Types.bool } : replaced,
      };
    }
    const mark: OutputColumn = { id: this.ctx.newId(), name: 'mark', type: Types.bool };
    const plan = join('mark', input, right, and(conds), mark, condition);
    const markCol = col(mark.id, Types.bool, 'mark');
    const replacement: Expr = s.subKind === 'all' ? { kind: 'not', arg: markCol, type: Types.bool } : markCol;
    return { plan, replacement };
  }

  /**
   * The ANY condition between the outer operands and the subquery's columns (for ALL, the negated
   * comparisons: x op ALL (S) is NOT (x negated-op ANY (S))).
   */
  private comparison(s: SubqueryExpr, sub: LogicalPlan): Expr | null {
    if (s.subKind !== 'any' && s.subKind !== 'all') return null;
    const parts = s.args.map((arg, i): Expr => {
      const cmp = s.compares[i]!;
      const fn =
        s.subKind === 'all'
          ? this.ctx.functions.scalar(NEGATED[cmp.name] ?? cmp.name, cmp.argTypes, undefined, true)
          : cmp;
      const c = sub.output[i]!;
      return { kind: 'call', fn, args: [arg, col(c.id, c.type, c.name)], type: Types.bool };
    });
    return and(parts);
  }

  /** A subquery column, or the value its scalar aggregate has over no rows when the outer row had none. */
  private emptyAware(pulled: Pulled, c: OutputColumn): Expr {
    const value = col(c.id, c.type, c.name);
    const empty = pulled.emptyGroup;
    const emptyValue = empty?.values.get(c.id);
    if (
      empty === null ||
      emptyValue === undefined ||
      (emptyValue.kind === 'literal' && emptyValue.value === null)
    )
      return value;
    const match = col(empty.matchColumn.id, empty.matchColumn.type, 'corr');
    return {
      kind: 'case',
      whens: [{ when: { kind: 'is_null', arg: match, negated: false, type: Types.bool }, then: emptyValue }],
      else: value,
      type: c.type,
    };
  }

  /** Replaces the subqueries in `e` by columns of joins added to `input`. */
  private rewriteExpr(input: LogicalPlan, e: Expr): { plan: LogicalPlan; expr: Expr } {
    let plan = input;
    const expr = transformExpr(e, (x) => {
      if (x.kind !== 'subquery') return x;
      const r = this.attach(plan, x, false, false);
      plan = r.plan;
      return r.replacement!;
    });
    return { plan, expr };
  }

  private rewriteFilter(p: LogicalPlan & { kind: 'filter' }): LogicalPlan {
    let input = p.input;
    const remaining: Expr[] = [];
    for (const c of conjuncts(p.predicate)) {
      if (!containsSubquery(c)) {
        remaining.push(c);
        continue;
      }
      // EXISTS, NOT EXISTS and IN at the top of a WHERE conjunct filter rows directly.
      const negated = c.kind === 'not' && c.arg.kind === 'subquery';
      const s = c.kind === 'subquery' ? c : negated ? (c as Expr & { kind: 'not' }).arg : null;
      if (
        s !== null &&
        s.kind === 'subquery' &&
        (s.subKind === 'exists' || (s.subKind === 'any' && !negated)) &&
        !s.args.some(containsSubquery)
      ) {
        const r = this.attach(input, s, true, negated);
        input = r.plan;
        if (r.replacement !== null) remaining.push(r.replacement);
        continue;
      }
      const r = this.rewriteExpr(input, c);
      input = r.plan;
      remaining.push(r.expr);
    }
    const predicate = and(remaining);
    const filtered: LogicalPlan =
      predicate === null ? input : { kind: 'filter', input, predicate, output: input.output };
    // Joins added columns (marks, scalar values): keep the filter's own output.
    if (filtered.output.length === p.output.length) return filtered;
    return project(filtered, p.output);
  }

  rewritePlan(plan: LogicalPlan): LogicalPlan {
    const children = planChildrenOf(plan).map((c) => this.rewritePlan(c));
    let p = withChildren(plan, children);
    if (p.kind === 'filter' && containsSubquery(p.predicate)) return this.rewriteFilter(p);
    if (
      p.kind === 'join' &&
      p.joinType !== 'mark' &&
      p.condition !== null &&
      containsSubquery(p.condition) &&
      p.joinType === 'inner'
    ) {
      // Subqueries in an inner join's ON: filter after a join without them.
      const inner = join('inner', p.left, p.right, null);
      return this.rewriteFilter({
        kind: 'filter',
        input: inner,
        predicate: p.condition,
        output: inner.output,
      });
    }
    if (p.kind === 'join' && (p.joinType === 'inner' || p.joinType === 'left'))
      p = this.decorrelateLateral(p);
    if (!nodeHasSubquery(p)) return p;
    if (p.kind === 'project') {
      let input = p.input;
      const exprs = p.exprs.map((e) => {
        const r = this.rewriteExpr(input, e.expr);
        input = r.plan;
        return { ...e, expr: r.expr };
      });
      return { ...p, input, exprs };
    }
    // Other nodes (aggregate arguments, sort keys, …): the joins go below the node.
    const inputs = planChildrenOf(p);
    if (inputs.length !== 1) return p;
    let input = inputs[0]!;
    const rewritten = mapNodeExprs(p, (e) => {
      const r = this.rewriteExpr(input, e);
      input = r.plan;
      return r.expr;
    });
    const node = withChildren(rewritten, [input]);
    // Nodes that pass their input's columns through must not expose the added ones.
    return node.output.length === p.output.length ? node : project(node, p.output);
  }

  /** LATERAL: a join whose right side reads the left side's columns. */
  private decorrelateLateral(p: JoinNode): LogicalPlan {
    const leftIds = new Set(p.left.output.map((c) => c.id));
    const free = freeColumns(p.right);
    if (![...free].some((id) => leftIds.has(id))) return p;
    // A table function of the left row's values runs once per left row in the executor.
    if (p.right.kind === 'table_function') return p;
    const pulled = new PullUp(this.ctx, leftIds).pull(p.right);
    if (pulled !== null && pulled.emptyGroup === null) {
      return join(p.joinType, p.left, pulled.plan, and([...conjuncts(p.condition), ...pulled.conds]));
    }
    const unnested = this.unnest(p.left, p.right);
    if (unnested === null) return p;
    if (unnested.emptyGroup === null) {
      return join(p.joinType, p.left, unnested.plan, and([...conjuncts(p.condition), ...unnested.conds]));
    }
    // A scalar aggregate yields a row for every left row: left join on D, then the values over no rows.
    const empty = unnested.emptyGroup;
    const joined = join('left', p.left, unnested.plan, and(unnested.conds));
    const match = col(empty.matchColumn.id, empty.matchColumn.type, 'matched');
    const noMatch: Expr = { kind: 'is_null', arg: match, negated: false, type: Types.bool };
    const fixed = new Map<ColumnId, Expr>();
    for (const c of p.right.output) {
      const value = empty.values.get(c.id);
      const current = col(c.id, c.type, c.name);
      fixed.set(
        c.id,
        value === undefined
          ? current
          : { kind: 'case', whens: [{ when: noMatch, then: value }], else: current, type: c.type },
      );
    }
    const condition = p.condition === null ? null : replaceColumns(p.condition, fixed);
    const exprs = [
      ...p.left.output.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) as Expr })),
      ...p.right.output.map((c) => {
        const value = fixed.get(c.id)!;
        // LEFT JOIN LATERAL … ON cond keeps the left row and nulls the right values when cond fails.
        const expr: Expr =
          condition !== null && p.joinType === 'left'
            ? {
                kind: 'case',
                whens: [{ when: condition, then: value }],
                else: lit(null, c.type),
                type: c.type,
              }
            : value;
        return { id: c.id, name: c.name, expr };
      }),
    ];
    const output = [...p.left.output, ...p.right.output];
    const projected: LogicalPlan = { kind: 'project', input: joined, exprs, output };
    if (condition === null || p.joinType === 'left') return projected;
    return { kind: 'filter', input: projected, predicate: replaceColumns(p.condition!, new Map()), output };
  }
}

function nodeHasSubquery(p: LogicalPlan): boolean {
  let found = false;
  mapNodeExprs(p, (e) => {
    if (containsSubquery(e)) found = true;
    return e;
  });
  return found;
}

function project(input: LogicalPlan, columns: readonly OutputColumn[]): LogicalPlan {
  return {
    kind: 'project',
    input,
    exprs: columns.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
    output: columns,
  };
}

function withChildren(p: LogicalPlan, children: readonly LogicalPlan[]): LogicalPlan {
  const next = withPlanChildren(p, children);
  // Nodes whose output mirrors their input (filter, sort, limit, distinct) follow the new input.
  switch (next.kind) {
    case 'filter':
    case 'sort':
    case 'limit':
    case 'distinct':
      return next.output === next.input.output ? next : { ...next, output: next.input.output };
    case 'window':
      return {
        ...next,
        output: [
          ...next.input.output,
          ...next.windows.map((w) => ({ id: w.id, name: w.name, type: w.call.type })),
        ],
      };
    default:
      return next;
  }
}

export const decorrelateSubqueries: OptimizerRule = {
  name: 'decorrelate_subqueries',
  rewrite(plan, ctx) {
    return new Decorrelator(ctx).rewritePlan(plan);
  },
};
