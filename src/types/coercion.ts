// Which casts PostgreSQL applies implicitly, on assignment, or only when asked, and the common type
// of a set of expressions (UNION, CASE, COALESCE, VALUES, IN).

import { LarchError, SqlState } from '../engine/errors.js';
import {
  type DataType,
  isPreferredType,
  sameBaseType,
  typeCategory,
  Types,
  typeShortName,
  typesEqual,
} from './data-type.js';

export type CastContext = 'implicit' | 'assignment' | 'explicit';

const NUMERIC_RANK: Record<string, number> = { int2: 1, int4: 2, int8: 3, numeric: 4, float4: 5, float8: 6 };

/** The weakest context in which `from` converts to `to`; null when no cast exists. */
export function castContext(from: DataType, to: DataType): CastContext | null {
  if (sameBaseType(from, to)) return 'implicit';
  if (from.id === 'unknown') return 'implicit';
  const fc = typeCategory(from);
  const tc = typeCategory(to);
  const fr = NUMERIC_RANK[from.id];
  const tr = NUMERIC_RANK[to.id];
  if (fr !== undefined && tr !== undefined) return fr < tr ? 'implicit' : 'assignment';
  if (fc === 'S' && tc === 'S') return 'implicit';
  if (to.id === 'text' || to.id === 'varchar' || to.id === 'bpchar' || to.id === 'name') {
    // Every type has an I/O conversion to text on assignment (and in explicit casts).
    return 'assignment';
  }
  if (fc === 'S') return 'explicit';
  switch (from.id) {
    case 'date':
      if (to.id === 'timestamp' || to.id === 'timestamptz') return 'implicit';
      break;
    case 'timestamp':
      if (to.id === 'timestamptz') return 'implicit';
      if (to.id === 'date' || to.id === 'time') return 'assignment';
      break;
    case 'timestamptz':
      if (to.id === 'timestamp' || to.id === 'date' || to.id === 'time') return 'assignment';
      break;
    case 'time':
      if (to.id === 'interval') return 'implicit';
      break;
    case 'interval':
      if (to.id === 'time') return 'assignment';
      break;
    case 'bool':
      if (to.id === 'int4') return 'explicit';
      break;
    case 'int4':
    case 'int8':
    case 'int2':
      if (to.id === 'bool' && from.id === 'int4') return 'explicit';
      if (
        to.id === 'oid' ||
        to.id === 'regclass' ||
        to.id === 'regtype' ||
        to.id === 'regproc' ||
        to.id === 'regnamespace'
      )
        return 'implicit';
      break;
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      if (
        to.id === 'oid' ||
        to.id === 'regclass' ||
        to.id === 'regtype' ||
        to.id === 'regproc' ||
        to.id === 'regnamespace'
      )
        return 'implicit';
      if (to.id === 'int4' || to.id === 'int8') return 'assignment';
      break;
    case 'json':
      if (to.id === 'json') return 'implicit';
      break;
    case 'list':
      if (to.id === 'list') {
        const inner = castContext(from.element, to.element);
        return inner === null ? null : inner;
      }
      break;
    default:
      break;
  }
  if (to.id === 'unknown') return 'implicit';
  return null;
}

export function canCast(from: DataType, to: DataType, context: CastContext): boolean {
  const c = castContext(from, to);
  if (c === null) return false;
  if (context === 'explicit') return true;
  if (context === 'assignment') return c !== 'explicit';
  return c === 'implicit';
}

/**
 * PostgreSQL's select_common_type: the type all `types` convert to. `what` names the construct in the
 * error ("UNION", "CASE", "COALESCE", "VALUES", "IN").
 */
export function commonType(types: readonly DataType[], what: string, location?: number): DataType {
  const known = types.filter((t) => t.id !== 'unknown');
  if (known.length === 0) return Types.text;
  let ptype = known[0]!;
  let pcategory = typeCategory(ptype);
  let preferred = isPreferredType(ptype);
  for (const t of known.slice(1)) {
    if (sameBaseType(t, ptype)) continue;
    if (typeCategory(t) !== pcategory) {
      throw new LarchError(
        SqlState.datatypeMismatch,
        `${what} types ${typeShortName(ptype)} and ${typeShortName(t)} cannot be matched`,
        { position: location === undefined ? undefined : location + 1 },
      );
    }
    if (!preferred && canCast(ptype, t, 'implicit') && !canCast(t, ptype, 'implicit')) {
      ptype = t;
      pcategory = typeCategory(t);
      preferred = isPreferredType(t);
    }
  }
  // Keep a modifier (numeric(15,2), varchar(10)) only when every input has the same one.
  const sameBase = known.filter((t) => sameBaseType(t, ptype));
  if (sameBase.length === known.length && known.every((t) => typesEqual(t, ptype))) return ptype;
  return stripModifiers(ptype);
}

export function stripModifiers(t: DataType): DataType {
  switch (t.id) {
    case 'numeric':
      return Types.numeric;
    case 'varchar':
      return Types.varchar;
    case 'bpchar':
      return { id: 'bpchar', length: null };
    default:
      return t;
  }
}

export function numericRank(t: DataType): number | undefined {
  return NUMERIC_RANK[t.id];
}
