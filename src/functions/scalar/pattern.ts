// LIKE, ILIKE, SIMILAR TO and the POSIX regular expression operators (~, ~*, !~, !~*), with
// PostgreSQL's escape rules: LIKE's ESCAPE is rewritten to backslashes (like_escape), SIMILAR TO
// is translated to an advanced regular expression exactly as similar_to_escape does.

import { LarchError } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { ScalarDefinition, ScalarKernel } from '../function.js';
import { valueKernel } from '../kernels.js';
import { compileRegex } from './regex-compile.js';
import { lowerText } from './unicode-case.js';

/** SQLSTATE invalid_escape_sequence. */
const INVALID_ESCAPE_SEQUENCE = '22025';
/** SQLSTATE invalid_use_of_escape_character. */
const INVALID_USE_OF_ESCAPE = '2200C';

function invalidEscapeString(): LarchError {
  return new LarchError(INVALID_ESCAPE_SEQUENCE, 'invalid escape string', {
    hint: 'Escape string must be empty or one character.',
  });
}

function trailingEscape(): LarchError {
  return new LarchError(INVALID_ESCAPE_SEQUENCE, 'LIKE pattern must not end with escape character');
}

const cache = new Map<string, RegExp>();

function cached(key: string, build: () => RegExp): RegExp {
  let re = cache.get(key);
  if (re === undefined) {
    if (cache.size > 1000) cache.clear();
    re = build();
    cache.set(key, re);
  }
  return re;
}

/** A LIKE pattern with its ESCAPE character rewritten to backslash, as PostgreSQL's like_escape. */
function likeEscape(pattern: string, escape: string): string {
  const e = Array.from(escape);
  if (e.length > 1) throw invalidEscapeString();
  if (e.length === 0) return pattern.replace(/\\/g, '\\\\');
  if (e[0] === '\\') return pattern;
  let out = '';
  let afterEscape = false;
  for (const c of pattern) {
    if (c === e[0] && !afterEscape) {
      out += '\\';
      afterEscape = true;
    } else if (c === '\\') {
      out += afterEscape ? '\\' : '\\\\';
      afterEscape = false;
    } else {
      out += c;
      afterEscape = false;
    }
  }
  return out;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** A backslash-escaped LIKE pattern (not ending in a lone backslash) as an anchored regex. */
function likeRegExp(pattern: string): RegExp {
  return cached(`like:${pattern}`, () => {
    let re = '';
    const cs = Array.from(pattern);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c === '\\') {
        i++;
        re += cs[i]!.replace(REGEX_SPECIAL, '\\$&');
      } else if (c === '%') re += '[\\s\\S]*';
      else if (c === '_') re += '[\\s\\S]';
      else re += c.replace(REGEX_SPECIAL, '\\$&');
    }
    return new RegExp(`^${re}$`, 'u');
  });
}

const TRUE = 1;
const FALSE = 0;
const ABORT = -1;

/**
 * PostgreSQL's MatchText, used only for patterns ending in a lone escape: the error is raised only
 * when matching reaches that escape, so 'a' LIKE 'a\' is false but 'a\' LIKE 'a\' fails.
 */
function matchText(t: string[], ti: number, p: string[], pi: number): number {
  if (p.length - pi === 1 && p[pi] === '%') return TRUE;
  while (ti < t.length && pi < p.length) {
    const c = p[pi]!;
    if (c === '\\') {
      pi++;
      if (pi >= p.length) throw trailingEscape();
      if (p[pi] !== t[ti]) return FALSE;
    } else if (c === '%') {
      pi++;
      while (pi < p.length) {
        if (p[pi] === '%') pi++;
        else if (p[pi] === '_') {
          if (ti >= t.length) return ABORT;
          ti++;
          pi++;
        } else break;
      }
      if (pi >= p.length) return TRUE;
      let first = p[pi]!;
      if (first === '\\') {
        if (pi + 1 >= p.length) throw trailingEscape();
        first = p[pi + 1]!;
      }
      for (; ti < t.length; ti++) {
        if (t[ti] === first) {
          const r = matchText(t, ti, p, pi);
          if (r !== FALSE) return r;
        }
      }
      return ABORT;
    } else if (c === '_') {
      ti++;
      pi++;
      continue;
    } else if (c !== t[ti]) {
      return FALSE;
    }
    ti++;
    pi++;
  }
  if (ti < t.length) return FALSE;
  while (pi < p.length && p[pi] === '%') pi++;
  return pi >= p.length ? TRUE : ABORT;
}

