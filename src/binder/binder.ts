// The binder: SELECT, VALUES and set operations into logical plans. FROM items are in bind-from.ts,
// expressions in bind-expr.ts, grouping in bind-grouping.ts.

import { rewriteLateralMlCalls } from './lateral-ml-calls.js';
import type { SelectStmt, WindowDef, WithClause } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import {
  type AggregateCall,
  col,
  type ColumnId,
  type Expr,
  exprKey,
  lit,
  type SortKey,
  type WindowCall,
} from '../logical/expr.js';
import type { LogicalPlan, OutputColumn } from '../logical/plan.js';
import { bodyOf, locationOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { Types } from '../types/data-type.js';
import { coerce, resolveUnknown } from './coerce.js';
import { type BindContext, type CteDefinition, CteScope } from './context.js';
import { bindExpr, requireBool, unify } from './bind-expr.js';
import { bindFrom } from './bind-from.js';
import { bindDefinition, inlineSingleReferences } from './bind-cte.js';
import { applySetReturning, bindSetReturningFunction, SetReturningCollector } from './bind-set-returning.js';
import { groupingArgs, sortDirection } from './bind-function.js';
import { applyGrouping, bindGroupBy, type GroupBinding } from './bind-grouping.js';
import { figureColname } from './column-names.js';
import { Scope, type ScopeColumn } from './scope.js';

const MATERIALIZED: Record<string, CteDefinition['materialized']> = {
  CTEMaterializeAlways: 'always',
  CTEMaterializeNever: 'never',
};

/** What an expression may contain where it is bound. */
export interface ExprState {
  readonly scope: Scope;
  readonly ctes: CteScope | null;
  /** The clause, for messages: "aggregate functions are not allowed in WHERE". */
  readonly clause: string;
  readonly aggregates: AggregateCollector | null;
  readonly windows: WindowCollector | null;
  readonly windowClause?: string;
  readonly insideAggregate?: boolean;
  readonly namedWindows?: ReadonlyMap<string, WindowDef>;
  /** Collects set-returning calls where they are allowed (the select list). */
  readonly setReturning?: SetReturningCollector | null;
}

/** A bound query: its plan and the columns a caller sees, in order. */
export interface BoundQuery {
  readonly plan: LogicalPlan;
  readonly columns: readonly OutputColumn[];
}

export class AggregateCollector {
  readonly items: { id: ColumnId; name: string; call: AggregateCall; key: string }[] = [];
  readonly groupings: { id: ColumnId; args: readonly Expr[] }[] = [];

  constructor(private readonly ctx: BindContext) {}

  add(call: AggregateCall, name: string): Expr {
    const key =
      exprKey({ kind: 'call', fn: call.fn, args: call.args, type: call.type } as never) +
      JSON.stringify([
        call.distinct,
        call.filter && exprKey(call.filter),
        call.orderBy.map((k) => [exprKey(k.expr), k.desc, k.nullsFirst]),
      ]);
    const existing = this.items.find((i) => i.key === key);
    if (existing !== undefined) return col(existing.id, call.type, name);
    const id = this.ctx.newId();
    this.items.push({ id, name, call, key });
    return col(id, call.type, name);
  }

  addGrouping(args: readonly Expr[]): Expr {
    const id = this.ctx.newId();
    this.groupings.push({ id, args });
    return col(id, Types.int4, 'grouping');
  }
}

export class WindowCollector {
  readonly items: { id: ColumnId; name: string; call: WindowCall }[] = [];
  constructor(private readonly ctx: BindContext) {}

  add(call: WindowCall, name: string): Expr {
    const id = this.ctx.newId();
    this.items.push({ id, name, call });
    return col(id, call.type, name);
  }
}

interface SelectItem {
  readonly name: string;
  expr: Expr;
}

export class Binder {
  constructor(readonly ctx: BindContext) {}

  /** Binds a query at the top level or as a derived table (no outer scope unless lateral). */
  bindQuery(node: PgNode, parent: Scope | null, ctes: CteScope | null): BoundQuery {
    const tag = tagOf(node);
    const stmt = tag === 'SelectStmt' ? bodyOf<SelectStmt>(node) : (node as unknown as SelectStmt);
    return this.bindSelectStmt(stmt, parent, ctes);
  }

  /**
   * The expression states of the queries enclosing the subquery being bound, outermost first: an
   * aggregate whose arguments read only their columns belongs to one of them.
   */
  readonly outerLevels: ExprState[] = [];

  bindSubquery(node: PgNode, st: ExprState): BoundQuery {
    this.outerLevels.push(st);
    try {
      return this.bindQuery(node, st.scope, st.ctes);
    } finally {
      this.outerLevels.pop();
    }
  }

  /**
   * `keepUnknown`: leave untyped literals (NULL, 'text') untyped in the output, as a branch of a set
   * operation does, so the set operation can decide their type from the other branches.
   */
  bindSelectStmt(
    stmt: SelectStmt,
    parent: Scope | null,
    outerCtes: CteScope | null,
    keepUnknown = false,
  ): BoundQuery {
    if (stmt.withClause === undefined) return this.bindSelectBody(stmt, parent, outerCtes, keepUnknown);
    const ctes = this.bindWith(stmt.withClause, outerCtes);
    const q = this.bindSelectBody(stmt, parent, ctes, keepUnknown);
    return { ...q, plan: this.finishWith(q.plan, ctes) };
  }

  /** The WITH clause's entries, visible to the statement it heads (UPDATE and DELETE too). */
  withScope(w: WithClause | undefined, outer: CteScope | null): CteScope | null {
    return w === undefined ? outer : this.bindWith(w, outer);
  }

  /**
   * The plan of a statement headed by `ctes`' WITH clause once all of it is bound: entries read once
   * inlined. As PostgreSQL, an entry nothing reads is still checked (its errors are reported).
   */
  finishWith(plan: LogicalPlan, ctes: CteScope | null): LogicalPlan {
    if (ctes === null) return plan;
    for (const cte of ctes.definitions.values()) if (!cte.referenced) bindDefinition(this, cte);
    return inlineSingleReferences(plan, ctes.definitions.values());
  }

  private bindSelectBody(
    stmt: SelectStmt,
    parent: Scope | null,
    ctes: CteScope | null,
    keepUnknown: boolean,
  ): BoundQuery {
    if (stmt.op !== undefined && stmt.op !== 'SETOP_NONE') return this.bindSetOperation(stmt, parent, ctes);
    if (stmt.valuesLists !== undefined)
      return this.finishQuery(this.bindValues(stmt, parent, ctes), stmt, parent, ctes);
    return this.bindSelectCore(stmt, parent, ctes, keepUnknown);
  }

  private bindWith(w: WithClause, outer: CteScope | null): CteScope {
    const defs = new Map<string, CteDefinition>();
    const scope = new CteScope(defs, outer);
    const recursive = w.recursive ?? false;
    for (const node of w.ctes ?? []) {
      const c = bodyOf<{
        ctename: string;
        aliascolnames?: PgNode[];
        ctematerialized?: string;
        ctequery: PgNode;
        location?: number;
      }>(node);
      if (defs.has(c.ctename)) {
        throw this.ctx.error(
          SqlState.duplicateAlias,
          `WITH query name "${c.ctename}" specified more than once`,
          c.location,
        );
      }
      defs.set(c.ctename, {
        name: c.ctename,
        location: c.location,
        query: c.ctequery,
        columnNames: c.aliascolnames ? stringList(c.aliascolnames) : null,
        recursive,
        materialized: MATERIALIZED[c.ctematerialized ?? ''] ?? 'default',
        // Without RECURSIVE a query sees only the entries before it (a snapshot of them).
        scope: recursive ? scope : new CteScope(new Map(defs), outer),
      });
    }
    return scope;
  }

  private exprState(scope: Scope, ctes: CteScope | null, clause: string): ExprState {
    return { scope, ctes, clause, aggregates: null, windows: null };
  }

  private bindValues(stmt: SelectStmt, parent: Scope | null, ctes: CteScope | null): BoundQuery {
    const st = this.exprState(parent ?? Scope.empty(null), ctes, 'VALUES');
    const rows = (stmt.valuesLists ?? []).map((r) =>
      (bodyOf<{ items?: PgNode[] }>(r).items ?? []).map((n) => bindExpr(this, n, st)),
    );
    const width = rows[0]?.length ?? 0;
    for (const r of rows) {
      if (r.length !== width) {
        throw this.ctx.error(
          SqlState.syntaxError,
          'VALUES lists must all be the same length',
          locationOf(stmt.valuesLists![0]),
        );
      }
    }
    const columns: Expr[][] = rows.map((r) => [...r]);
    for (let c = 0; c < width; c++) {
      const unified = unify(
        this,
        rows.map((r) => r[c]!),
        'VALUES',
      );
      unified.forEach((e, i) => (columns[i]![c] = resolveUnknown(this.ctx, e)));
    }
    const output: OutputColumn[] = Array.from({ length: width }, (_, c) => ({
      id: this.ctx.newId(),
      name: `column${c + 1}`,
      type: columns[0]![c]!.type,
    }));
    const plan: LogicalPlan = { kind: 'values', rows: columns, output };
    return { plan, columns: output };
  }

  private bindSetOperation(stmt: SelectStmt, parent: Scope | null, ctes: CteScope | null): BoundQuery {
    const left = this.bindSelectStmt(stmt.larg!, parent, ctes, true);
    const right = this.bindSelectStmt(stmt.rarg!, parent, ctes, true);
    const opName =
      stmt.op === 'SETOP_UNION' ? 'UNION' : stmt.op === 'SETOP_INTERSECT' ? 'INTERSECT' : 'EXCEPT';
    if (left.columns.length !== right.columns.length) {
      throw this.ctx.error(
        SqlState.syntaxError,
        `each ${opName} query must have the same number of columns`,
        locationOf(stmt.rarg?.targetList?.[0]),
      );
    }
    const types = left.columns.map((c, i) => {
      const unified = unify(
        this,
        [col(c.id, c.type), col(right.columns[i]!.id, right.columns[i]!.type)],
        opName,
      );
      return unified[0]!.type.id === 'unknown' ? Types.text : unified[0]!.type;
    });
    const l = this.castColumns(left, types);
    const r = this.castColumns(right, types);
    const output = left.columns.map((c, i) => ({ id: this.ctx.newId(), name: c.name, type: types[i]! }));
    const plan: LogicalPlan = {
      kind: 'set_op',
      op: stmt.op === 'SETOP_UNION' ? 'union' : stmt.op === 'SETOP_INTERSECT' ? 'intersect' : 'except',
      all: stmt.all ?? false,
      left: l,
      right: r,
      output,
    };
    return this.finishQuery({ plan, columns: output }, stmt, parent, ctes);
  }

  /** Projects a query's columns to the given types (for set operations and recursive CTEs). */
  castColumns(q: BoundQuery, types: readonly Expr['type'][]): LogicalPlan {
    const same = q.columns.every((c, i) => JSON.stringify(c.type) === JSON.stringify(types[i]));
    if (same && q.plan.output.length === q.columns.length) return q.plan;
    const exprs = q.columns.map((c, i) => ({
      id: this.ctx.newId(),
      name: c.name,
      expr: coerce(this.ctx, col(c.id, c.type, c.name), types[i]!, 'implicit'),
    }));
    return {
      kind: 'project',
      input: q.plan,
      exprs,
      output: exprs.map((e, i) => ({ id: e.id, name: e.name, type: types[i]! })),
    };
  }

  /** ORDER BY, LIMIT and OFFSET on VALUES or a set operation: only output columns are visible. */
  private finishQuery(
    q: BoundQuery,
    stmt: SelectStmt,
    parent: Scope | null,
    ctes: CteScope | null,
  ): BoundQuery {
    let plan = q.plan;
    if (stmt.sortClause !== undefined) {
      const scope = new Scope(
        [
          {
            alias: null,
            schema: null,
            columns: q.columns.map((c) => ({ name: c.name, id: c.id, type: c.type })),
          },
        ],
        parent,
      );
      const keys = (stmt.sortClause ?? []).map((n) => {
        const s = bodyOf<{ node: PgNode }>(n);
        const ordinal = ordinalOf(s.node);
        if (ordinal !== null) {
          const c = q.columns[ordinal - 1];
          if (c === undefined)
            throw this.ctx.error(
              SqlState.invalidColumnReference,
              `ORDER BY position ${ordinal} is not in select list`,
              locationOf(s.node),
            );
          return col(c.id, c.type, c.name);
        }
        if (tagOf(s.node) !== 'ColumnRef') {
          throw this.ctx.error(
            SqlState.featureNotSupported,
            'invalid UNION/INTERSECT/EXCEPT ORDER BY clause',
            locationOf(s.node),
            {
              detail: 'Only result column names can be used, not expressions or functions.',
            },
          );
        }
        return bindExpr(this, s.node, this.exprState(scope, ctes, 'ORDER BY'));
      });
      const sortKeys = (stmt.sortClause ?? []).map((n, i) => ({ expr: keys[i]!, ...sortDirection(n) }));
      plan = { kind: 'sort', input: plan, keys: sortKeys, output: plan.output };
    }
    plan = this.bindLimit(stmt, plan, parent, ctes, null);
    return { plan, columns: q.columns };
  }

  private bindLimit(
    stmt: SelectStmt,
    plan: LogicalPlan,
    parent: Scope | null,
    ctes: CteScope | null,
    sortKeys: readonly SortKey[] | null,
  ): LogicalPlan {
    if (stmt.limitCount === undefined && stmt.limitOffset === undefined) return plan;
    const st = this.exprState(parent ?? Scope.empty(null), ctes, 'LIMIT');
    const bound = (node: PgNode | undefined, what: string): Expr | null => {
      if (node === undefined) return null;
      const e = bindExpr(this, node, { ...st, clause: what });
      if (e.kind === 'literal' && e.value === null) return null;
      return coerce(this.ctx, e, Types.int8, 'assignment', locationOf(node));
    };
    const limit = bound(stmt.limitCount, 'LIMIT');
    const offset = bound(stmt.limitOffset, 'OFFSET');
    const withTies = stmt.limitOption === 'LIMIT_OPTION_WITH_TIES';
    if (withTies && (sortKeys === null || sortKeys.length === 0)) {
      throw this.ctx.error(
        SqlState.syntaxError,
        'WITH TIES cannot be specified without ORDER BY clause',
        locationOf(stmt.limitCount),
      );
    }
    return {
      kind: 'limit',
      input: plan,
      limit,
      offset,
      withTies: withTies ? sortKeys : null,
      output: plan.output,
    };
  }

  bindGrouping(node: PgNode, st: ExprState): Expr {
    const args = groupingArgs(this, node, st);
    return st.aggregates!.addGrouping(args);
  }

  bindSetReturningCall(node: PgNode, st: ExprState): Expr {
    return bindSetReturningFunction(this, node, st);
  }

  private bindSelectCore(
    stmt: SelectStmt,
    parent: Scope | null,
    ctes: CteScope | null,
    keepUnknown: boolean,
  ): BoundQuery {
    const from = bindFrom(this, rewriteLateralMlCalls(stmt.fromClause ?? []), parent, ctes);
    let plan = from.plan;
    const scope = from.scope;
    const fromIds = new Set(
      scope.star.map((c) => c.id).concat(scope.items.flatMap((i) => i.columns.map((c) => c.id))),
    );
    if (stmt.whereClause !== undefined) {
      const where = bindExpr(this, stmt.whereClause, this.exprState(scope, ctes, 'WHERE'));
      plan = {
        kind: 'filter',
        input: plan,
        predicate: requireBool(this, where, 'WHERE', locationOf(stmt.whereClause)),
        output: plan.output,
      };
    }
    const aggregates = new AggregateCollector(this.ctx);
    const windows = new WindowCollector(this.ctx);
    const namedWindows = new Map<string, WindowDef>();
    for (const w of stmt.windowClause ?? []) {
      const def = bodyOf<WindowDef>(w);
      namedWindows.set(def.name!, def);
    }
    const st: ExprState = { scope, ctes, clause: 'SELECT', aggregates, windows, namedWindows };
    const setReturning = new SetReturningCollector();

    // Select list, with * expanded.
    const items: SelectItem[] = [];
    for (const t of stmt.targetList ?? []) {
      const target = bodyOf<{ name?: string; val: PgNode; location?: number }>(t);
      const star = starColumns(this, target.val, scope);
      if (star !== null) {
        for (const c of star) items.push({ name: c.name, expr: col(c.id, c.type, c.name) });
        continue;
      }
      const expr = bindExpr(this, target.val, { ...st, setReturning });
      items.push({ name: target.name ?? figureColname(target.val, expr), expr });
    }

    // GROUP BY (names may also refer to select-list aliases and ordinals).
    const grouping: GroupBinding | null = stmt.groupClause
      ? bindGroupBy(
          this,
          stmt.groupClause,
          { ...st, clause: 'GROUP BY', aggregates: null, windows: null },
          items,
          scope,
        )
      : null;
    const having =
      stmt.havingClause === undefined
        ? null
        : requireBool(
            this,
            bindExpr(this, stmt.havingClause, {
              ...st,
              clause: 'HAVING',
              windows: null,
              windowClause: 'HAVING',
            }),
            'HAVING',
            locationOf(stmt.havingClause),
          );

    // ORDER BY: output names and ordinals first, then expressions over the FROM scope.
    const distinct = stmt.distinctClause !== undefined;
    const plainDistinct = distinct && stmt.distinctClause!.every((n) => Object.keys(n).length === 0);
    const hidden: SelectItem[] = [];
    const sortItems = (stmt.sortClause ?? []).map((n) => {
      const s = bodyOf<{ node: PgNode }>(n);
      const ordinal = ordinalOf(s.node);
      if (ordinal !== null) {
        if (ordinal < 1 || ordinal > items.length) {
          throw this.ctx.error(
            SqlState.invalidColumnReference,
            `ORDER BY position ${ordinal} is not in select list`,
            locationOf(s.node),
          );
        }
        return { item: items[ordinal - 1]!, index: ordinal - 1 };
      }
      const alias = bareName(s.node);
      if (alias !== null) {
        const matches = items.map((it, i) => ({ it, i })).filter(({ it }) => it.name === alias);
        if (
          matches.length > 1 &&
          !matches.every((m) => exprKey(m.it.expr) === exprKey(matches[0]!.it.expr))
        ) {
          throw this.ctx.error(
            SqlState.ambiguousColumn,
            `ORDER BY "${alias}" is ambiguous`,
            locationOf(s.node),
          );
        }
        if (matches.length > 0) return { item: matches[0]!.it, index: matches[0]!.i };
      }
      const expr = resolveUnknown(this.ctx, bindExpr(this, s.node, { ...st, clause: 'ORDER BY' }));
      const key = exprKey(expr);
      const same = items.findIndex((it) => exprKey(it.expr) === key);
      if (same >= 0) return { item: items[same]!, index: same };
      if (plainDistinct) {
        throw this.ctx.error(
          SqlState.invalidColumnReference,
          'for SELECT DISTINCT, ORDER BY expressions must appear in select list',
          locationOf(s.node),
        );
      }
      const item = { name: '?column?', expr };
      hidden.push(item);
      return { item, index: items.length + hidden.length - 1 };
    });

    // DISTINCT ON expressions.
    const distinctOn =
      distinct && !plainDistinct
        ? stmt.distinctClause!.map((n) => {
            const ordinal = ordinalOf(n);
            if (ordinal !== null) return items[ordinal - 1]?.expr ?? lit(null, Types.unknown);
            const alias = bareName(n);
            const match = alias === null ? undefined : items.find((it) => it.name === alias);
            return (
              match?.expr ?? resolveUnknown(this.ctx, bindExpr(this, n, { ...st, clause: 'DISTINCT ON' }))
            );
          })
        : null;

    // Aggregation.
    const needsAggregate =
      aggregates.items.length > 0 || aggregates.groupings.length > 0 || grouping !== null || having !== null;
    let postAgg = (e: Expr) => e;
    if (needsAggregate) {
      const applied = applyGrouping(this, plan, grouping, aggregates, fromIds);
      plan = applied.plan;
      postAgg = applied.rewrite;
      for (const it of [...items, ...hidden]) it.expr = postAgg(it.expr);
      if (having !== null)
        plan = { kind: 'filter', input: plan, predicate: postAgg(having), output: plan.output };
    }
    if (windows.items.length > 0) {
      const ws = windows.items.map((w) => ({
        id: w.id,
        name: w.name,
        call: {
          ...w.call,
          args: w.call.args.map(postAgg),
          partitionBy: w.call.partitionBy.map(postAgg),
          orderBy: w.call.orderBy.map((k) => ({ ...k, expr: postAgg(k.expr) })),
          filter: w.call.filter === null ? null : postAgg(w.call.filter),
        },
      }));
      plan = {
        kind: 'window',
        input: plan,
        windows: ws,
        output: [...plan.output, ...ws.map((w) => ({ id: w.id, name: w.name, type: w.call.type }))],
      };
    }
    if (setReturning.items.length > 0) plan = applySetReturning(plan, setReturning, postAgg);
    const distinctOnExprs = distinctOn?.map(postAgg) ?? null;

    // Projection of visible and hidden columns.
    const all = [...items, ...hidden];
    const projected = all.map((it) => ({
      id: this.ctx.newId(),
      name: it.name,
      expr: keepUnknown && it.expr.kind === 'literal' ? it.expr : resolveUnknown(this.ctx, it.expr),
    }));
    const projectedOutput = projected.map((p) => ({ id: p.id, name: p.name, type: p.expr.type }));
    // DISTINCT ON keys that are not output columns ride along as hidden columns.
    const distinctKeys = (distinctOnExprs ?? []).map((e) => {
      const key = exprKey(e);
      const found = projected.findIndex((p) => exprKey(p.expr) === key);
      if (found >= 0) return col(projected[found]!.id, projected[found]!.expr.type);
      const id = this.ctx.newId();
      const hiddenExpr = resolveUnknown(this.ctx, e);
      projected.push({ id, name: '?column?', expr: hiddenExpr });
      projectedOutput.push({ id, name: '?column?', type: hiddenExpr.type });
      return col(id, hiddenExpr.type);
    });
    plan = { kind: 'project', input: plan, exprs: projected, output: projectedOutput };
    const sortKeys: SortKey[] = (stmt.sortClause ?? []).map((n, i) => {
      const p = projected[sortItems[i]!.index]!;
      return { expr: col(p.id, p.expr.type, p.name), ...sortDirection(n) };
    });

    if (distinctKeys.length > 0) {
      // DISTINCT ON keeps the first row per key in ORDER BY order: sort by the keys, then the ORDER BY.
      const leading = sortKeys.slice(0, distinctKeys.length);
      const keysMatch = leading.every((k) => distinctKeys.some((d) => exprKey(d) === exprKey(k.expr)));
      if (!keysMatch && sortKeys.length > 0) {
        throw this.ctx.error(
          SqlState.invalidColumnReference,
          'SELECT DISTINCT ON expressions must match initial ORDER BY expressions',
          locationOf(stmt.distinctClause![0]),
        );
      }
      const keys: SortKey[] =
        sortKeys.length > 0
          ? sortKeys
          : distinctKeys.map((e) => ({ expr: e, desc: false, nullsFirst: false }));
      plan = { kind: 'sort', input: plan, keys, output: plan.output };
      plan = { kind: 'distinct', input: plan, on: distinctKeys, output: plan.output };
    } else {
      if (distinct) {
        const visible = plan.output.slice(0, items.length);
        const extra = plan.output.slice(items.length);
        if (extra.length > 0) {
          plan = {
            kind: 'project',
            input: plan,
            exprs: visible.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
            output: visible,
          };
        }
        plan = { kind: 'distinct', input: plan, on: null, output: plan.output };
      }
      if (sortKeys.length > 0) plan = { kind: 'sort', input: plan, keys: sortKeys, output: plan.output };
    }
    plan = this.bindLimit(stmt, plan, parent, ctes, sortKeys);
    const columns = projectedOutput.slice(0, items.length);
    if (plan.output.length !== columns.length) {
      plan = {
        kind: 'project',
        input: plan,
        exprs: columns.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
        output: columns,
      };
    }
    return { plan, columns };
  }
}

/** The columns of `*` or `t.*` in a select list; null when the target is no star. */
function starColumns(b: Binder, node: PgNode, scope: Scope): readonly ScopeColumn[] | null {
  if (tagOf(node) !== 'ColumnRef') return null;
  const fields = stringList(bodyOf<{ fields: PgNode[] }>(node).fields);
  if (fields[fields.length - 1] !== '*') return null;
  if (fields.length === 1) {
    if (scope.star.length === 0 && scope.items.length === 0) {
      throw b.ctx.error(
        SqlState.syntaxError,
        'SELECT * with no tables specified is not valid',
        locationOf(node),
      );
    }
    return scope.star;
  }
  return scope.starOf(fields.slice(0, -1), b.ctx.pos(locationOf(node)));
}

export function ordinalOf(node: PgNode): number | null {
  if (tagOf(node) !== 'A_Const') return null;
  const c = bodyOf<{ ival?: { ival?: number } }>(node);
  return c.ival === undefined ? null : (c.ival.ival ?? 0);
}

export function bareName(node: PgNode): string | null {
  if (tagOf(node) !== 'ColumnRef') return null;
  const fields = stringList(bodyOf<{ fields: PgNode[] }>(node).fields);
  return fields.length === 1 && fields[0] !== '*' ? fields[0]! : null;
}
