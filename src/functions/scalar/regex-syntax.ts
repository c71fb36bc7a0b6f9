// Parses PostgreSQL's advanced regular expressions (AREs) into a syntax tree whose leaves are
// JavaScript regex fragments (`v` flag), raising PostgreSQL's errors for invalid patterns.
//
// Supported: everything of the ARE syntax — escapes (\d \w \s, \m \M \y \Y \A \Z, \a \b \e \cX
// \uXXXX \UXXXXXXXX \xHH… octal), bracket expressions with [:class:], [.name.], [=x=], back
// references, lookahead and lookbehind, (?:…), (?#…) comments, ***= and ***: prefixes, embedded
// options (?bcegimnpqstwx) and the newline-sensitive modes. Character classes follow glibc's
// UTF-8 locales (what PostgreSQL uses under C.UTF-8 or en_US.UTF-8). Not supported: the BRE and
// ERE flavours (options b and e), which raise feature_not_supported.

import { LarchError, SqlState } from '../../engine/errors.js';
import { toLowerCp, toUpperCp } from './unicode-case.js';

export interface RegexFlags {
  readonly icase: boolean;
  /** `.` and [^…] do not match a newline (REG_NLSTOP). */
  readonly nlstop: boolean;
  /** ^ and $ also match next to a newline (REG_NLANCH). */
  readonly nlanch: boolean;
  readonly expanded: boolean;
  /** The pattern is a literal string. */
  readonly quote: boolean;
}

export const DEFAULT_FLAGS: RegexFlags = {
  icase: false,
  nlstop: false,
  nlanch: false,
  expanded: false,
  quote: false,
};

/** Greediness as PostgreSQL records it: prefers longer, shorter, or no preference. */
export type Prefer = 'long' | 'short' | null;

export type ReNode =
  /** One character matched by `source` (a JavaScript class or escaped character). */
  | { readonly kind: 'atom'; readonly source: string }
  /** A zero-width constraint: anchors, word boundaries, lookaround. */
  | { readonly kind: 'assert'; readonly source: string }
  /** Parentheses; `capture` is the group number, 0 when non-capturing. */
  | { readonly kind: 'group'; readonly capture: number; readonly body: ReNode }
  | { readonly kind: 'concat'; readonly items: readonly ReNode[] }
  | { readonly kind: 'alt'; readonly branches: readonly ReNode[] }
  | {
      readonly kind: 'repeat';
      readonly body: ReNode;
      readonly min: number;
      readonly max: number;
      /** The quantifier's own preference: null for {m}, which passes the atom's through. */
      readonly prefer: Prefer;
      /** JavaScript quantifier suffix: `*?`, `{2,5}` … */
      readonly suffix: string;
    }
  | { readonly kind: 'backref'; readonly group: number };

export interface ParsedRegex {
  readonly root: ReNode;
  readonly groups: number;
  readonly flags: RegexFlags;
  readonly hasBackrefs: boolean;
}

const MESSAGES = {
  escape: 'invalid escape \\ sequence',
  bracket: 'brackets [] not balanced',
  paren: 'parentheses () not balanced',
  brace: 'braces {} not balanced',
  count: 'invalid repetition count(s)',
  range: 'invalid character range',
  ctype: 'invalid character class',
  collate: 'invalid collating element',
  subreg: 'invalid backreference number',
  badrpt: 'quantifier operand invalid',
  badopt: 'invalid embedded option',
  badpat: 'invalid regexp (reg version 0.8)',
} as const;

export function regexError(kind: keyof typeof MESSAGES): LarchError {
  return new LarchError(SqlState.invalidRegularExpression, `invalid regular expression: ${MESSAGES[kind]}`);
}

const DUPMAX = 255;
const INFINITE = Number.POSITIVE_INFINITY;

