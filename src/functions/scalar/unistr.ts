// unistr(): Unicode escapes (\XXXX, \+XXXXXX, \uXXXX, \UXXXXXXXX, surrogate pairs, \\) in text,
// as PostgreSQL 14+ decodes them.

import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

function invalidEscape(): LarchError {
  return new LarchError(SqlState.syntaxError, 'invalid Unicode escape', {
    hint: 'Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.',
  });
}

function invalidPair(): LarchError {
  return new LarchError(SqlState.syntaxError, 'invalid Unicode surrogate pair');
}

/** `count` hex digits at `at`, or null. */
function hexAt(s: string, at: number, count: number): number | null {
  const digits = s.slice(at, at + count);
  return digits.length === count && /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : null;
}

export function unescapeUnicode(s: string): string {
  let out = '';
  let pairFirst = 0;
  for (let i = 0; i < s.length;) {
    if (s[i] !== '\\') {
      if (pairFirst !== 0) throw invalidPair();
      out += s[i++];
      continue;
    }
    if (s[i + 1] === '\\') {
      if (pairFirst !== 0) throw invalidPair();
      out += '\\';
      i += 2;
      continue;
    }
    let cp: number | null;
    let digits: number;
    let skip: number;
    if ((cp = hexAt(s, i + 1, 4)) !== null) [digits, skip] = [4, 5];
    else if (s[i + 1] === 'u' && (cp = hexAt(s, i + 2, 4)) !== null) [digits, skip] = [4, 6];
    else if (s[i + 1] === '+' && (cp = hexAt(s, i + 2, 6)) !== null) [digits, skip] = [6, 8];
    else if (s[i + 1] === 'U' && (cp = hexAt(s, i + 2, 8)) !== null) [digits, skip] = [8, 10];
    else throw invalidEscape();
    if (cp === 0 || cp > 0x10ffff) {
      throw new LarchError(
        SqlState.invalidParameterValue,
        `invalid Unicode code point: ${cp.toString(16).toUpperCase().padStart(digits, '0')}`,
      );
    }
    const second = cp >= 0xdc00 && cp <= 0xdfff;
    if (pairFirst !== 0) {
      if (!second) throw invalidPair();
      cp = 0x10000 + ((pairFirst - 0xd800) << 10) + (cp - 0xdc00);
      pairFirst = 0;
    } else if (second) {
      throw invalidPair();
    }
    if (cp >= 0xd800 && cp <= 0xdbff) pairFirst = cp;
    else out += String.fromCodePoint(cp);
    i += skip;
  }
  if (pairFirst !== 0) throw invalidPair();
  return out;
}

export const unistr: ScalarDefinition = {
  kind: 'scalar',
  name: 'unistr',
  description: 'Decodes Unicode escapes: \\XXXX, \\+XXXXXX, \\uXXXX, \\UXXXXXXXX (and \\\\ for a backslash).',
  example: "SELECT unistr('d\\0061t\\+000061')",
  overloads: [
    {
      args: [Types.text],
      returns: Types.text,
      kernel: () => valueKernel(Types.text, (v) => unescapeUnicode(v[0] as string)),
    },
  ],
};
