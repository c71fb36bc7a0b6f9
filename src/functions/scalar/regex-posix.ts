// PostgreSQL's matching rules for regular expressions whose result JavaScript's backtracking would
// choose differently: alternations, non-greedy quantifiers and quantified groups. PostgreSQL takes
// the longest match at the leftmost start (the shortest when the whole RE is non-greedy), then
// places each subexpression by its own greediness (the "dissect" of regexec.c): a concatenation
// gives its left part the longest (or shortest) span that lets the rest match, an alternation the
// first branch that fits, an iteration the longest (shortest) iterations first, capturing only the
// last one. Possible ends of every node are computed once per start position (memoized sets), so
// the work is polynomial; leaves are JavaScript sticky regexes tested at one position.

import type { Prefer, ReNode } from './regex-syntax.js';
import { hasCapture } from './regex-syntax.js';

/** Text with code point positions; offsets are UTF-16 indexes for JavaScript regexes. */
export interface PositionedText {
  readonly text: string;
  /** Number of code points. */
  readonly length: number;
  offset(cp: number): number;
}

type PNode =
  | {
      readonly t: 'atom';
      readonly id: number;
      /** Anchored test of one character, with its answers remembered per code point. */
      readonly re: RegExp;
      readonly seen: Map<number, boolean>;
      readonly prefer: Prefer;
    }
  | { readonly t: 'assert'; readonly id: number; readonly re: RegExp; readonly prefer: Prefer }
  | { readonly t: 'empty'; readonly id: number; readonly prefer: Prefer }
  | {
      readonly t: 'seq';
      readonly id: number;
      readonly left: PNode;
      readonly right: PNode;
      readonly prefer: Prefer;
      readonly caps: boolean;
    }
  | { readonly t: 'alt'; readonly id: number; readonly branches: PNode[]; readonly caps: boolean }
  | { readonly t: 'cap'; readonly id: number; readonly group: number; readonly body: PNode }
  | {
      readonly t: 'rep';
      readonly id: number;
      readonly body: PNode;
      readonly min: number;
      readonly max: number;
      readonly prefer: Prefer;
      /** Whether dissect looks inside (false for the uncaptured prefix of x{m,n}). */
      readonly caps: boolean;
      /** Capture groups inside the body, cleared before each iteration. */
      readonly groups: readonly number[];
    };

function preferOf(n: PNode): Prefer {
  switch (n.t) {
    case 'alt':
      return 'long';
    case 'cap':
      return preferOf(n.body);
    default:
      return n.prefer;
  }
}

function hasCaps(n: PNode): boolean {
  switch (n.t) {
    case 'cap':
      return true;
    case 'seq':
    case 'alt':
    case 'rep':
      return n.caps;
    default:
      return false;
  }
}

function groupsIn(node: ReNode, out: number[] = []): number[] {
  switch (node.kind) {
    case 'group':
      if (node.capture > 0) out.push(node.capture);
      groupsIn(node.body, out);
      break;
    case 'concat':
      node.items.forEach((n) => groupsIn(n, out));
      break;
    case 'alt':
      node.branches.forEach((n) => groupsIn(n, out));
      break;
    case 'repeat':
      groupsIn(node.body, out);
      break;
    default:
      break;
  }
  return out;
}

/** PostgreSQL's COMBINE: the first preference wins. */
function combine(a: Prefer, b: Prefer): Prefer {
  return a ?? b;
}

/** Builds the matching tree, shaped as PostgreSQL's subRE tree where it matters for captures. */
class Builder {
  private nextId = 0;

  constructor(private readonly jsFlags: string) {}

  private id(): number {
    return this.nextId++;
  }

  get count(): number {
    return this.nextId;
  }

  private seq(left: PNode, right: PNode, prefer: Prefer, caps: boolean): PNode {
    return { t: 'seq', id: this.id(), left, right, prefer, caps };
  }

