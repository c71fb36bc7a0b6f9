// Binding expressions: names to column ids, literals and operators to typed, resolved calls.

import type {
  A_Const,
  A_Expr,
  BoolExpr,
  BooleanTest,
  CaseExpr as PgCaseExpr,
  ColumnRef,
  MinMaxExpr,
  NullTest,
  ParamRef,
  SQLValueFunction,
  TypeCast,
} from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import type { ScalarFunction } from '../functions/function.js';
import { type Expr, lit } from '../logical/expr.js';
import { bodyOf, locationOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { type DataType, listType, Types, typeShortName } from '../types/data-type.js';
import { commonType } from '../types/coercion.js';
import { parseDecimal } from '../types/decimal.js';
import type { Binder, ExprState } from './binder.js';
import { coerce, resolveUnknown, unknownLiteral } from './coerce.js';
import { bindFuncCall } from './bind-function.js';
import { bindSubLink } from './bind-subquery.js';
import { resolveTypeName } from './types.js';

export function bindExpr(b: Binder, node: PgNode, st: ExprState): Expr {
  const tag = tagOf(node);
  switch (tag) {
    case 'ColumnRef':
      return bindColumnRef(b, bodyOf<ColumnRef>(node), st);
    case 'A_Const':
      return bindConst(b, bodyOf<A_Const>(node));
    case 'ParamRef': {
      const p = bodyOf<ParamRef>(node);
      const slot = b.ctx.param(p.number ?? 0, p.location);
      return { kind: 'param', index: p.number ?? 0, type: slot.type };
    }
    case 'A_Expr':
      return bindAExpr(b, bodyOf<A_Expr>(node), st);
    case 'BoolExpr':
      return bindBoolExpr(b, bodyOf<BoolExpr>(node), st);
    case 'NullTest': {
      const t = bodyOf<NullTest>(node);
      const negated = t.nulltesttype === 'IS_NOT_NULL';
      if (tagOf(t.arg!) === 'RowExpr') {
        // ROW(a, b) IS [NOT] NULL holds when every field is [not] null, as PostgreSQL expands it.
        const fields = bodyOf<{ args?: PgNode[] }>(t.arg!).args ?? [];
        const tests = fields.map((f): Expr => ({
          kind: 'is_null',
          arg: bindExpr(b, f, st),
          negated,
          type: Types.bool,
        }));
        if (tests.length <= 1) return tests[0] ?? lit(true, Types.bool);
        return { kind: 'and', args: tests, type: Types.bool };
      }
      const arg = bindExpr(b, t.arg!, st);
      return { kind: 'is_null', arg, negated, type: Types.bool };
    }
    case 'BooleanTest':
      return bindBooleanTest(b, bodyOf<BooleanTest>(node), st);
    case 'TypeCast':
      return bindTypeCast(b, bodyOf<TypeCast>(node), st);
    case 'FuncCall':
      return bindFuncCall(b, node, st);
    case 'CaseExpr':
      return bindCase(b, bodyOf<PgCaseExpr>(node), st);
    case 'CoalesceExpr': {
      const c = bodyOf<{ args: PgNode[]; location?: number }>(node);
      const args = unify(
        b,
        c.args.map((a) => bindExpr(b, a, st)),
        'COALESCE',
        c.location,
      );
      return { kind: 'coalesce', args, type: args[0]!.type };
    }
    case 'MinMaxExpr': {
      const m = bodyOf<MinMaxExpr>(node);
      const args = unify(
        b,
        (m.args ?? []).map((a) => bindExpr(b, a, st)),
        m.op === 'IS_GREATEST' ? 'GREATEST' : 'LEAST',
        m.location,
      );
      return call(b, m.op === 'IS_GREATEST' ? 'greatest' : 'least', args, m.location);
    }
    case 'SubLink':
      return bindSubLink(b, node, st);
    case 'SQLValueFunction':
      return bindSqlValueFunction(b, bodyOf<SQLValueFunction>(node));
    case 'A_ArrayExpr': {
      const a = bodyOf<{ elements?: PgNode[]; location?: number }>(node);
      const elements = (a.elements ?? []).map((e) => bindExpr(b, e, st));
      if (elements.length === 0) return lit([], listType(Types.text));
      const unified = unify(b, elements, 'ARRAY', a.location);
      const elementType = unified[0]!.type.id === 'unknown' ? Types.text : unified[0]!.type;
      return call(
        b,
        'array_construct',
        unified.map((e) => coerce(b.ctx, e, elementType, 'implicit')),
        a.location,
        listType(elementType),
      );
    }
    case 'A_Indirection':
      return bindIndirection(b, node, st);
    case 'CollateClause':
      return bindExpr(b, bodyOf<{ arg: PgNode }>(node).arg, st);
    case 'GroupingFunc':
      return b.bindGrouping(node, st);
    case 'RowExpr': {
      const r = bodyOf<{ args?: PgNode[]; location?: number }>(node);
      const args = (r.args ?? []).map((a) => resolveUnknown(b.ctx, bindExpr(b, a, st)));
      return call(b, 'row', args, r.location);
    }
    case 'NamedArgExpr':
      return bindExpr(b, bodyOf<{ arg: PgNode }>(node).arg, st);
    case 'SetToDefault':
      throw b.ctx.error(
        SqlState.featureNotSupported,
        'DEFAULT is not allowed in this context',
        locationOf(node),
      );
    default:
      throw b.ctx.error(SqlState.featureNotSupported, `expression ${tag} is not supported`, locationOf(node));
  }
}

function bindColumnRef(b: Binder, ref: ColumnRef, st: ExprState): Expr {
  const names = stringList(ref.fields);
  if (names[names.length - 1] === '*') {
    throw b.ctx.error(SqlState.syntaxError, 'a * is not allowed here', ref.location);
  }
  const name = names[names.length - 1]!;
  const qualifier = names.slice(0, -1);
  if (qualifier.length > 3) {
    throw b.ctx.error(
      SqlState.syntaxError,
      `improper qualified name (too many dotted names): ${names.join('.')}`,
      ref.location,
    );
  }
  const column = st.scope.resolve(qualifier, name, b.ctx.pos(ref.location));
  const display = column.qualifier === null ? column.name : `${column.qualifier}.${column.name}`;
  return { kind: 'column', id: column.id, type: column.type, name: display };
}

export function bindConst(b: Binder, c: A_Const): Expr {
  if (c.isnull) return lit(null, Types.unknown);
  if (c.ival !== undefined) return lit(c.ival.ival ?? 0, Types.int4);
  if (c.fval !== undefined) {
    const text = c.fval.fval ?? '0';
    if (/^[+-]?\d+$/.test(text)) {
      const n = Number(text);
      if (Number.isSafeInteger(n))
        return lit(n, n >= -2147483648 && n <= 2147483647 ? Types.int4 : Types.int8);
    }
    const d = parseDecimal(text);
    if (d === null)
      throw b.ctx.error(SqlState.invalidTextRepresentation, `invalid numeric literal ${text}`, c.location);
    return lit(d, Types.numeric);
  }
  if (c.boolval !== undefined) return lit(c.boolval.boolval ?? false, Types.bool);
  if (c.sval !== undefined) return unknownLiteral(c.sval.sval ?? '', c.location);
  if (c.bsval !== undefined) {
    const text = c.bsval.bsval ?? '';
    return lit(text, Types.text);
  }
  return lit(0, Types.int4);
}

/** Resolves and builds a call to a scalar function or operator, casting arguments to its signature. */
export function call(
  b: Binder,
  name: string,
  args: readonly Expr[],
  location?: number,
  returnType?: DataType,
  isOperator = false,
): Expr {
  const fn = b.ctx.functions.scalar(
    name,
    args.map((a) => a.type),
    b.ctx.pos(location),
    isOperator,
  );
  return applyFunction(b, fn, args, location, returnType);
}

export function applyFunction(
  b: Binder,
  fn: ScalarFunction,
  args: readonly Expr[],
  location?: number,
  returnType?: DataType,
): Expr {
  const cast = args.map((a, i) => coerce(b.ctx, a, fn.argTypes[i]!, 'implicit', location));
  return { kind: 'call', fn, args: cast, type: returnType ?? fn.returnType };
}

export function operator(b: Binder, op: string, args: readonly Expr[], location?: number): Expr {
  return call(b, op, args, location, undefined, true);
}

/** Casts expressions to their common type (for CASE, COALESCE, IN, VALUES, UNION …). */
export function unify(b: Binder, exprs: readonly Expr[], what: string, location?: number): Expr[] {
  const type = commonType(
    exprs.map((e) => e.type),
    what,
    b.ctx.pos(location),
  );
  return exprs.map((e) =>
    type.id === 'text' && e.type.id === 'unknown'
      ? coerce(b.ctx, e, Types.text, 'implicit')
      : coerce(b.ctx, e, type, 'implicit', location),
  );
}

function bindBoolArg(b: Binder, node: PgNode, st: ExprState, what: string): Expr {
  const e = bindExpr(b, node, st);
  return requireBool(b, e, what, locationOf(node));
}

export function requireBool(b: Binder, e: Expr, what: string, location?: number): Expr {
  if (e.type.id === 'bool') return e;
  if (e.type.id === 'unknown') return coerce(b.ctx, e, Types.bool, 'implicit', location);
  throw b.ctx.error(
    SqlState.datatypeMismatch,
    `argument of ${what} must be type boolean, not type ${typeShortName(e.type)}`,
    location,
  );
}

function bindBoolExpr(b: Binder, e: BoolExpr, st: ExprState): Expr {
  const args = (e.args ?? []).map((a) =>
    bindBoolArg(b, a, st, e.boolop === 'AND_EXPR' ? 'AND' : e.boolop === 'OR_EXPR' ? 'OR' : 'NOT'),
  );
  switch (e.boolop) {
    case 'AND_EXPR':
      return { kind: 'and', args: args.flatMap((a) => (a.kind === 'and' ? a.args : [a])), type: Types.bool };
    case 'OR_EXPR':
      return { kind: 'or', args: args.flatMap((a) => (a.kind === 'or' ? a.args : [a])), type: Types.bool };
    default:
      return { kind: 'not', arg: args[0]!, type: Types.bool };
  }
}

function bindBooleanTest(b: Binder, t: BooleanTest, st: ExprState): Expr {
  const arg = bindBoolArg(b, t.arg!, st, 'IS TRUE');
  const isNull: Expr = { kind: 'is_null', arg, negated: false, type: Types.bool };
  const distinct = (value: boolean, negated: boolean): Expr =>
    call(b, negated ? 'is not distinct from' : 'is distinct from', [arg, lit(value, Types.bool)], t.location);
  switch (t.booltesttype) {
    case 'IS_TRUE':
      return distinct(true, true);
    case 'IS_NOT_TRUE':
      return distinct(true, false);
    case 'IS_FALSE':
      return distinct(false, true);
    case 'IS_NOT_FALSE':
      return distinct(false, false);
    case 'IS_UNKNOWN':
      return isNull;
    default:
      return { ...isNull, negated: true };
  }
}

function bindTypeCast(b: Binder, c: TypeCast, st: ExprState): Expr {
  const type = resolveTypeName(b.ctx, c.typeName!);
  const arg = bindExpr(b, c.arg!, st);
  return coerce(b.ctx, arg, type, 'explicit', locationOf(c.arg) ?? c.location);
}

function bindCase(b: Binder, c: PgCaseExpr, st: ExprState): Expr {
  const operand = c.arg === undefined ? null : bindExpr(b, c.arg, st);
  const whens = (c.args ?? []).map((w) => {
    const when = bodyOf<{ expr: PgNode; result: PgNode; location?: number }>(w);
    const cond =
      operand === null
        ? bindBoolArg(b, when.expr, st, 'CASE/WHEN')
        : comparison(b, '=', operand, bindExpr(b, when.expr, st), when.location);
    return { when: cond, then: bindExpr(b, when.result, st) };
  });
  const elseExpr = c.defresult === undefined ? lit(null, Types.unknown) : bindExpr(b, c.defresult, st);
  // PostgreSQL resolves the ELSE result first: it leads the common type and its error messages.
  const [elseResult, ...thens] = unify(b, [elseExpr, ...whens.map((w) => w.then)], 'CASE', c.location);
  return {
    kind: 'case',
    whens: whens.map((w, i) => ({ when: w.when, then: thens[i]! })),
    else: elseResult!,
    type: elseResult!.type,
  };
}

/** `a op b` for a comparison operator, with PostgreSQL's resolution of unknown literals. */
export function comparison(b: Binder, op: string, left: Expr, right: Expr, location?: number): Expr {
  return operator(b, op, [left, right], location);
}

const COMPARISON_OPS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

function opName(e: A_Expr): string {
  const names = stringList(e.name);
  return names[names.length - 1] ?? '';
}

function bindAExpr(b: Binder, e: A_Expr, st: ExprState): Expr {
  const op = opName(e);
  const loc = e.location;
  switch (e.kind) {
    case 'AEXPR_OP': {
      if (e.lexpr === undefined) {
        const arg = bindExpr(b, e.rexpr!, st);
        if (op === '-' && arg.kind === 'literal' && arg.value !== null) return negateLiteral(b, arg, loc);
        if (op === '+') return operator(b, '+/unary', [arg], loc);
        return operator(
          b,
          op === '|/' ? 'sqrt' : op === '||/' ? 'cbrt' : op === '@' ? 'abs' : op,
          [arg],
          loc,
        );
      }
      const left = e.lexpr;
      const right = e.rexpr!;
      if (tagOf(left) === 'RowExpr' && tagOf(right) === 'RowExpr' && COMPARISON_OPS.has(op)) {
        return rowComparison(b, op, left, right, st, loc);
      }
      return operator(b, op, [bindExpr(b, left, st), bindExpr(b, right, st)], loc);
    }
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT': {
      if (tagOf(e.lexpr!) === 'RowExpr' && tagOf(e.rexpr!) === 'RowExpr') {
        return rowDistinct(b, e.kind === 'AEXPR_DISTINCT', e.lexpr!, e.rexpr!, st, loc);
      }
      const args = [bindExpr(b, e.lexpr!, st), bindExpr(b, e.rexpr!, st)];
      return call(
        b,
        e.kind === 'AEXPR_DISTINCT' ? 'is distinct from' : 'is not distinct from',
        args,
        loc,
        undefined,
        true,
      );
    }
    case 'AEXPR_NULLIF': {
      const args = unify(b, [bindExpr(b, e.lexpr!, st), bindExpr(b, e.rexpr!, st)], 'NULLIF', loc);
      const eq = comparison(b, '=', args[0]!, args[1]!, loc);
      return {
        kind: 'case',
        whens: [{ when: eq, then: lit(null, args[0]!.type) }],
        else: args[0]!,
        type: args[0]!.type,
      };
    }
    case 'AEXPR_IN':
      return bindInList(b, e, st);
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE': {
      const negated = op.startsWith('!');
      const fn = e.kind === 'AEXPR_LIKE' ? 'like' : 'ilike';
      const args = likeArgs(b, e, st);
      const r = call(b, fn, args, loc);
      return negated ? { kind: 'not', arg: r, type: Types.bool } : r;
    }
    case 'AEXPR_SIMILAR': {
      const negated = op.startsWith('!');
      const args = likeArgs(b, e, st);
      const r = call(b, 'similar_to', args, loc);
      return negated ? { kind: 'not', arg: r, type: Types.bool } : r;
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      const x = bindExpr(b, e.lexpr!, st);
      const bounds = bodyOf<{ items: PgNode[] }>(e.rexpr!).items.map((n) => bindExpr(b, n, st));
      const [lo, hi] = bounds as [Expr, Expr];
      const between = (l: Expr, h: Expr): Expr => ({
        kind: 'and',
        args: [comparison(b, '>=', x, l, loc), comparison(b, '<=', x, h, loc)],
        type: Types.bool,
      });
      let r: Expr = between(lo, hi);
      if (e.kind === 'AEXPR_BETWEEN_SYM' || e.kind === 'AEXPR_NOT_BETWEEN_SYM') {
        r = { kind: 'or', args: [r, between(hi, lo)], type: Types.bool };
      }
      return e.kind === 'AEXPR_NOT_BETWEEN' || e.kind === 'AEXPR_NOT_BETWEEN_SYM'
        ? { kind: 'not', arg: r, type: Types.bool }
        : r;
    }
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL': {
      const left = bindExpr(b, e.lexpr!, st);
      const array = bindExpr(b, e.rexpr!, st);
      const arrayType =
        array.type.id === 'list' ? array.type : listType(left.type.id === 'unknown' ? Types.text : left.type);
      const arr = coerce(b.ctx, array, arrayType, 'implicit', loc);
      const element = (arrayType as { element: DataType }).element;
      const cmp = b.ctx.functions.scalar(
        op,
        [left.type.id === 'unknown' ? element : left.type, element],
        b.ctx.pos(loc),
        true,
      );
      return {
        kind: 'call',
        fn: b.ctx.functions.scalar(
          e.kind === 'AEXPR_OP_ANY' ? 'array_any' : 'array_all',
          [cmp.argTypes[0]!, listType(cmp.argTypes[1]!), Types.text],
          b.ctx.pos(loc),
        ),
        args: [
          coerce(b.ctx, left, cmp.argTypes[0]!, 'implicit', loc),
          coerce(b.ctx, arr, listType(cmp.argTypes[1]!), 'implicit', loc),
          lit(op, Types.text),
        ],
        type: Types.bool,
      };
    }
    default:
      throw b.ctx.error(SqlState.featureNotSupported, `operator kind ${e.kind} is not supported`, loc);
  }
}

