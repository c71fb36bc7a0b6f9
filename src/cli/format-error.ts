// Errors as psql prints them: `ERROR:  message`, the statement line holding the error position with a
// caret under it (libpq's reportErrorPosition), then DETAIL and HINT lines.

import type { LarchError } from '../engine/errors.js';
import { charWidth } from './display-text.js';

// libpq shows at most this many columns of the line, keeping the caret this far from a cut end.
const DISPLAY_SIZE = 60;
const MIN_RIGHT_CUT = 10;

/**
 * @param query the SQL text as submitted (psql's query), for the `LINE n:` context.
 * @param offset where, in code units of `query`, the text the error's position counts from starts.
 */
export function formatError(error: LarchError, query?: string, offset = 0): string {
  let out = `${error.severity}:  ${error.message}\n`;
  if (query !== undefined && error.position !== undefined) {
    const charsBefore = Array.from(query.slice(0, offset)).length;
    out += errorContext(query, charsBefore + error.position - 1);
  }
  if (error.detail !== undefined) out += `DETAIL:  ${error.detail}\n`;
  if (error.hint !== undefined) out += `HINT:  ${error.hint}\n`;
  return out;
}

/** The `LINE n: …` and caret lines for the 0-based character `loc` of `query`, or '' when out of range. */
export function errorContext(query: string, loc: number): string {
  if (loc < 0) return '';
  const chars = Array.from(query, (c) => (c === '\t' ? ' ' : c));
  // Screen column where each character starts; scanning stops at the end of the error's line.
  const columns: number[] = [];
  let column = 0;
  let line = 1;
  let begin = 0;
  let end = -1;
  let i = 0;
  for (; i < chars.length; i++) {
    const c = chars[i]!;
    columns[i] = column;
    if (c === '\r' || c === '\n') {
      if (i < loc) {
        // `\r\n` counts as one line break.
        if (c === '\r' || i === 0 || chars[i - 1] !== '\r') line++;
        begin = i + 1;
      } else {
        end = i;
        break;
      }
    }
    column += Math.max(1, charWidth(c));
  }
  if (end < 0) {
    end = i;
    columns[end] = column;
  }
  if (loc > i) return '';

  let cutBegin = false;
  let cutEnd = false;
  if (columns[end]! - columns[begin]! > DISPLAY_SIZE) {
    if (columns[begin]! + DISPLAY_SIZE >= columns[loc]! + MIN_RIGHT_CUT) {
      while (columns[end]! - columns[begin]! > DISPLAY_SIZE) end--;
      cutEnd = true;
    } else {
      while (columns[loc]! + MIN_RIGHT_CUT < columns[end]!) {
        end--;
        cutEnd = true;
      }
      while (columns[end]! - columns[begin]! > DISPLAY_SIZE) {
        begin++;
        cutBegin = true;
      }
    }
  }
  const prefix = `LINE ${line}: ${cutBegin ? '...' : ''}`;
  const text = chars.slice(begin, end).join('');
  const caretColumn = prefix.length + columns[loc]! - columns[begin]!;
  return `${prefix}${text}${cutEnd ? '...' : ''}\n${' '.repeat(caretColumn)}^\n`;
}