function endsWithLoneBackslash(pattern: string): boolean {
  const m = /\\+$/.exec(pattern);
  return m !== null && m[0].length % 2 === 1;
}

/** LIKE on a pattern already in backslash-escape form. */
function likeMatch(s: string, pattern: string): boolean {
  if (endsWithLoneBackslash(pattern)) return matchText(Array.from(s), 0, Array.from(pattern), 0) === TRUE;
  return likeRegExp(pattern).test(s);
}

export function like(s: string, pattern: string, escape = '\\', insensitive = false): boolean {
  const p = escape === '\\' ? pattern : likeEscape(pattern, escape);
  return insensitive ? likeMatch(lowerText(s), lowerText(p)) : likeMatch(s, p);
}

/**
 * Translates a SIMILAR TO pattern into an advanced regular expression, as PostgreSQL's
 * similar_to_escape: anchored, % and _ as .* and ., escape-double-quote separators marking the
 * part that substring(… SIMILAR …) returns.
 */
export function similarToRegex(pattern: string, escape: string | null = '\\'): string {
  let e: string | null = escape;
  if (escape !== null) {
    const cs = Array.from(escape);
    if (cs.length > 1) throw invalidEscapeString();
    e = cs.length === 0 ? null : cs[0]!;
  }
  let out = '^(?:';
  let afterEscape = false;
  let inClass = false;
  let quotes = 0;
  for (const c of pattern) {
    if (afterEscape) {
      if (c === '"' && !inClass) {
        if (quotes === 0) out += '){1,1}?(';
        else if (quotes === 1) out += '){1,1}(?:';
        else {
          throw new LarchError(
            INVALID_USE_OF_ESCAPE,
            'SQL regular expression may not contain more than two escape-double-quote separators',
          );
        }
        quotes++;
      } else {
        out += `\\${c}`;
      }
      afterEscape = false;
    } else if (e !== null && c === e) {
      afterEscape = true;
    } else if (inClass) {
      if (c === '\\') out += '\\';
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      out += c;
      inClass = true;
    } else if (c === '%') out += '.*';
    else if (c === '_') out += '.';
    else if (c === '(') out += '(?:';
    else if (c === '\\' || c === '.' || c === '^' || c === '$') out += `\\${c}`;
    else out += c;
  }
  return `${out})$`;
}

const { text, bool } = Types;

/**
 * A case-sensitive pattern of literal text and `%` only (no `_`, no escapes) as a plain string test
 * (prefix, suffix and the parts between in order); null for any other pattern.
 */
function literalLikeTest(pattern: string): ((s: string) => boolean) | null {
  if (/[_\\]/.test(pattern)) return null;
  const parts = pattern.split('%');
  if (parts.length === 1) return (s) => s === pattern;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((m) => m !== '');
  return (s) => {
    if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
    let at = first.length;
    const end = s.length - last.length;
    for (const m of middle) {
      const found = s.indexOf(m, at);
      if (found < 0 || found + m.length > end) return false;
      at = found + m.length;
    }
    return true;
  };
}

/**
 * A test of values against a constant LIKE (or ILIKE) pattern with the default escape; null when
 * the pattern itself is an error, which is then left to the kernels to report.
 */