/** JavaScript (`v` flag) sources of the POSIX classes, as glibc's UTF-8 locales classify characters. */
const NOBREAK_SPACES = '\\u{a0}\\u{2007}\\u{202f}';
const SPACE = `[\\t-\\r\\p{Zl}\\p{Zp}[\\p{Zs}--[${NOBREAK_SPACES}]]]`;
const ALNUM = '[\\p{Alphabetic}\\p{Nd}]';
const GRAPH = `[\\P{Cn}--[\\p{Cc}\\p{Cs}\\p{Zl}\\p{Zp}[\\p{Zs}--[${NOBREAK_SPACES}]]]]`;
export const WORD_CLASS = '[\\p{Alphabetic}\\p{Nd}_]';

const CLASSES: Record<string, string> = {
  alpha: '[[\\p{Alphabetic}\\p{Nd}]--[0-9]]',
  digit: '[0-9]',
  alnum: ALNUM,
  upper: '[\\p{Uppercase}\\p{Changes_When_Lowercased}]',
  lower: '[\\p{Lowercase}\\p{Changes_When_Uppercased}]',
  space: SPACE,
  blank: '[\\t ]',
  cntrl: '[\\0-\\x1f\\x7f-\\x9f]',
  print: '[\\P{Cn}--[\\p{Cc}\\p{Cs}\\p{Zl}\\p{Zp}]]',
  graph: GRAPH,
  punct: `[${GRAPH}--${ALNUM}]`,
  xdigit: '[0-9A-Fa-f]',
  ascii: '[\\0-\\x7f]',
  word: WORD_CLASS,
};

/** POSIX names for collating elements ([.space.]), as PostgreSQL's regc_locale.c lists them. */
const COLLATING_NAMES: Record<string, number> = (() => {
  const names: Record<string, number> = {};
  const control =
    'NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US';
  control.split(' ').forEach((n, i) => (names[n] = i));
  Object.assign(names, { IS4: 28, IS3: 29, IS2: 30, IS1: 31 });
  Object.assign(names, {
    alert: 7,
    backspace: 8,
    tab: 9,
    newline: 10,
    'vertical-tab': 11,
    'form-feed': 12,
    'carriage-return': 13,
    DEL: 127,
  });
  const punctuation: [string, string][] = [
    ['space', ' '],
    ['exclamation-mark', '!'],
    ['quotation-mark', '"'],
    ['number-sign', '#'],
    ['dollar-sign', '$'],
    ['percent-sign', '%'],
    ['ampersand', '&'],
    ['apostrophe', "'"],
    ['left-parenthesis', '('],
    ['right-parenthesis', ')'],
    ['asterisk', '*'],
    ['plus-sign', '+'],
    ['comma', ','],
    ['hyphen', '-'],
    ['hyphen-minus', '-'],
    ['period', '.'],
    ['full-stop', '.'],
    ['slash', '/'],
    ['solidus', '/'],
    ['colon', ':'],
    ['semicolon', ';'],
    ['less-than-sign', '<'],
    ['equals-sign', '='],
    ['greater-than-sign', '>'],
    ['question-mark', '?'],
    ['commercial-at', '@'],
    ['left-square-bracket', '['],
    ['backslash', '\\'],
    ['reverse-solidus', '\\'],
    ['right-square-bracket', ']'],
    ['circumflex', '^'],
    ['circumflex-accent', '^'],
    ['underscore', '_'],
    ['low-line', '_'],
    ['grave-accent', '`'],
    ['left-brace', '{'],
    ['left-curly-bracket', '{'],
    ['vertical-line', '|'],
    ['right-brace', '}'],
    ['right-curly-bracket', '}'],
    ['tilde', '~'],
  ];
  for (const [n, c] of punctuation) names[n] = c.codePointAt(0)!;
  'zero one two three four five six seven eight nine'.split(' ').forEach((n, i) => (names[n] = 48 + i));
  return names;
})();

