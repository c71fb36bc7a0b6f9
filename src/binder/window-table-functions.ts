// The windowing table functions of streaming SQL (as in Flink and RisingWave), in FROM:
//   TUMBLE(rel, time_col, size)        each row in the one window [start, start + size) holding it
//   HOP(rel, time_col, slide, size)    each row in the size / slide windows of length size holding it
// adding window_start and window_end to rel's columns. Windows are aligned to the Unix epoch; a row
// whose time is NULL is in no window.
// They are rewritten into a subquery over date_bin (joined with the window numbers for HOP) before
// binding.

import type { Node, RangeFunction } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { bodyOf, stringList, tagOf } from '../sql/ast.js';
import { parseSql } from '../sql/parser.js';
import type { Binder } from './binder.js';

const TEMPLATES = {
  tumble: `SELECT *, date_bin(size_, time_, '1970-01-01') AS window_start,
      date_bin(size_, time_, '1970-01-01') + size_ AS window_end FROM rel_ WHERE time_ IS NOT NULL`,
  hop: `SELECT window_input.*, date_bin(slide_, time_, '1970-01-01') - hop_.i * slide_ AS window_start,
      date_bin(slide_, time_, '1970-01-01') - hop_.i * slide_ + size_ AS window_end
    FROM rel_ AS window_input
      CROSS JOIN generate_series(0, ceil(extract(epoch FROM size_) / extract(epoch FROM slide_))::int - 1) AS hop_(i)
    WHERE time_ IS NOT NULL`,
};

export function isWindowFunction(name: string): boolean {
  return name === 'tumble' || name === 'hop';
}

function clone<T>(node: T): T {
  return JSON.parse(JSON.stringify(node)) as T;
}

/** Replaces the placeholder names (rel_, time_, size_, slide_) in the template's AST. */
function substitute(node: unknown, values: Readonly<Record<string, Node>>): unknown {
  if (Array.isArray(node)) return node.map((n) => substitute(n, values));
  if (node === null || typeof node !== 'object') return node;
  const [tag] = Object.keys(node);
  const body = (node as Record<string, unknown>)[tag!] as Record<string, unknown>;
  if (tag === 'ColumnRef') {
    const name = stringList(body['fields'] as Node[]);
    if (name.length === 1 && values[name[0]!] !== undefined) return clone(values[name[0]!]);
  }
  if (tag === 'RangeVar' && body['relname'] === 'rel_') {
    const rel = clone(values['rel_']!) as { RangeVar: Record<string, unknown> };
    if (body['alias'] !== undefined) rel.RangeVar['alias'] = body['alias'];
    return rel;
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, values)]));
}

/** TUMBLE(…) / HOP(…) in FROM as the equivalent subquery, keeping the call's alias. */
export function windowSubquery(
  b: Binder,
  name: 'tumble' | 'hop',
  r: RangeFunction,
  call: { args?: Node[]; location?: number },
): Node {
  const args = call.args ?? [];
  const expected = name === 'tumble' ? 3 : 4;
  const usage =
    name === 'tumble' ? 'TUMBLE(table, time_column, size)' : 'HOP(table, time_column, slide, size)';
  if (args.length !== expected)
    throw b.ctx.error(
      SqlState.undefinedFunction,
      `${name.toUpperCase()} takes ${expected} arguments: ${usage}`,
      call.location,
    );
  const [rel, time, ...sizes] = args;
  const relName = tagOf(rel!) === 'ColumnRef' ? stringList(bodyOf<{ fields: Node[] }>(rel!).fields) : [];
  if (relName.length < 1 || relName.length > 2)
    throw b.ctx.error(
      SqlState.syntaxError,
      `the first argument of ${name.toUpperCase()} names a table or source`,
      call.location,
    );
  const rangeVar = {
    RangeVar: {
      relname: relName.at(-1),
      ...(relName.length === 2 ? { schemaname: relName[0] } : {}),
      inh: true,
      relpersistence: 'p',
      alias: { aliasname: relName.at(-1) },
    },
  } as unknown as Node;
  const values: Record<string, Node> = { rel_: rangeVar, time_: time!, size_: sizes.at(-1)! };
  if (name === 'hop') values['slide_'] = sizes[0]!;
  const template = parseSql(TEMPLATES[name])[0]!.ast;
  return {
    RangeSubselect: {
      subquery: substitute(template, values),
      alias: r.alias ?? { aliasname: name },
    },
  } as unknown as Node;
}
