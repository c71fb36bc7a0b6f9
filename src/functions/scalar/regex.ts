// The regexp_* functions: regexp_match, regexp_like, regexp_replace, regexp_count, regexp_instr,
// regexp_substr and regexp_split_to_array, with PostgreSQL 15's arguments, flags and errors. The
// set-returning regexp_matches and regexp_split_to_table are not provided.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, listType, Types } from '../../types/data-type.js';
import type { ScalarDefinition, ScalarOverload } from '../function.js';
import { valueKernel } from '../kernels.js';
import {
  type CompiledRegex,
  compileRegex,
  type MatchSpans,
  noGlobal,
  parseFunctionFlags,
  Subject,
} from './regex-compile.js';
import type { RegexFlags } from './regex-syntax.js';

const { text, int4, bool } = Types;
const textArray = listType(text);

function overload(args: DataType[], returns: DataType, fn: (v: Scalar[]) => Scalar): ScalarOverload {
  return { args, returns, kernel: () => valueKernel(returns, (v) => fn(v)) };
}

function invalidParameter(name: string, value: number): LarchError {
  return new LarchError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": ${value}`);
}

/** Every match from code point `start` on (PostgreSQL's setup_regexp_matches). */
function allMatches(
  re: CompiledRegex,
  subject: Subject,
  start: number,
  ignoreDegenerate = false,
): MatchSpans[] {
  const out: MatchSpans[] = [];
  let search = start;
  let prevEnd = 0;
  while (search <= subject.length) {
    const m = re.exec(subject, search);
    if (m === null) break;
    const [so, eo] = [m[0]!, m[1]!];
    // Splitting ignores empty matches at either end of the string or right after another match.
    if (!ignoreDegenerate || (so < subject.length && eo > prevEnd)) out.push(m);
    prevEnd = eo;
    search = so === eo ? eo + 1 : eo;
  }
  return out;
}

function groupText(subject: Subject, m: MatchSpans, g: number): string | null {
  const s = m[2 * g]!;
  const e = m[2 * g + 1]!;
  return s < 0 || e < 0 ? null : subject.slice(s, e);
}

/** regexp_match's result: the groups, or the whole match when there are none. */
function matchArray(re: CompiledRegex, subject: Subject, m: MatchSpans): Scalar[] {
  if (re.groupCount === 0) return [groupText(subject, m, 0)];
  const out: Scalar[] = [];
  for (let g = 1; g <= re.groupCount; g++) out.push(groupText(subject, m, g));
  return out;
}

function regexpMatch(s: string, pattern: string, flags: string | null): Scalar {
  const f = noGlobal(parseFunctionFlags(flags), 'regexp_match', 'Use the regexp_matches function instead.');
  const re = compileRegex(pattern, f);
  const subject = new Subject(s);
  const m = re.exec(subject, 0);
  return m === null ? null : matchArray(re, subject, m);
}

export const regexpMatchFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'regexp_match',
  description:
    'The captured substrings (or the whole match) of the first match, as text[]; NULL without a match.',
  example: "SELECT regexp_match('foobarbequebaz', '(bar)(beque)')",
  overloads: [
    overload([text, text], textArray, (v) => regexpMatch(v[0] as string, v[1] as string, null)),
    overload([text, text, text], textArray, (v) =>
      regexpMatch(v[0] as string, v[1] as string, v[2] as string),
    ),
  ],
};

function regexpLike(s: string, pattern: string, flags: string | null): boolean {
  const f = noGlobal(parseFunctionFlags(flags), 'regexp_like');
  return compileRegex(pattern, f).test(s);
}

export const regexpLikeFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'regexp_like',
  description: 'Whether the string matches the POSIX regular expression.',
  example: "SELECT regexp_like('Hello World', 'world$', 'i')",
  overloads: [
    overload([text, text], bool, (v) => regexpLike(v[0] as string, v[1] as string, null)),
    overload([text, text, text], bool, (v) => regexpLike(v[0] as string, v[1] as string, v[2] as string)),
  ],
};

/** Appends the replacement with \1…\9, \& and \\ expanded (PostgreSQL's appendStringInfoRegexpSubstr). */
function expandReplacement(replacement: string, subject: Subject, m: MatchSpans): string {
  if (!replacement.includes('\\')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = replacement[i + 1];
    if (next !== undefined && next >= '1' && next <= '9') {
      const g = Number(next);
      if (2 * g < m.length) out += groupText(subject, m, g) ?? '';
      i++;
    } else if (next === '&') {
      out += groupText(subject, m, 0) ?? '';
      i++;
    } else if (next === '\\') {
      out += '\\';
      i++;
    } else {
      out += '\\';
    }
  }
  return out;
}