/** A code point as a JavaScript regex escape that is valid inside and outside classes. */
export function cpSource(cp: number): string {
  const isWordChar = (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return isWordChar ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isAsciiAlpha(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

/** An escape's meaning: a character, a class (or its complement), a constraint or a back reference. */
type Escape =
  | { readonly t: 'char'; readonly cp: number }
  | { readonly t: 'class'; readonly name: string; readonly negated: boolean }
  | { readonly t: 'assert'; readonly which: 'A' | 'Z' | 'm' | 'M' | 'y' | 'Y' }
  | { readonly t: 'backref'; readonly group: number };

const ESCAPE_CHARS: Record<string, number> = {
  a: 7,
  b: 8,
  B: 0x5c,
  e: 0x1b,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
};
const ESCAPE_CLASSES: Record<string, string> = { d: 'digit', s: 'space', w: 'word' };

/** A bracket-expression item before it becomes JavaScript: characters, ranges and classes. */
type BracketPart =
  /** `single`: a lone character, which under case-insensitivity stands for its two cases only. */
  | { readonly t: 'range'; readonly from: number; readonly to: number; readonly single?: boolean }
  | { readonly t: 'class'; readonly name: string; readonly negated: boolean };

class Parser {
  private readonly cs: string[];
  private i = 0;
  private groups = 0;
  private readonly closed = new Set<number>();
  private hasBackrefs = false;
  flags: RegexFlags;

  constructor(pattern: string, flags: RegexFlags) {
    this.cs = Array.from(pattern);
    this.flags = flags;
  }

  parse(): ParsedRegex {
    this.prefixes();
    let root: ReNode;
    if (this.flags.quote) {
      root = { kind: 'concat', items: this.cs.slice(this.i).map((c) => this.charAtom(c.codePointAt(0)!)) };
    } else {
      root = this.alternation(false, false);
      if (this.i < this.cs.length) throw regexError('paren');
    }
    return { root, groups: this.groups, flags: this.flags, hasBackrefs: this.hasBackrefs };
  }

  private peek(k = 0): string | undefined {
    return this.cs[this.i + k];
  }

  private atEnd(): boolean {
    return this.i >= this.cs.length;
  }

  /** ***=, ***: and (?options) at the start of the pattern. */
  private prefixes(): void {
    if (this.flags.quote) return;
    if (this.peek() === '*' && this.peek(1) === '*' && this.peek(2) === '*' && this.peek(3) !== undefined) {
      const c = this.peek(3);
      if (c === '?') throw regexError('badpat');
      if (c === '=') {
        this.flags = { ...this.flags, quote: true, expanded: false, nlstop: false, nlanch: false };
        this.i += 4;
        return;
      }
      if (c !== ':') throw regexError('badrpt');
      this.i += 4;
    }
    if (this.peek() === '(' && this.peek(1) === '?' && isAsciiAlpha(this.peek(2))) {
      this.i += 2;
      let f: RegexFlags = this.flags;
      while (isAsciiAlpha(this.peek())) {
        const c = this.cs[this.i++]!;
        const next = withFlagLetter(f, c);
        if (next === null) throw regexError('badopt');
        f = next;
      }
      if (this.peek() !== ')') throw regexError('badopt');
      this.i++;
      if (f.quote) f = { ...f, expanded: false, nlstop: false, nlanch: false };
      this.flags = f;
    }
  }

  /** Skips what the lexer ignores between tokens: (?#…) comments, and blanks and # comments under x. */
  private skipIgnorable(): void {
    for (;;) {
      if (this.flags.expanded) {
        while (isSpace(this.peek())) this.i++;
        if (this.peek() === '#') {
          while (!this.atEnd() && this.peek() !== '\n') this.i++;
          continue;
        }
      }
      if (this.peek() === '(' && this.peek(1) === '?' && this.peek(2) === '#') {
        this.i += 3;
        while (!this.atEnd() && this.peek() !== ')') this.i++;
        if (!this.atEnd()) this.i++;
        continue;
      }
      return;
    }
  }

  private alternation(inParens: boolean, inLookaround: boolean): ReNode {
    const branches = [this.branch(inParens, inLookaround)];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.branch(inParens, inLookaround));
    }
    if (inParens) {
      if (this.peek() !== ')') throw regexError('paren');
      this.i++;
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches };
  }

  private branch(inParens: boolean, inLookaround: boolean): ReNode {
    const items: ReNode[] = [];
    for (;;) {
      this.skipIgnorable();
      const c = this.peek();
      if (c === undefined || c === '|' || (c === ')' && inParens)) break;
      const item = this.quantifiedAtom(inLookaround);
      if (item !== null) items.push(item);
    }
    return items.length === 1 ? items[0]! : { kind: 'concat', items };
  }

  /** One atom or constraint with its quantifier; null for {0} of something without captures. */
  private quantifiedAtom(inLookaround: boolean): ReNode | null {
    const c = this.cs[this.i]!;
    let atom: ReNode;
    let constraint = false;
    switch (c) {
      case '^':
        this.i++;
        atom = { kind: 'assert', source: this.flags.nlanch ? '(?<![^\\n])' : '^' };
        constraint = true;
        break;
      case '$':
        this.i++;
        atom = { kind: 'assert', source: this.flags.nlanch ? '(?![^\\n])' : '$' };
        constraint = true;
        break;
      case '(':
        [atom, constraint] = this.parenthesized(inLookaround);
        break;
      case '[': {
        const boundary = this.wordBracket();
        if (boundary !== null) {
          atom = boundary;
          constraint = true;
        } else {
          this.i++;
          atom = { kind: 'atom', source: this.bracket() };
        }
        break;
      }
      case '.':
        this.i++;
        atom = { kind: 'atom', source: this.flags.nlstop ? '[^\\n]' : '[\\s\\S]' };
        break;
      case '\\': {
        this.i++;
        const e = this.escape(false);
        if (e.t === 'assert') {
          atom = { kind: 'assert', source: assertSource(e.which) };
          constraint = true;
        } else if (e.t === 'backref') {
          if (inLookaround || !this.closed.has(e.group)) throw regexError('subreg');
          this.hasBackrefs = true;
          atom = { kind: 'backref', group: e.group };
        } else if (e.t === 'class') {
          atom = { kind: 'atom', source: classSource(e.name, e.negated, this.flags.icase) };
        } else {
          atom = this.charAtom(e.cp);
        }
        break;
      }
      case '*':
      case '+':
      case '?':
        throw regexError('badrpt');
      case '{':
        if (isDigit(this.peekAfterBlanks(1))) throw regexError('badrpt');
        this.i++;
        atom = this.charAtom(0x7b);
        break;
      case ')':
        throw regexError('paren');
      default:
        this.i++;
        atom = this.charAtom(c.codePointAt(0)!);
    }
    return this.quantifier(atom, constraint);
  }

  /** The character k places ahead, skipping blanks and comments under the x option. */
  private peekAfterBlanks(k: number): string | undefined {
    if (!this.flags.expanded) return this.peek(k);
    const save = this.i;
    this.i += k;
    this.skipIgnorable();
    const c = this.peek();
    this.i = save;
    return c;
  }

  private quantifier(atom: ReNode, constraint: boolean): ReNode | null {
    this.skipIgnorable();
    const c = this.peek();
    let min: number;
    let max: number;
    let prefer: Prefer;
    let suffix: string;
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      const lazy = this.peek() === '?';
      if (lazy) this.i++;
      [min, max] = c === '*' ? [0, INFINITE] : c === '+' ? [1, INFINITE] : [0, 1];
      prefer = lazy ? 'short' : 'long';
      suffix = c + (lazy ? '?' : '');
    } else if (c === '{' && isDigit(this.peekAfterBlanks(1))) {
      this.i++;
      min = this.number();
      let exact = true;
      max = min;
      this.skipIgnorable();
      if (this.peek() === ',') {
        this.i++;
        exact = false;
        this.skipIgnorable();
        max = isDigit(this.peek()) ? this.number() : INFINITE;
        if (min > max) throw regexError('count');
      }
      this.skipIgnorable();
      if (this.atEnd()) throw regexError('brace');
      if (this.peek() !== '}') throw regexError('count');
      this.i++;
      const lazy = this.peek() === '?';
      if (lazy) this.i++;
      prefer = exact ? null : lazy ? 'short' : 'long';
      suffix = `{${min}${exact ? '' : `,${max === INFINITE ? '' : max}`}}${lazy ? '?' : ''}`;
    } else {
      return atom;
    }
    if (constraint) throw regexError('badrpt');
    if (max === 0 && !hasCapture(atom)) return null;
    return { kind: 'repeat', body: atom, min, max, prefer, suffix };
  }

  /** Digits of a bound, at most DUPMAX. */
  private number(): number {
    let n = 0;
    while (isDigit(this.peek()) && n < DUPMAX) {
      n = n * 10 + Number(this.cs[this.i++]);
      this.skipIgnorable();
    }
    if (isDigit(this.peek()) || n > DUPMAX) throw regexError('count');
    return n;
  }

  /** ( … ) in all its forms; returns the node and whether it is a constraint (lookaround). */
  private parenthesized(inLookaround: boolean): [ReNode, boolean] {
    this.i++;
    if (this.peek() === '?') {
      this.i++;
      const c = this.cs[this.i++];
      if (c === ':')
        return [{ kind: 'group', capture: 0, body: this.alternation(true, inLookaround) }, false];
      let look: string;
      if (c === '=' || c === '!') look = `(?${c}`;
      else if (c === '<' && (this.peek() === '=' || this.peek() === '!')) look = `(?<${this.cs[this.i++]!}`;
      else throw regexError('badrpt');
      const body = this.alternation(true, true);
      return [{ kind: 'assert', source: `${look}${emitSource(body)})` }, true];
    }
    const capture = inLookaround ? 0 : ++this.groups;
    const body = this.alternation(true, inLookaround);
    if (capture > 0) this.closed.add(capture);
    return [{ kind: 'group', capture, body }, false];
  }

  /** [[:<:]] and [[:>:]], PostgreSQL's spellings of \m and \M. */
  private wordBracket(): ReNode | null {
    const s = this.cs.slice(this.i, this.i + 7).join('');
    if (s === '[[:<:]]' || s === '[[:>:]]') {
      this.i += 7;
      return { kind: 'assert', source: assertSource(s === '[[:<:]]' ? 'm' : 'M') };
    }
    return null;
  }

  /** A literal character; under case-insensitivity, its lower- and upper-case forms (as PostgreSQL). */
  private charAtom(cp: number): ReNode {
    if (!this.flags.icase) return { kind: 'atom', source: cpSource(cp) };
    const single = toLowerCp(cp) === toUpperCp(cp);
    return { kind: 'atom', source: single ? caseVariants(cp) : `[${caseVariants(cp)}]` };
  }

  /** The escape after a backslash, outside (false) or inside (true) a bracket expression. */
  private escape(inBracket: boolean): Escape {
    if (this.atEnd()) throw regexError('escape');
    const c = this.cs[this.i++]!;
    if (!isAsciiAlpha(c) && !isDigit(c)) return { t: 'char', cp: c.codePointAt(0)! };
    const simple = ESCAPE_CHARS[c];
    if (simple !== undefined) return { t: 'char', cp: simple };
    const lower = c.toLowerCase();
    const cls = ESCAPE_CLASSES[lower];
    if (cls !== undefined) return { t: 'class', name: cls, negated: c !== lower };
    switch (c) {
      case 'c': {
        if (this.atEnd()) throw regexError('escape');
        return { t: 'char', cp: this.cs[this.i++]!.codePointAt(0)! & 0x1f };
      }
      case 'u':
        return { t: 'char', cp: this.hexDigits(4, 4) };
      case 'U':
        return { t: 'char', cp: this.hexDigits(8, 8) };
      case 'x':
        return { t: 'char', cp: this.hexDigits(1, 255) };
      case 'A':
      case 'Z':
      case 'm':
      case 'M':
      case 'y':
      case 'Y':
        if (inBracket) throw regexError('escape');
        return { t: 'assert', which: c };
      case '0':
        this.i--;
        return { t: 'char', cp: this.octal() };
      default:
        break;
    }
    if (isDigit(c)) {
      // A back reference when it is one digit or names a group opened so far; otherwise octal.
      const start = this.i - 1;
      let n = Number(c);
      while (isDigit(this.peek())) n = n * 10 + Number(this.cs[this.i++]);
      if (this.i === start + 1 || (n > 0 && n <= this.groups)) {
        if (inBracket) throw regexError('escape');
        return { t: 'backref', group: n };
      }
      this.i = start;
      return { t: 'char', cp: this.octal() };
    }
    throw regexError('escape');
  }

  private hexDigits(min: number, max: number): number {
    let n = 0;
    let count = 0;
    while (count < max && /^[0-9a-fA-F]$/.test(this.peek() ?? '')) {
      n = n * 16 + parseInt(this.cs[this.i++]!, 16);
      count++;
      if (n > 0x10ffff) throw regexError('escape');
    }
    if (count < min) throw regexError('escape');
    return n;
  }

  /** One to three octal digits, dropping the last one when the value would pass 0xff. */
  private octal(): number {
    let n = 0;
    let count = 0;
    while (count < 3 && /^[0-7]$/.test(this.peek() ?? '')) {
      n = n * 8 + Number(this.cs[this.i++]);
      count++;
    }
    if (count === 0) throw regexError('escape');
    if (n > 0xff) {
      this.i--;
      n >>= 3;
    }
    return n;
  }

  /** A bracket expression after its `[`; returns its JavaScript class source. */
  private bracket(): string {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    const parts: BracketPart[] = [];
    let first = true;
    for (;;) {
      if (this.atEnd()) throw regexError('bracket');
      const c = this.peek()!;
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      if (c === '-' && !first && this.peek(1) !== ']') throw regexError('range');
      const start = this.bracketElement(false);
      first = false;
      if (start.t === 'class') {
        parts.push(start);
        continue;
      }
      if (start.t === 'eclass') {
        parts.push({ t: 'range', from: start.cp, to: start.cp });
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const end = this.bracketElement(true);
        if (end.t !== 'char') throw regexError('range');
        if (end.cp < start.cp) throw regexError('range');
        parts.push({ t: 'range', from: start.cp, to: end.cp });
      } else {
        parts.push({ t: 'range', from: start.cp, to: start.cp, single: start.t === 'char' && !start.named });
      }
    }
    const body = parts.map((p) => this.partSource(p)).join('');
    return negated ? `[^${body}${this.flags.nlstop ? '\\n' : ''}]` : `[${body}]`;
  }

  /** One element: a character, [.x.], [=x=], [:class:] or an escape. */
  private bracketElement(
    rangeEnd: boolean,
  ): { t: 'char' | 'eclass'; cp: number; named?: boolean } | { t: 'class'; name: string; negated: boolean } {
    const c = this.cs[this.i]!;
    if (c === '[' && (this.peek(1) === '.' || this.peek(1) === '=' || this.peek(1) === ':')) {
      const kind = this.peek(1)!;
      this.i += 2;
      const start = this.i;
      while (!(this.peek() === kind && this.peek(1) === ']')) {
        if (this.atEnd()) throw regexError('bracket');
        this.i++;
      }
      const name = this.cs.slice(start, this.i).join('');
      this.i += 2;
      if (kind === ':') {
        if (rangeEnd) throw regexError('range');
        if (name === '' || CLASSES[name] === undefined) throw regexError('ctype');
        return { t: 'class', name, negated: false };
      }
      const cp = collatingElement(name);
      if (kind === '=' && rangeEnd) throw regexError('range');
      return { t: kind === '=' ? 'eclass' : 'char', cp, named: true };
    }
    if (c === '[' && this.peek(1) === undefined) throw regexError('bracket');
    if (c === '\\') {
      this.i++;
      const e = this.escape(true);
      if (e.t === 'char') return e;
      if (e.t === 'class') {
        if (rangeEnd) throw regexError('range');
        return { t: 'class', name: e.name, negated: e.negated };
      }
      throw regexError('escape');
    }
    this.i++;
    return { t: 'char', cp: c.codePointAt(0)! };
  }

  private partSource(p: BracketPart): string {
    if (p.t === 'class') return classSource(p.name, p.negated, this.flags.icase);
    if (p.single && this.flags.icase) return caseVariants(p.from);
    const base = p.from === p.to ? cpSource(p.from) : `${cpSource(p.from)}-${cpSource(p.to)}`;
    if (!this.flags.icase) return base;
    // PostgreSQL adds the case counterparts of each character in the range (up to 100000 of them).
    let extra = '';
    const last = Math.min(p.to, p.from + 99999);
    for (let cp = p.from; cp <= last; cp++) {
      for (const other of [toLowerCp(cp), toUpperCp(cp)]) {
        if (other !== cp && (other < p.from || other > p.to)) extra += cpSource(other);
      }
    }
    return base + extra;
  }
}

