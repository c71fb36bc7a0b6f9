// Inserting casts: literals are converted at bind time (with the error at their position),
// parameters take the type their context asks for, everything else gets a cast expression.

import { SqlState } from '../engine/errors.js';
import { castScalar, lengthCoercion } from '../functions/cast.js';
import type { Expr } from '../logical/expr.js';
import { type DataType, Types, typeShortName, typesEqual } from '../types/data-type.js';
import { type CastContext, canCast } from '../types/coercion.js';
import { parseValue } from '../types/text-parse.js';
import type { BindContext } from './context.js';
import { LarchError } from '../engine/errors.js';

/** Where each string literal was written: bad input is reported there, not at its operator. */
const literalLocations = new WeakMap<Expr, number>();

/** A string literal (type unknown until context decides), remembering its location. */
export function unknownLiteral(text: string, location: number | undefined): Expr {
  const e: Expr = { kind: 'literal', value: text, type: Types.unknown };
  if (location !== undefined) literalLocations.set(e, location);
  return e;
}

/** Casts `expr` to `to` if `context` allows it; throws 42804/42846 otherwise. */
export function coerce(
  ctx: BindContext,
  expr: Expr,
  to: DataType,
  context: CastContext,
  location?: number,
  describe?: () => string,
): Expr {
  if (typesEqual(expr.type, to) && expr.type.id !== 'unknown') return expr;
  if (to.id === 'unknown') return expr;
  if (expr.kind === 'param' && expr.type.id === 'unknown') {
    ctx.param(expr.index).type = to;
    return { ...expr, type: to };
  }
  if (!canCast(expr.type, to, context)) {
    if (context === 'explicit') {
      throw ctx.error(
        SqlState.cannotCoerce,
        `cannot cast type ${typeShortName(expr.type)} to ${typeShortName(to)}`,
        location,
      );
    }
    const message = describe
      ? describe()
      : `argument of type ${typeShortName(expr.type)} cannot be converted to ${typeShortName(to)}`;
    throw ctx.error(SqlState.datatypeMismatch, message, location, {
      hint: 'You will need to rewrite or cast the expression.',
    });
  }
  if (expr.kind === 'literal') {
    const at = literalLocations.get(expr) ?? location;
    return foldLiteral(ctx, expr.value, expr.type, to, context === 'explicit', at);
  }
  if (context !== 'explicit' && (to.id === 'varchar' || to.id === 'bpchar') && to.length !== null) {
    // Assigning to varchar(n) / char(n) checks the length instead of truncating.
    return { kind: 'call', fn: lengthCoercion(expr.type, to), args: [expr], type: to };
  }
  if (expr.kind === 'cast' && expr.expr.type.id === 'unknown' && expr.expr.kind !== 'literal') {
    return { kind: 'cast', expr: expr.expr, type: to };
  }
  return { kind: 'cast', expr, type: to };
}

/** Converts a literal now, so that bad input is reported at the literal's position. */
export function foldLiteral(
  ctx: BindContext,
  value: unknown,
  from: DataType,
  to: DataType,
  explicit: boolean,
  location?: number,
): Expr {
  try {
    const v = value as Parameters<typeof castScalar>[0];
    // PostgreSQL reads a literal without the length limit and then applies it as the cast's context
    // says: an explicit varchar(n) / char(n) cast truncates, an assignment rejects the extra text.
    const lengthCast = explicit && (to.id === 'varchar' || to.id === 'bpchar') && to.length !== null;
    // regclass, regtype and regproc literals are names looked up in the catalog, which casts do.
    const named =
      to.id === 'regclass' || to.id === 'regtype' || to.id === 'regproc' || to.id === 'regnamespace';
    const converted =
      from.id === 'unknown' && v !== null && !lengthCast && !named
        ? parseValue(to, v as string, {
            timeZone: ctx.evalContext.timeZone,
            now: () => ctx.evalContext.transactionTime,
          })
        : castScalar(v, from.id === 'unknown' ? Types.text : from, to, ctx.evalContext, explicit);
    return { kind: 'literal', value: converted, type: to };
  } catch (e) {
    if (e instanceof LarchError && e.position === undefined && location !== undefined) {
      e.position = (ctx.pos(location) ?? -1) + 1 || undefined;
    }
    throw e;
  }
}

/** Unknown-typed expressions that nothing constrained become text, as PostgreSQL resolves them. */
export function resolveUnknown(ctx: BindContext, expr: Expr): Expr {
  if (expr.type.id !== 'unknown') return expr;
  return coerce(ctx, expr, Types.text, 'implicit');
}