export function likeTester(pattern: string, insensitive: boolean): ((s: string) => boolean) | null {
  try {
    like('', pattern, '\\', insensitive);
  } catch {
    return null;
  }
  return (insensitive ? null : literalLikeTest(pattern)) ?? ((s) => like(s, pattern, '\\', insensitive));
}

/**
 * LIKE with a constant pattern of literal text and `%`: the pattern is analysed once and each value
 * tested with string operations (the general kernel otherwise).
 */
function constantPatternKernel(negated: boolean, general: ScalarKernel): ScalarKernel {
  return (args, n, ctx) => {
    const [value, pattern, escape] = args;
    const plain =
      value !== undefined &&
      pattern?.kind === 'const' &&
      typeof pattern.value === 'string' &&
      (escape === undefined || (escape.kind === 'const' && escape.value === '\\'));
    const test = plain ? literalLikeTest(pattern.value as string) : null;
    if (test === null) return general(args, n, ctx);
    return valueKernel(bool, (v) => test(v[0] as string) !== negated)([value!], n, ctx);
  };
}

function likeDefinition(name: string, insensitive: boolean, negated: boolean): ScalarDefinition {
  const test = (v: unknown[]) =>
    like(v[0] as string, v[1] as string, (v[2] as string | undefined) ?? '\\', insensitive) !== negated;
  const kernel = (): ScalarKernel =>
    insensitive ? valueKernel(bool, test) : constantPatternKernel(negated, valueKernel(bool, test));
  return {
    kind: 'scalar',
    name,
    aliases: negated ? [] : [insensitive ? '~~*' : '~~'],
    description: `${negated ? 'NOT ' : ''}${insensitive ? 'ILIKE' : 'LIKE'}: % matches any string, _ any one character${insensitive ? ', ignoring case' : ''}.`,
    example: negated ? undefined : `SELECT 'abc' ${insensitive ? 'ILIKE' : 'LIKE'} 'a%'`,
    overloads: [
      { args: [text, text], returns: bool, kernel },
      ...(negated ? [] : [{ args: [text, text, text], returns: bool, kernel }]),
    ],
  };
}

export const likeFn = likeDefinition('like', false, false);
export const notLikeFn = likeDefinition('!~~', false, true);
export const ilikeFn = likeDefinition('ilike', true, false);
export const notIlikeFn = likeDefinition('!~~*', true, true);

export const similarTo: ScalarDefinition = {
  kind: 'scalar',
  name: 'similar_to',
  description: 'SQL regular expression match: LIKE wildcards plus | * + ? {m,n} () [].',
  example: "SELECT 'abc' SIMILAR TO '(a|b)%'",
  overloads: [
    {
      args: [text, text],
      returns: bool,
      kernel: () =>
        valueKernel(bool, (v) => compileRegex(similarToRegex(v[1] as string)).test(v[0] as string)),
    },
    {
      args: [text, text, text],
      returns: bool,
      kernel: () =>
        valueKernel(bool, (v) =>
          compileRegex(similarToRegex(v[1] as string, v[2] as string)).test(v[0] as string),
        ),
    },
  ],
};

function regexOperator(name: string, insensitive: boolean, negated: boolean): ScalarDefinition {
  const flags = { icase: insensitive, nlstop: false, nlanch: false, expanded: false, quote: false };
  return {
    kind: 'scalar',
    name,
    description: `POSIX regular expression match${insensitive ? ' (case-insensitive)' : ''}${negated ? ', negated' : ''}.`,
    overloads: [
      {
        args: [text, text],
        returns: bool,
        kernel: () =>
          valueKernel(bool, (v) => compileRegex(v[1] as string, flags).test(v[0] as string) !== negated),
      },
    ],
  };
}

export const regexMatch = regexOperator('~', false, false);
export const regexMatchInsensitive = regexOperator('~*', true, false);
export const regexNotMatch = regexOperator('!~', false, true);
export const regexNotMatchInsensitive = regexOperator('!~*', true, true);