/**
 * A character's lower- and upper-case forms as class members: what PostgreSQL matches for a
 * case-insensitive character, which need not include the character itself (title-case ǅ).
 */
function caseVariants(cp: number): string {
  const lower = toLowerCp(cp);
  const upper = toUpperCp(cp);
  return lower === upper ? cpSource(lower) : cpSource(lower) + cpSource(upper);
}

/**
 * `f` with one flag letter applied (the letters embedded options and the regexp_* flags argument
 * share); null for a letter that is not a flag. The `b` and `e` flavours are refused.
 */
export function withFlagLetter(f: RegexFlags, c: string): RegexFlags | null {
  switch (c) {
    case 'c':
      return { ...f, icase: false };
    case 'i':
      return { ...f, icase: true };
    case 'm':
    case 'n':
      return { ...f, nlstop: true, nlanch: true };
    case 'p':
      return { ...f, nlstop: true, nlanch: false };
    case 'q':
      return { ...f, quote: true };
    case 's':
      return { ...f, nlstop: false, nlanch: false };
    case 't':
      return { ...f, expanded: false };
    case 'w':
      return { ...f, nlstop: false, nlanch: true };
    case 'x':
      return { ...f, expanded: true };
    case 'b':
    case 'e':
      throw unsupportedFlavour();
    default:
      return null;
  }
}