function likeArgs(b: Binder, e: A_Expr, st: ExprState): Expr[] {
  const x = bindExpr(b, e.lexpr!, st);
  const r = e.rexpr!;
  if (tagOf(r) === 'FuncCall') {
    const f = bodyOf<{ funcname: PgNode[]; args: PgNode[] }>(r);
    const name = stringList(f.funcname);
    if (name[name.length - 1] === 'like_escape' || name[name.length - 1] === 'similar_to_escape') {
      return [x, ...f.args.map((a) => bindExpr(b, a, st))];
    }
  }
  return [x, bindExpr(b, r, st)];
}

function negateLiteral(b: Binder, arg: Expr & { kind: 'literal' }, location?: number): Expr {
  const v = arg.value;
  if (typeof v === 'number') {
    const n = -v;
    // -0 stays -0 only for floating point; integers and numerics have no negative zero.
    return lit(n === 0 && arg.type.id !== 'float8' && arg.type.id !== 'float4' ? 0 : n, arg.type);
  }
  return operator(b, '-', [arg], location);
}

function rowComparison(
  b: Binder,
  op: string,
  left: PgNode,
  right: PgNode,
  st: ExprState,
  location?: number,
): Expr {
  const l = (bodyOf<{ args?: PgNode[] }>(left).args ?? []).map((n) => bindExpr(b, n, st));
  const r = (bodyOf<{ args?: PgNode[] }>(right).args ?? []).map((n) => bindExpr(b, n, st));
  if (l.length !== r.length) {
    throw b.ctx.error(SqlState.syntaxError, 'unequal number of entries in row expressions', location);
  }
  if (op === '=' || op === '<>' || op === '!=') {
    const parts = l.map((x, i) => comparison(b, '=', x, r[i]!, location));
    const all: Expr = parts.length === 1 ? parts[0]! : { kind: 'and', args: parts, type: Types.bool };
    return op === '=' ? all : { kind: 'not', arg: all, type: Types.bool };
  }
  // (a, b) < (c, d)  ⇔  a < c OR (a = c AND b < d) …, evaluated left to right.
  const strict = op === '<' || op === '>' ? op : op[0]!;
  const build = (i: number): Expr => {
    const last = i === l.length - 1;
    const cmp = comparison(b, last ? op : strict, l[i]!, r[i]!, location);
    if (last) return cmp;
    return {
      kind: 'or',
      args: [
        cmp,
        { kind: 'and', args: [comparison(b, '=', l[i]!, r[i]!, location), build(i + 1)], type: Types.bool },
      ],
      type: Types.bool,
    };
  };
  return build(0);
}