  build(node: ReNode): PNode {
    switch (node.kind) {
      case 'atom':
        return {
          t: 'atom',
          id: this.id(),
          re: new RegExp(`^(?:${node.source})$`, this.jsFlags),
          seen: new Map(),
          prefer: null,
        };
      case 'assert':
        return { t: 'assert', id: this.id(), re: new RegExp(node.source, `${this.jsFlags}y`), prefer: null };
      case 'backref':
        throw new Error('back references are matched by JavaScript');
      case 'group': {
        const body = this.build(node.body);
        return node.capture > 0 ? { t: 'cap', id: this.id(), group: node.capture, body } : body;
      }
      case 'alt':
        return {
          t: 'alt',
          id: this.id(),
          branches: node.branches.map((b) => this.build(b)),
          caps: hasCapture(node),
        };
      case 'concat':
        return this.concat(node.items);
      case 'repeat':
        return this.repeat(node);
    }
  }

  /**
   * Items are folded right; capture-free runs stay together as one node (as PostgreSQL merges
   * them into one DFA node) until their greediness clashes, since a run's split point follows the
   * first preference within it.
   */
  private concat(items: readonly ReNode[]): PNode {
    const parts: PNode[] = [];
    let run: PNode[] = [];
    let runPrefer: Prefer = null;
    const flush = () => {
      if (run.length > 0) parts.push(this.chain(run));
      run = [];
      runPrefer = null;
    };
    for (const item of items) {
      const p = this.build(item);
      if (hasCaps(p)) {
        flush();
        parts.push(p);
        continue;
      }
      const prefer = preferOf(p);
      if (prefer !== null && runPrefer !== null && prefer !== runPrefer) flush();
      if (runPrefer === null) runPrefer = prefer;
      run.push(p);
    }
    flush();
    if (parts.length === 0) return { t: 'empty', id: this.id(), prefer: null };
    return this.chain(parts);
  }

  private chain(parts: PNode[]): PNode {
    let node = parts[parts.length - 1]!;
    for (let k = parts.length - 2; k >= 0; k--) {
      const left = parts[k]!;
      node = this.seq(left, node, combine(preferOf(left), preferOf(node)), hasCaps(left) || hasCaps(node));
    }
    return node;
  }

  private repeat(node: Extract<ReNode, { kind: 'repeat' }>): PNode {
    const body = this.build(node.body);
    const prefer = combine(node.prefer, preferOf(body));
    const groups = groupsIn(node.body);
    if (groups.length === 0) {
      return { t: 'rep', id: this.id(), body, min: node.min, max: node.max, prefer, caps: false, groups };
    }
    if (node.max === 0) return { t: 'empty', id: this.id(), prefer: null };
    if (node.min === 0) {
      return { t: 'rep', id: this.id(), body, min: 0, max: node.max, prefer, caps: true, groups };
    }
    // x{m,n} with captures is x{m-1,n-1} (whose captures do not matter) followed by the last x.
    const prefix: PNode =
      node.max === 1
        ? { t: 'empty', id: this.id(), prefer }
        : {
            t: 'rep',
            id: this.id(),
            body,
            min: node.min - 1,
            max: node.max - 1,
            prefer,
            caps: false,
            groups,
          };
    return this.seq(prefix, body, prefer, true);
  }
}

function insertSorted(set: Set<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

/** The sorted union of sorted lists. */
function union(lists: (readonly number[])[]): readonly number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? NONE;
  const all = nonEmpty.flat().sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of all) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

