// Output column names for select-list expressions, as PostgreSQL's FigureColname picks them.

import type { Expr } from '../logical/expr.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../sql/ast.js';

/** Returns [name, strength]; strength 2 beats a type name from a cast (1), which beats nothing (0). */
function figure(node: PgNode | undefined): [string, number] {
  if (node === undefined) return ['?column?', 0];
  const body = bodyOf<Record<string, unknown>>(node);
  switch (tagOf(node)) {
    case 'ColumnRef': {
      const fields = stringList(body.fields as PgNode[]);
      const last = fields[fields.length - 1]!;
      return last === '*' ? ['?column?', 0] : [last, 2];
    }
    case 'A_Indirection': {
      const ind = body.indirection as PgNode[];
      const last = ind[ind.length - 1]!;
      if (tagOf(last) === 'String') return [bodyOf<{ sval: string }>(last).sval, 2];
      return figure(body.arg as PgNode);
    }
    case 'FuncCall': {
      const names = stringList(body.funcname as PgNode[]);
      return [names[names.length - 1]!, 2];
    }
    case 'A_Expr':
      if (body.kind === 'AEXPR_NULLIF') return ['nullif', 2];
      return ['?column?', 0];
    case 'TypeCast': {
      const [name, strength] = figure(body.arg as PgNode);
      if (strength > 1) return [name, strength];
      const typeName = body.typeName as { names?: PgNode[] };
      const names = stringList(typeName.names);
      return [names[names.length - 1]!, 1];
    }
    case 'CollateClause':
      return figure(body.arg as PgNode);
    case 'SubLink':
      switch (body.subLinkType) {
        case 'EXISTS_SUBLINK':
          return ['exists', 2];
        case 'ARRAY_SUBLINK':
          return ['array', 2];
        case 'EXPR_SUBLINK': {
          const select = bodyOf<{ targetList?: PgNode[] }>(body.subselect as PgNode);
          const first = select.targetList?.[0];
          if (first === undefined) return ['?column?', 0];
          const target = bodyOf<{ name?: string; val: PgNode }>(first);
          if (target.name !== undefined) return [target.name, 2];
          return figure(target.val);
        }
        default:
          return ['?column?', 0];
      }
    case 'CaseExpr': {
      const [name, strength] = figure(body.defresult as PgNode | undefined);
      return strength > 1 ? [name, strength] : ['case', 1];
    }
    case 'A_ArrayExpr':
      return ['array', 2];
    case 'RowExpr':
      return ['row', 2];
    case 'CoalesceExpr':
      return ['coalesce', 2];
    case 'MinMaxExpr':
      return [body.op === 'IS_GREATEST' ? 'greatest' : 'least', 2];
    case 'GroupingFunc':
      return ['grouping', 2];
    case 'SQLValueFunction':
      return [SQL_VALUE_NAMES[String(body.op)] ?? '?column?', 2];
    default:
      return ['?column?', 0];
  }
}

const SQL_VALUE_NAMES: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

export function figureColname(node: PgNode, _bound?: Expr): string {
  return figure(node)[0];
}