/** ROW(a, b) IS [NOT] DISTINCT FROM ROW(c, d): distinct when any pair of fields is. */
function rowDistinct(
  b: Binder,
  distinct: boolean,
  left: PgNode,
  right: PgNode,
  st: ExprState,
  location?: number,
): Expr {
  const l = (bodyOf<{ args?: PgNode[] }>(left).args ?? []).map((n) => bindExpr(b, n, st));
  const r = (bodyOf<{ args?: PgNode[] }>(right).args ?? []).map((n) => bindExpr(b, n, st));
  if (l.length !== r.length) {
    throw b.ctx.error(SqlState.syntaxError, 'unequal number of entries in row expressions', location);
  }
  const op = distinct ? 'is distinct from' : 'is not distinct from';
  const parts = l.map((x, i) => call(b, op, [x, r[i]!], location, undefined, true));
  if (parts.length === 1) return parts[0]!;
  return { kind: distinct ? 'or' : 'and', args: parts, type: Types.bool };
}

function bindInList(b: Binder, e: A_Expr, st: ExprState): Expr {
  const negated = opName(e) === '<>';
  const left = e.lexpr!;
  const items =
    tagOf(e.rexpr!) === 'List' ? (bodyOf<{ items?: PgNode[] }>(e.rexpr!).items ?? []) : [e.rexpr!];
  if (tagOf(left) === 'RowExpr') {
    const alternatives = items.map((item) => rowComparison(b, '=', left, item, st, e.location));
    const any: Expr = { kind: 'or', args: alternatives, type: Types.bool };
    return negated ? { kind: 'not', arg: any, type: Types.bool } : any;
  }
  const x = bindExpr(b, left, st);
  const list = items.map((n) => bindExpr(b, n, st));
  let unified: Expr[];
  try {
    unified = unify(b, [x, ...list], 'IN', e.location);
  } catch {
    // Types without a common type: compare one by one, as PostgreSQL falls back to.
    const parts = list.map((item) => comparison(b, negated ? '<>' : '=', x, item, e.location));
    return { kind: negated ? 'and' : 'or', args: parts, type: Types.bool };
  }
  const [arg, ...rest] = unified;
  // Resolve the comparison once so that the IN list runs with the type's equality.
  b.ctx.functions.scalar('=', [arg!.type, arg!.type], b.ctx.pos(e.location), true);
  return { kind: 'in_list', arg: arg!, list: rest, negated, type: Types.bool };
}

