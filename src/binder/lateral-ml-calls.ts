// LATERAL ML functions whose input reads the FROM items before them, as in
//   FROM events AS e, LATERAL ML.RECOMMEND(MODEL m, (SELECT e.uid AS user_id), STRUCT(10 AS top_k)) AS r
// are not run once per row: the function runs once over the distinct input rows of all of them and
// its output, which carries the input columns, is joined back on those columns:
//   FROM events AS e JOIN ML.RECOMMEND(MODEL m, (SELECT DISTINCT e.uid AS user_id FROM events AS e), …) AS r
//     ON r.user_id = e.uid
// (the same domain trick the decorrelation of subqueries uses). This file rewrites the AST so.

import type { Node } from '@pgsql/types';
import { bodyOf, stringList, tagOf } from '../sql/ast.js';

interface InputSelect {
  targetList?: { ResTarget: { name?: string; val: Node } }[];
  fromClause?: Node[];
  distinctClause?: unknown[];
}

/** The ML call of a LATERAL RangeFunction and its input select without FROM, or null. */
function lateralMlInput(item: Node): { call: { args?: Node[] }; select: InputSelect } | null {
  if (tagOf(item) !== 'RangeFunction') return null;
  const r = bodyOf<{ lateral?: boolean; functions?: Node[] }>(item);
  if (r.lateral !== true || r.functions?.length !== 1) return null;
  const first = bodyOf<{ items: Node[] }>(r.functions[0]!).items[0];
  if (first === undefined || tagOf(first) !== 'FuncCall') return null;
  const call = bodyOf<{ funcname?: Node[]; args?: Node[] }>(first);
  if (stringList(call.funcname)[0]?.toLowerCase() !== 'ml') return null;
  for (const arg of call.args ?? []) {
    if (tagOf(arg) !== 'SubLink') continue;
    const sub = bodyOf<{ subLinkType?: string; subselect?: Node }>(arg);
    if (sub.subLinkType !== 'EXPR_SUBLINK' || sub.subselect === undefined) continue;
    if (tagOf(sub.subselect) !== 'SelectStmt') continue;
    const select = bodyOf<InputSelect>(sub.subselect);
    if (select.fromClause !== undefined || select.targetList === undefined) continue;
    if (select.targetList.some((t) => t.ResTarget.name === undefined)) continue;
    return { call, select };
  }
  return null;
}

function clone<T>(node: T): T {
  return JSON.parse(JSON.stringify(node)) as T;
}

function crossJoin(items: readonly Node[]): Node {
  return items.reduce((larg, rarg) => ({ JoinExpr: { jointype: 'JOIN_INNER', larg, rarg } }) as Node);
}

function and(conditions: Node[]): Node {
  return conditions.length === 1
    ? conditions[0]!
    : ({ BoolExpr: { boolop: 'AND_EXPR', args: conditions } } as Node);
}

/** The FROM list with each LATERAL ML call over the items before it rewritten as a join. */
export function rewriteLateralMlCalls(from: readonly Node[]): readonly Node[] {
  let out = [...from];
  for (let k = 1; k < out.length; k++) {
    if (lateralMlInput(out[k]!) === null) continue;
    // Rewritten on a copy: the statement's AST may be bound again (prepared statements, sinks).
    const node = clone(out[k]!);
    const found = lateralMlInput(node)!;
    const item = bodyOf<{ lateral?: boolean; alias?: { aliasname: string } }>(node);
    const left = crossJoin(out.slice(0, k));
    const targets = found.select.targetList!;
    // The join conditions compare the output's copy of each input column with its expression.
    const alias = item.alias?.aliasname ?? 'ml_lateral';
    const quals = targets.map(
      (t) =>
        ({
          A_Expr: {
            kind: 'AEXPR_OP',
            name: [{ String: { sval: '=' } }],
            lexpr: {
              ColumnRef: { fields: [{ String: { sval: alias } }, { String: { sval: t.ResTarget.name } }] },
            },
            rexpr: clone(t.ResTarget.val),
          },
        }) as Node,
    );
    found.select.fromClause = [clone(left)];
    found.select.distinctClause = [{}];
    item.lateral = false;
    item.alias ??= { aliasname: alias };
    const joined = {
      JoinExpr: { jointype: 'JOIN_INNER', larg: left, rarg: node, quals: and(quals) },
    } as Node;
    out = [joined, ...out.slice(k + 1)];
    k = 0;
  }
  return out;
}