/** Replaces the n-th match from `start` (every match when n is 0). */
function replaceMatches(
  s: string,
  pattern: string,
  replacement: string,
  flags: RegexFlags,
  start: number,
  n: number,
): string {
  const re = compileRegex(pattern, flags);
  const subject = new Subject(s);
  let out = '';
  let copied = 0;
  let search = start;
  let count = 0;
  while (search <= subject.length) {
    const m = re.exec(subject, search);
    if (m === null) break;
    const [so, eo] = [m[0]!, m[1]!];
    count++;
    if (n > 0 && count < n) {
      search = so === eo ? eo + 1 : eo;
      continue;
    }
    out += subject.slice(copied, so) + expandReplacement(replacement, subject, m);
    copied = eo;
    if (n > 0) break;
    search = so === eo ? eo + 1 : eo;
  }
  return out + subject.slice(copied, subject.length);
}

function replaceWithFlags(v: Scalar[]): string {
  const flags = v[3] as string;
  // A number in place of flags most likely meant the start parameter.
  if (flags.length > 0 && flags[0]! >= '0' && flags[0]! <= '9') {
    throw new LarchError(SqlState.invalidParameterValue, `invalid regular expression option: "${flags[0]}"`, {
      hint: 'If you meant to use regexp_replace() with a start parameter, cast the fourth argument to integer explicitly.',
    });
  }
  const f = parseFunctionFlags(flags);
  return replaceMatches(v[0] as string, v[1] as string, v[2] as string, f.flags, 0, f.global ? 0 : 1);
}

function replaceExtended(v: Scalar[]): string {
  const start = v[3] as number;
  if (start <= 0) throw invalidParameter('start', start);
  let n = 1;
  if (v.length > 4) {
    n = v[4] as number;
    if (n < 0) throw invalidParameter('n', n);
  }
  const f = parseFunctionFlags(v.length > 5 ? (v[5] as string) : null);
  return replaceMatches(v[0] as string, v[1] as string, v[2] as string, f.flags, start - 1, n);
}

export const regexpReplaceFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'regexp_replace',
  description:
    'Replaces the first match (every match with flag g, or the N-th from position start) of a POSIX regular expression; \\1…\\9 and \\& in the replacement insert captured text.',
  example: "SELECT regexp_replace('Thomas', '.[mN]a.', 'M')",
  overloads: [
    overload([text, text, text], text, (v) =>
      replaceMatches(v[0] as string, v[1] as string, v[2] as string, parseFunctionFlags(null).flags, 0, 1),
    ),
    overload([text, text, text, text], text, replaceWithFlags),
    overload([text, text, text, int4], text, replaceExtended),
    overload([text, text, text, int4, int4], text, replaceExtended),
    overload([text, text, text, int4, int4, text], text, replaceExtended),
  ],
};

/** The optional arguments shared by regexp_count, regexp_instr and regexp_substr. */
interface SearchArgs {
  start: number;
  n: number;
  endoption: number;
  flags: string | null;
  subexpr: number;
}

function checkStart(start: number): number {
  if (start <= 0) throw invalidParameter('start', start);
  return start;
}

function regexpCount(v: Scalar[]): number {
  const start = v.length > 2 ? checkStart(v[2] as number) : 1;
  const flags = noGlobal(parseFunctionFlags(v.length > 3 ? (v[3] as string) : null), 'regexp_count');
  const subject = new Subject(v[0] as string);
  return allMatches(compileRegex(v[1] as string, flags), subject, start - 1).length;
}

export const regexpCountFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'regexp_count',
  description: 'Number of matches of a POSIX regular expression, searching from position start (default 1).',
  example: "SELECT regexp_count('ABCABCAXYaxy', 'A.', 1, 'i')",
  overloads: [
    overload([text, text], int4, regexpCount),
    overload([text, text, int4], int4, regexpCount),
    overload([text, text, int4, text], int4, regexpCount),
  ],
};