function contains(sorted: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const NONE: readonly number[] = [];

/** One matching run over one subject: memo tables live as long as the subject. */
class Run {
  /** Ends per node and position: an array while small enough, a map for long subjects. */
  private readonly table: (readonly number[] | undefined)[] | null;
  private readonly memo = new Map<number, readonly number[]>();
  private readonly stride: number;
  /** Where dissect records group spans; set for each match. */
  groups = new Int32Array(0);

  constructor(
    readonly subject: PositionedText,
    nodeCount: number,
  ) {
    this.stride = subject.length + 1;
    const size = nodeCount * this.stride;
    this.table = size <= 1 << 16 ? new Array<readonly number[] | undefined>(size) : null;
  }

  ends(n: PNode, pos: number): readonly number[] {
    const key = n.id * this.stride + pos;
    let r = this.table !== null ? this.table[key] : this.memo.get(key);
    if (r === undefined) {
      r = this.compute(n, pos);
      if (this.table !== null) this.table[key] = r;
      else this.memo.set(key, r);
    }
    return r;
  }

  private holds(re: RegExp, pos: number): boolean {
    re.lastIndex = this.subject.offset(pos);
    return re.test(this.subject.text);
  }

  private matchesChar(n: Extract<PNode, { t: 'atom' }>, pos: number): boolean {
    if (pos >= this.subject.length) return false;
    const cp = this.subject.text.codePointAt(this.subject.offset(pos))!;
    let r = n.seen.get(cp);
    if (r === undefined) {
      r = n.re.test(String.fromCodePoint(cp));
      if (n.seen.size < 4096) n.seen.set(cp, r);
    }
    return r;
  }

  private compute(n: PNode, pos: number): readonly number[] {
    switch (n.t) {
      case 'atom':
        return this.matchesChar(n, pos) ? [pos + 1] : NONE;
      case 'assert':
        return this.holds(n.re, pos) ? [pos] : NONE;
      case 'empty':
        return [pos];
      case 'cap':
        return this.ends(n.body, pos);
      case 'seq': {
        const lefts = this.ends(n.left, pos);
        if (lefts.length === 1) return this.ends(n.right, lefts[0]!);
        return union(lefts.map((m) => this.ends(n.right, m)));
      }
      case 'alt':
        return union(n.branches.map((b) => this.ends(b, pos)));
      case 'rep':
        return this.repetitions(n.body, n.min, n.max, pos);
    }
  }

  /** Ends of lo..hi repetitions of `body` from `pos`. */
  private repetitions(body: PNode, lo: number, hi: number, pos: number): readonly number[] {
    if (body.t === 'atom') {
      // Repeating one character class: every end from lo characters to the run's length.
      let run = 0;
      while (run < hi && this.matchesChar(body, pos + run)) run++;
      if (run < lo) return NONE;
      const out: number[] = [];
      for (let k = lo; k <= run; k++) out.push(pos + k);
      return out;
    }
    const step = (from: Iterable<number>) => {
      const next = new Set<number>();
      for (const q of from) for (const e of this.ends(body, q)) next.add(e);
      return next;
    };
    // Exactly lo iterations first; then any number more, up to hi.
    let level: Set<number> = new Set([pos]);
    for (let k = 0; k < lo; k++) {
      level = step(level);
      if (level.size === 0) return NONE;
    }
    const result = new Set(level);
    if (hi === Number.POSITIVE_INFINITY) {
      // Unbounded: the closure, expanding each newly reached position once.
      const frontier = [...level];
      while (frontier.length > 0) {
        for (const e of this.ends(body, frontier.pop()!)) {
          if (!result.has(e)) {
            result.add(e);
            frontier.push(e);
          }
        }
      }
    } else {
      for (let k = lo; k < hi; k++) {
        level = step(level);
        const before = result.size;
        for (const e of level) result.add(e);
        // Once a level adds nothing new, later levels cannot either.
        if (result.size === before) break;
      }
    }
    return insertSorted(result);
  }

  dissect(n: PNode, s: number, e: number): void {
    switch (n.t) {
      case 'cap':
        this.dissect(n.body, s, e);
        this.groups[2 * n.group] = s;
        this.groups[2 * n.group + 1] = e;
        return;
      case 'seq': {
        if (!n.caps) return;
        const longer = preferOf(n.left) !== 'short';
        let mid = -1;
        for (const m of this.ends(n.left, s)) {
          if (m > e) break;
          if (!contains(this.ends(n.right, m), e)) continue;
          if (mid === -1 || longer) mid = m;
          if (!longer) break;
        }
        if (mid === -1) return;
        this.dissect(n.left, s, mid);
        this.dissect(n.right, mid, e);
        return;
      }
      case 'alt':
        if (!n.caps) return;
        for (const b of n.branches) {
          if (contains(this.ends(b, s), e)) {
            this.dissect(b, s, e);
            return;
          }
        }
        return;
      case 'rep':
        if (n.caps) this.iterations(n, s, e);
        return;
      default:
        return;
    }
  }

  /** An iteration with captures: split [s, e) into non-empty iterations, dissect the last one. */
  private iterations(n: Extract<PNode, { t: 'rep' }>, s: number, e: number): void {
    const clear = () => {
      for (const g of n.groups) this.groups[2 * g] = this.groups[2 * g + 1] = -1;
    };
    if (s === e) {
      // PostgreSQL prefers one empty iteration, so that captures inside get set, when possible.
      if (contains(this.ends(n.body, s), s)) {
        clear();
        this.dissect(n.body, s, s);
      }
      return;
    }
    // fewest[q - s]: the fewest non-empty iterations that lead from q to e.
    const fewest = new Float64Array(e - s + 1).fill(Number.POSITIVE_INFINITY);
    fewest[e - s] = 0;
    for (let q = e - 1; q >= s; q--) {
      for (const m of this.ends(n.body, q)) {
        if (m <= q) continue;
        if (m > e) break;
        fewest[q - s] = Math.min(fewest[q - s]!, fewest[m - s]! + 1);
      }
    }
    const longer = preferOf(n.body) !== 'short';
    let pos = s;
    let used = 0;
    let last = s;
    while (pos < e) {
      let next = -1;
      for (const m of this.ends(n.body, pos)) {
        if (m <= pos) continue;
        if (m > e) break;
        if (fewest[m - s]! + used + 1 > n.max) continue;
        next = m;
        if (!longer) break;
      }
      if (next === -1) return;
      last = pos;
      pos = next;
      used++;
    }
    clear();
    this.dissect(n.body, last, e);
  }
}

/** A regular expression matched with PostgreSQL's rules. */
export class PosixProgram {
  private readonly root: PNode;
  private readonly longest: boolean;
  private readonly nodeCount: number;
  /** The memo of the last subject, reused while a function walks its matches. */
  private run: Run | null = null;

  constructor(
    tree: ReNode,
    private readonly groupCount: number,
    jsFlags: string,
  ) {
    const builder = new Builder(jsFlags);
    this.root = builder.build(tree);
    this.nodeCount = builder.count;
    this.longest = preferOf(this.root) !== 'short';
  }

  /**
   * The match starting at code point `start`, as [start, end, g1start, g1end, …] (-1 when a group
   * did not take part), or null when none starts there.
   */
  matchAt(subject: PositionedText, start: number): Int32Array | null {
    const groups = new Int32Array(2 * (this.groupCount + 1)).fill(-1);
    let run = this.run;
    if (run === null || run.subject !== subject) {
      run = new Run(subject, this.nodeCount);
      this.run = run;
    }
    run.groups = groups;
    const ends = run.ends(this.root, start);
    if (ends.length === 0) return null;
    const end = this.longest ? ends[ends.length - 1]! : ends[0]!;
    run.dissect(this.root, start, end);
    groups[0] = start;
    groups[1] = end;
    return groups;
  }
}

/**
 * Whether JavaScript's leftmost-first backtracking could pick another match than PostgreSQL:
 * alternation, non-greedy quantifiers or quantified groups outside lookaround.
 */
export function needsPosixRules(node: ReNode): boolean {
  switch (node.kind) {
    case 'alt':
      return true;
    case 'group':
      return needsPosixRules(node.body);
    case 'concat':
      return node.items.some(needsPosixRules);
    case 'repeat':
      return node.prefer === 'short' || node.body.kind !== 'atom' || needsPosixRules(node.body);
    default:
      return false;
  }
}
