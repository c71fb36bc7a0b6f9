// Expressions as text for EXPLAIN.

import type { Expr, SortKey } from './expr.js';
import { typeName } from '../types/data-type.js';
import { formatValue } from '../types/text-format.js';

const INFIX = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '||',
  '~~',
  'like',
  'ilike',
  '^',
]);

export function explainExpr(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return e.name;
    case 'literal':
      if (e.value === null) return 'NULL';
      if (typeof e.value === 'string') return `'${e.value.replace(/'/g, "''")}'`;
      return formatValue(e.type, e.value);
    case 'param':
      return `$${e.index}`;
    case 'call':
      if (INFIX.has(e.fn.name) && e.args.length === 2) {
        return `(${explainExpr(e.args[0]!)} ${e.fn.name.toUpperCase() === e.fn.name ? e.fn.name : e.fn.name.toUpperCase()} ${explainExpr(e.args[1]!)})`;
      }
      if (e.fn.name === 'is distinct from' || e.fn.name === 'is not distinct from') {
        return `(${explainExpr(e.args[0]!)} ${e.fn.name.toUpperCase()} ${explainExpr(e.args[1]!)})`;
      }
      return `${e.fn.name}(${e.args.map(explainExpr).join(', ')})`;
    case 'cast':
      return `CAST(${explainExpr(e.expr)} AS ${typeName(e.type)})`;
    case 'and':
      return `(${e.args.map(explainExpr).join(' AND ')})`;
    case 'or':
      return `(${e.args.map(explainExpr).join(' OR ')})`;
    case 'not':
      return `(NOT ${explainExpr(e.arg)})`;
    case 'is_null':
      return `(${explainExpr(e.arg)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'case':
      return `CASE ${e.whens.map((w) => `WHEN ${explainExpr(w.when)} THEN ${explainExpr(w.then)}`).join(' ')} ELSE ${explainExpr(e.else)} END`;
    case 'coalesce':
      return `COALESCE(${e.args.map(explainExpr).join(', ')})`;
    case 'in_list':
      return `(${explainExpr(e.arg)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(explainExpr).join(', ')}))`;
    case 'subquery':
      return `(${e.subKind.toUpperCase()} subquery)`;
  }
}

export function explainSortKey(k: SortKey): string {
  return `${explainExpr(k.expr)}${k.desc ? ' DESC' : ''}${k.nullsFirst !== k.desc ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`;
}
