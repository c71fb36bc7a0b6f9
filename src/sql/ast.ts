// Helpers for reading libpg-query's JSON AST (protobuf JSON: default values are omitted).

import type { Node } from '@pgsql/types';

export type PgNode = Node;

/** The single key of a node wrapper ({ SelectStmt: {...} } → ['SelectStmt', {...}]). */
export function tagOf(node: Node): string {
  return Object.keys(node)[0]!;
}

export function bodyOf<T = Record<string, unknown>>(node: Node): T {
  return (node as Record<string, unknown>)[tagOf(node)] as T;
}

export function isTag(node: Node | undefined, tag: string): boolean {
  return node !== undefined && tagOf(node) === tag;
}

/** The strings of a list of String nodes (names like ['pg_catalog', 'int4']). */
export function stringList(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).map((n) => {
    const tag = tagOf(n);
    if (tag === 'String') return bodyOf<{ sval?: string }>(n).sval ?? '';
    if (tag === 'A_Star') return '*';
    return '';
  });
}

/** A node's location field, when it has one. */
export function locationOf(node: Node | undefined): number | undefined {
  if (node === undefined) return undefined;
  const body = bodyOf<{ location?: number }>(node);
  return body && typeof body === 'object' ? body.location : undefined;
}