/** The n-th match and the span of subexpression `subexpr` in it (0: the whole match), or null. */
function nthSpan(s: string, pattern: string, a: SearchArgs, fn: string): [Subject, number, number] | null {
  const flags = noGlobal(parseFunctionFlags(a.flags), fn);
  const re = compileRegex(pattern, flags);
  const subject = new Subject(s);
  const matches = allMatches(re, subject, a.start - 1);
  if (a.n > matches.length) return null;
  // As PostgreSQL, a subexpression number is ignored when the pattern has no groups at all.
  const groups = a.subexpr > 0 && re.groupCount > 0 ? re.groupCount : 1;
  if (a.subexpr > groups) return null;
  const g = a.subexpr > 0 && re.groupCount > 0 ? a.subexpr : 0;
  const m = matches[a.n - 1]!;
  const [so, eo] = [m[2 * g]!, m[2 * g + 1]!];
  return so < 0 || eo < 0 ? null : [subject, so, eo];
}

function searchArgs(v: Scalar[], positions: (keyof SearchArgs)[]): SearchArgs {
  const a: SearchArgs = { start: 1, n: 1, endoption: 0, flags: null, subexpr: 0 };
  positions.forEach((name, k) => {
    if (v.length <= k + 2) return;
    const x = v[k + 2]!;
    if (name === 'flags') {
      a.flags = x as string;
      return;
    }
    const value = x as number;
    if ((name === 'start' || name === 'n') && value <= 0) throw invalidParameter(name, value);
    if (name === 'endoption' && value !== 0 && value !== 1) throw invalidParameter(name, value);
    if (name === 'subexpr' && value < 0) throw invalidParameter(name, value);
    a[name] = value;
  });
  return a;
}

function regexpInstr(v: Scalar[]): number {
  const a = searchArgs(v, ['start', 'n', 'endoption', 'flags', 'subexpr']);
  const span = nthSpan(v[0] as string, v[1] as string, a, 'regexp_instr');
  if (span === null) return 0;
  return (a.endoption === 1 ? span[2] : span[1]) + 1;
}

export const regexpInstrFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'regexp_instr',
  description:
    'Position of the N-th match (or of its subexpression) of a POSIX regular expression: where it starts, or where it ends with endoption 1; 0 without a match.',
  example: "SELECT regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2)",
  overloads: [
    overload([text, text], int4, regexpInstr),
    overload([text, text, int4], int4, regexpInstr),
    overload([text, text, int4, int4], int4, regexpInstr),
    overload([text, text, int4, int4, int4], int4, regexpInstr),
    overload([text, text, int4, int4, int4, text], int4, regexpInstr),
    overload([text, text, int4, int4, int4, text, int4], int4, regexpInstr),
  ],
};

function regexpSubstr(v: Scalar[]): string | null {
  const a = searchArgs(v, ['start', 'n', 'flags', 'subexpr']);
  const span = nthSpan(v[0] as string, v[1] as string, a, 'regexp_substr');
  return span === null ? null : span[0].slice(span[1], span[2]);
}

export const regexpSubstrFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'regexp_substr',
  description: 'The N-th match (or its subexpression) of a POSIX regular expression; NULL without a match.',
  example: "SELECT regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2)",
  overloads: [
    overload([text, text], text, regexpSubstr),
    overload([text, text, int4], text, regexpSubstr),
    overload([text, text, int4, int4], text, regexpSubstr),
    overload([text, text, int4, int4, text], text, regexpSubstr),
    overload([text, text, int4, int4, text, int4], text, regexpSubstr),
  ],
};

function splitToArray(s: string, pattern: string, flags: string | null): string[] {
  const f = noGlobal(parseFunctionFlags(flags), 'regexp_split_to_array');
  const subject = new Subject(s);
  const out: string[] = [];
  let prev = 0;
  for (const m of allMatches(compileRegex(pattern, f), subject, 0, true)) {
    out.push(subject.slice(prev, m[0]!));
    prev = m[1]!;
  }
  out.push(subject.slice(prev, subject.length));
  return out;
}

export const regexpSplitToArrayFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'regexp_split_to_array',
  description: 'Splits the string at each match of a POSIX regular expression.',
  example: "SELECT regexp_split_to_array('hello world', '\\s+')",
  overloads: [
    overload([text, text], textArray, (v) => splitToArray(v[0] as string, v[1] as string, null)),
    overload([text, text, text], textArray, (v) =>
      splitToArray(v[0] as string, v[1] as string, v[2] as string),
    ),
  ],
};

/** substring(s FROM pattern): the first parenthesized subexpression's match, or the whole match. */
export function regexSubstring(s: string, pattern: string): string | null {
  const re = compileRegex(pattern);
  const subject = new Subject(s);
  const m = re.exec(subject, 0);
  if (m === null) return null;
  return groupText(subject, m, re.groupCount > 0 ? 1 : 0);
}