function bindIndirection(b: Binder, node: PgNode, st: ExprState): Expr {
  const ind = bodyOf<{ arg: PgNode; indirection: PgNode[] }>(node);
  let e = bindExpr(b, ind.arg, st);
  for (const step of ind.indirection) {
    const tag = tagOf(step);
    if (tag === 'A_Indices') {
      const idx = bodyOf<{ is_slice?: boolean; lidx?: PgNode; uidx?: PgNode }>(step);
      if (idx.is_slice) {
        const lo = idx.lidx ? bindExpr(b, idx.lidx, st) : lit(null, Types.int4);
        const hi = idx.uidx ? bindExpr(b, idx.uidx, st) : lit(null, Types.int4);
        e = call(b, 'array_slice', [e, lo, hi], locationOf(ind.arg), e.type);
      } else {
        e = call(b, 'array_element', [e, bindExpr(b, idx.uidx!, st)], locationOf(ind.arg));
      }
    } else if (tag === 'String') {
      const field = bodyOf<{ sval: string }>(step).sval;
      const fieldType =
        e.type.id === 'struct' ? e.type.fields.find((f) => f.name === field)?.type : undefined;
      if (e.type.id === 'struct' && fieldType === undefined) {
        throw b.ctx.error(
          SqlState.undefinedColumn,
          `column "${field}" not found in data type record`,
          locationOf(ind.arg),
        );
      }
      e = call(b, 'struct_extract', [e, lit(field, Types.text)], locationOf(ind.arg), fieldType);
    } else {
      throw b.ctx.error(
        SqlState.featureNotSupported,
        'this indirection is not supported',
        locationOf(ind.arg),
      );
    }
  }
  return e;
}

