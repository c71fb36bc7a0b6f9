// The SQL text of an expression inside a statement, for DEFAULT and CHECK display.

import { locationOf, type PgNode } from '../../sql/ast.js';

/** Text from the expression's first location to the end of the expression (a balanced scan). */
export function expressionText(sql: string, node: PgNode): string {
  // The earliest location in the tree: an operator's own location is the operator, not its left operand.
  let start = firstLocation(node);
  if (start === undefined || start < 0) start = locationOf(node);
  if (start === undefined || start < 0) return '';
  let depth = 0;
  let i = start;
  for (; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'") {
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ',' || c === ';')) break;
    else if (depth === 0 && /\s/.test(c)) {
      const rest = sql.slice(i).trimStart().toUpperCase();
      if (/^(NOT\s+NULL|NULL|PRIMARY|UNIQUE|CHECK|REFERENCES|CONSTRAINT|DEFAULT|COLLATE)\b/.test(rest)) break;
    }
  }
  return sql.slice(start, i).trim();
}

function firstLocation(node: unknown): number | undefined {
  let best: number | undefined;
  const visit = (x: unknown) => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      if (k === 'location' && typeof v === 'number' && v >= 0)
        best = best === undefined ? v : Math.min(best, v);
      else visit(v);
    }
  };
  visit(node);
  return best;
}
