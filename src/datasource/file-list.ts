// Expands the paths a reader is given (a file, a glob such as data/*.parquet or data/**/x.csv, or a
// list of them) into a sorted list of files.

import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LarchError, SqlState } from '../engine/errors.js';
import { fileError } from './file-errors.js';

const GLOB_CHARS = /[*?[]/;

export function isGlob(path: string): boolean {
  return GLOB_CHARS.test(path);
}

/** A glob segment as a regular expression: `*` and `?` stay within a name, `[...]` is a class. */
function segmentPattern(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function entries(dir: string): { name: string; isDir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => !d.name.startsWith('.'))
      .map((d) => ({
        name: d.name,
        isDir: d.isDirectory() || (d.isSymbolicLink() && isDirectory(join(dir, d.name))),
      }));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return [];
    throw fileError(e, dir, 'read directory');
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Files under `dir` matching the remaining glob segments (`**` spans any number of folders). */
function walk(dir: string, segments: readonly string[], out: string[]): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (head === '**') {
    walk(dir, rest, out);
    for (const e of entries(dir)) if (e.isDir) walk(join(dir, e.name), segments, out);
    return;
  }
  if (!isGlob(head)) {
    const path = join(dir, head);
    if (rest.length === 0) {
      if (!isDirectory(path) && exists(path)) out.push(path);
    } else walk(path, rest, out);
    return;
  }
  const pattern = segmentPattern(head);
  for (const e of entries(dir)) {
    if (!pattern.test(e.name)) continue;
    if (rest.length === 0) {
      if (!e.isDir) out.push(join(dir, e.name));
    } else if (e.isDir) walk(join(dir, e.name), rest, out);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The files named by `patterns`, each resolved against the working directory. A plain path must
 * exist (58P01 otherwise); a glob must match at least one file.
 */
export function listFiles(patterns: readonly string[]): string[] {
  if (patterns.length === 0) throw new LarchError(SqlState.invalidParameterValue, 'no file names given');
  const out: string[] = [];
  for (const pattern of patterns) {
    if (!isGlob(pattern)) {
      let isDir: boolean;
      try {
        isDir = statSync(pattern).isDirectory();
      } catch (e) {
        throw fileError(e, pattern, 'open file');
      }
      if (isDir) {
        throw new LarchError(SqlState.wrongObjectType, `"${pattern}" is a directory`, {
          hint: `Read the files in it with a glob such as '${join(pattern, '*')}'.`,
        });
      }
      out.push(pattern);
      continue;
    }
    const absolute = resolve(pattern);
    const parts = absolute.split(sep);
    const first = parts.findIndex((p) => isGlob(p));
    const found: string[] = [];
    walk(parts.slice(0, first).join(sep) || sep, parts.slice(first), found);
    if (found.length === 0) {
      throw new LarchError(SqlState.undefinedFile, `no files match "${pattern}"`);
    }
    found.sort();
    // Keep paths relative when the pattern was, so that error messages and filename columns show
    // paths the way the user wrote them.
    out.push(...(isAbsolute(pattern) ? found : found.map((f) => relative('.', f))));
  }
  return out;
}