function bindSqlValueFunction(b: Binder, f: SQLValueFunction): Expr {
  switch (f.op) {
    case 'SVFOP_CURRENT_DATE':
      return call(b, 'current_date', [], f.location);
    case 'SVFOP_CURRENT_TIMESTAMP':
    case 'SVFOP_CURRENT_TIMESTAMP_N':
      return call(b, 'now', [], f.location);
    case 'SVFOP_LOCALTIMESTAMP':
    case 'SVFOP_LOCALTIMESTAMP_N':
      return call(b, 'localtimestamp', [], f.location);
    case 'SVFOP_CURRENT_TIME':
    case 'SVFOP_CURRENT_TIME_N':
    case 'SVFOP_LOCALTIME':
    case 'SVFOP_LOCALTIME_N':
      return call(b, 'localtime', [], f.location);
    case 'SVFOP_CURRENT_USER':
    case 'SVFOP_SESSION_USER':
    case 'SVFOP_USER':
    case 'SVFOP_CURRENT_ROLE':
      return call(b, 'current_user', [], f.location);
    case 'SVFOP_CURRENT_CATALOG':
      return call(b, 'current_database', [], f.location);
    case 'SVFOP_CURRENT_SCHEMA':
      return call(b, 'current_schema', [], f.location);
    default:
      throw b.ctx.error(SqlState.featureNotSupported, `${String(f.op)} is not supported`, f.location);
  }
}