export function unsupportedFlavour(): LarchError {
  return new LarchError(
    SqlState.featureNotSupported,
    'basic and extended regular expressions (options b and e) are not supported; use advanced ones',
  );
}

function collatingElement(name: string): number {
  const cps = Array.from(name);
  if (cps.length === 1) return cps[0]!.codePointAt(0)!;
  const named = COLLATING_NAMES[name];
  if (named === undefined) throw regexError('collate');
  return named;
}

/** A class (\d, [:alpha:] …), complemented for \D \S \W; upper and lower mean alpha without case. */
function classSource(name: string, negated: boolean, icase: boolean): string {
  const effective = icase && (name === 'upper' || name === 'lower') ? 'alpha' : name;
  const source = CLASSES[effective]!;
  return negated ? `[^${source}]` : source;
}

function assertSource(which: 'A' | 'Z' | 'm' | 'M' | 'y' | 'Y'): string {
  const w = WORD_CLASS;
  switch (which) {
    case 'A':
      return '^';
    case 'Z':
      return '$';
    case 'm':
      return `(?<!${w})(?=${w})`;
    case 'M':
      return `(?<=${w})(?!${w})`;
    case 'y':
      return `(?:(?<!${w})(?=${w})|(?<=${w})(?!${w}))`;
    case 'Y':
      return `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`;
  }
}

export function hasCapture(node: ReNode): boolean {
  switch (node.kind) {
    case 'group':
      return node.capture > 0 || hasCapture(node.body);
    case 'concat':
      return node.items.some(hasCapture);
    case 'alt':
      return node.branches.some(hasCapture);
    case 'repeat':
      return hasCapture(node.body);
    default:
      return false;
  }
}

/** The JavaScript regex source (`v` flag) of a tree; group numbers are kept. */
export function emitSource(node: ReNode): string {
  switch (node.kind) {
    case 'atom':
    case 'assert':
      return node.source;
    case 'group':
      return `(${node.capture > 0 ? '' : '?:'}${emitSource(node.body)})`;
    case 'concat':
      return node.items.map(emitSource).join('');
    case 'alt':
      return `(?:${node.branches.map(emitSource).join('|')})`;
    case 'repeat': {
      const b = node.body;
      const body = b.kind === 'atom' || b.kind === 'group' ? emitSource(b) : `(?:${emitSource(b)})`;
      return body + node.suffix;
    }
    case 'backref':
      return `(?:\\${node.group})`;
  }
}

export function parseRegex(pattern: string, flags: RegexFlags): ParsedRegex {
  return new Parser(pattern, flags).parse();
}
