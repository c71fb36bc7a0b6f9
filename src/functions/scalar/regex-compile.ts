// Compiled PostgreSQL regular expressions: the ARE translated to a JavaScript regex, which finds
// where matches start (leftmost is the same under both engines) and answers whole matches when the
// pattern leaves no choice; PostgreSQL's longest-match rules take over where it does. Positions
// are code points, as PostgreSQL counts characters.
//
// Not supported exactly: patterns with back references follow JavaScript's leftmost-first rules
// (and compare case-insensitively as JavaScript folds case); nested quantifiers such as (a|aa)*x
// can make JavaScript's backtracking search exponential where PostgreSQL's automata stay linear;
// PostgreSQL's NFA size limits ("regular expression is too complex") are not enforced.

import { LarchError, SqlState } from '../../engine/errors.js';
import { PosixProgram, type PositionedText, needsPosixRules } from './regex-posix.js';
import { DEFAULT_FLAGS, emitSource, parseRegex, type RegexFlags, withFlagLetter } from './regex-syntax.js';

/** A string with conversions between code point positions and UTF-16 offsets. */
export class Subject implements PositionedText {
  readonly length: number;
  /** UTF-16 offset of each code point (and of the end); null when they coincide. */
  private readonly offsets: Int32Array | null;

  constructor(readonly text: string) {
    if (!/[\uD800-\uDFFF]/.test(text)) {
      this.length = text.length;
      this.offsets = null;
      return;
    }
    const offsets: number[] = [];
    for (let i = 0; i < text.length;) {
      offsets.push(i);
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    }
    offsets.push(text.length);
    this.length = offsets.length - 1;
    this.offsets = Int32Array.from(offsets);
  }

  offset(cp: number): number {
    return this.offsets === null ? cp : this.offsets[cp]!;
  }

  /** The code point position of a UTF-16 offset that starts a character. */
  position(unit: number): number {
    const o = this.offsets;
    if (o === null) return unit;
    let lo = 0;
    let hi = o.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (o[mid]! < unit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.offset(start), this.offset(end));
  }
}

/** [start, end, g1start, g1end, …] in code points; -1 for groups that did not take part. */
export type MatchSpans = Int32Array;

export class CompiledRegex {
  readonly groupCount: number;
  private readonly search: RegExp;
  private readonly tester: RegExp;
  private readonly posix: PosixProgram | null;

  constructor(pattern: string, flags: RegexFlags) {
    const parsed = parseRegex(pattern, flags);
    this.groupCount = parsed.groups;
    const source = emitSource(parsed.root);
    // Case-insensitivity is built into the translated pattern, except for back references.
    const jsFlags = parsed.hasBackrefs && parsed.flags.icase ? 'vi' : 'v';
    try {
      this.search = new RegExp(source, `${jsFlags}dg`);
      this.tester = new RegExp(source, jsFlags);
      this.posix =
        !parsed.hasBackrefs && needsPosixRules(parsed.root)
          ? new PosixProgram(parsed.root, parsed.groups, jsFlags)
          : null;
    } catch (e) {
      throw new LarchError(
        SqlState.invalidRegularExpression,
        `invalid regular expression: ${(e as Error).message}`,
      );
    }
  }

  test(text: string): boolean {
    return this.tester.test(text);
  }

  /** The first match starting at or after code point `from`. */
  exec(subject: Subject, from: number): MatchSpans | null {
    const re = this.search;
    re.lastIndex = subject.offset(from);
    const m = re.exec(subject.text);
    if (m === null) return null;
    const start = subject.position(m.index);
    if (this.posix !== null) {
      const spans = this.posix.matchAt(subject, start);
      if (spans !== null) return spans;
    }
    const spans = new Int32Array(2 * (this.groupCount + 1)).fill(-1);
    const indices = m.indices!;
    for (let g = 0; g <= this.groupCount; g++) {
      const span = indices[g];
      if (span === undefined) continue;
      spans[2 * g] = subject.position(span[0]);
      spans[2 * g + 1] = subject.position(span[1]);
    }
    return spans;
  }
}

const cache = new Map<string, CompiledRegex>();

function flagsKey(f: RegexFlags): string {
  return `${+f.icase}${+f.nlstop}${+f.nlanch}${+f.expanded}${+f.quote}`;
}

/** Compiles (or reuses) a pattern; raises invalid_regular_expression as PostgreSQL does. */
export function compileRegex(pattern: string, flags: RegexFlags = DEFAULT_FLAGS): CompiledRegex {
  const key = `${flagsKey(flags)}:${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    if (cache.size >= 1000) cache.clear();
    re = new CompiledRegex(pattern, flags);
    cache.set(key, re);
  }
  return re;
}

export interface FunctionFlags {
  readonly flags: RegexFlags;
  readonly global: boolean;
}

/** The flags argument of the regexp_* functions (PostgreSQL's parse_re_flags). */
export function parseFunctionFlags(text: string | null | undefined): FunctionFlags {
  let f: RegexFlags = DEFAULT_FLAGS;
  let global = false;
  for (const c of text ?? '') {
    if (c === 'g') {
      global = true;
      continue;
    }
    const next = withFlagLetter(f, c);
    if (next === null)
      throw new LarchError(SqlState.invalidParameterValue, `invalid regular expression option: "${c}"`);
    f = next;
  }
  return { flags: f, global };
}

/** Rejects the g flag for functions that return one match, as PostgreSQL does. */
export function noGlobal(f: FunctionFlags, fn: string, hint?: string): RegexFlags {
  if (f.global) {
    throw new LarchError(SqlState.invalidParameterValue, `${fn}() does not support the "global" option`, {
      hint,
    });
  }
  return f.flags;
}
