// `SELECT * FROM 'data/*.parquet'`: a quoted file name where PostgreSQL's grammar wants a table.
// When parsing fails at such a string after FROM, JOIN or a comma, the string is wrapped in the
// reader its extension names (read_parquet('data/*.parquet')) and the text parsed again; AST
// locations are mapped back so error positions point into the text as written.

import type { RawStmt } from '@pgsql/types';

const READERS: readonly [RegExp, string][] = [
  [/\.parquet$/i, 'read_parquet'],
  [/\.(csv|tsv|txt)(\.gz)?$/i, 'read_csv'],
  [/\.(json|ndjson|jsonl)(\.gz)?$/i, 'read_json'],
  [/\.(arrow|feather|ipc|arrows)$/i, 'read_arrow'],
];

/** Most file references one statement may hold. */
const MAX_REWRITES = 32;

/** The reader for a file name, by its extension; undefined when none fits. */
export function readerForPath(path: string): string | undefined {
  return READERS.find(([re]) => re.test(path))?.[1];
}

/** End (exclusive) of the string literal starting at `start` ('…' or E'…'), or -1. */
function literalEnd(text: string, start: number): number {
  const escapes = text[start] === 'E' || text[start] === 'e';
  let i = start + (escapes ? 2 : 1);
  while (i < text.length) {
    const c = text[i]!;
    if (escapes && c === '\\') i += 2;
    else if (c === "'" && text[i + 1] === "'") i += 2;
    else if (c === "'") return i + 1;
    else i++;
  }
  return -1;
}

/** Words that may follow a FROM item without being its alias. */
const NOT_ALIAS = new Set(
  'join inner left right full cross natural on using where group order limit offset having window union intersect except fetch for tablesample with returning'.split(
    ' ',
  ),
);

/**
 * ` AS "stem"` naming the reader after its file, as a table would be named (so that two files can
 * be joined), unless the text already gives an alias.
 */
function aliasFor(literal: string, rest: string): string {
  const next = /^\s*("|[A-Za-z_][A-Za-z0-9_$]*)/.exec(rest)?.[1];
  if (next !== undefined && (next === '"' || !NOT_ALIAS.has(next.toLowerCase()))) return '';
  const stem = /([^/\\]+)'$/.exec(literal)?.[1]?.replace(/\..*$/, '');
  if (stem === undefined || stem === '' || /[*?[\]{}"]/.test(stem)) return '';
  return ` AS "${stem}"`;
}

/** Whether the token before `pos` is FROM, JOIN or a comma. */
function afterFromItemStart(text: string, pos: number): boolean {
  const before = text.slice(0, pos).trimEnd();
  return /(^|[^A-Za-z0-9_$])(from|join)$/i.test(before) || before.endsWith(',');
}

interface Insertion {
  /** Byte offset in the rewritten text where the inserted text starts. */
  readonly at: number;
  readonly length: number;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Maps AST `location` fields (byte offsets) of rewritten text back to the original text. */
function mapLocations(node: unknown, insertions: readonly Insertion[]): void {
  if (Array.isArray(node)) {
    for (const x of node) mapLocations(x, insertions);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'location' && typeof v === 'number' && v >= 0) {
      let shift = 0;
      let loc = v;
      for (const ins of insertions) {
        if (v >= ins.at + ins.length) shift += ins.length;
        else if (v >= ins.at) loc = ins.at + ins.length;
      }
      o[k] = loc - shift;
    } else mapLocations(v, insertions);
  }
}

/**
 * Parses `text` after wrapping quoted file names in FROM with their readers; null when the
 * failure at `cursor` (a 0-based character offset) is not such a name or the result still fails.
 */
export function parseWithFileReferences(
  text: string,
  cursor: number,
  parse: (sql: string) => RawStmt[],
): RawStmt[] | null {
  let current = text;
  let at = cursor;
  const insertions: Insertion[] = [];
  for (let round = 0; round < MAX_REWRITES; round++) {
    const c = current[at];
    const start = c === "'" ? at : (c === 'E' || c === 'e') && current[at + 1] === "'" ? at : -1;
    if (start < 0 || !afterFromItemStart(current, start)) return null;
    const end = literalEnd(current, start);
    if (end < 0) return null;
    const reader = readerForPath(current.slice(start, end).replace(/^[Ee]?'|'$/g, ''));
    if (reader === undefined) return null;
    const prefix = `${reader}(`;
    const suffix = `)${aliasFor(current.slice(start, end), current.slice(end))}`;
    current = `${current.slice(0, start)}${prefix}${current.slice(start, end)}${suffix}${current.slice(end)}`;
    // Errors come left to right, so each insertion follows the earlier ones.
    const prefixAt = byteLength(current.slice(0, start));
    const suffixAt = byteLength(current.slice(0, end + prefix.length));
    insertions.push({ at: prefixAt, length: prefix.length }, { at: suffixAt, length: byteLength(suffix) });
    try {
      const stmts = parse(current);
      mapLocations(stmts, insertions);
      return stmts;
    } catch (e) {
      const next = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
      if (next === undefined || next <= start) return null;
      at = next;
    }
  }
  return null;
}
