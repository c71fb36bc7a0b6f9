// Splitting JSON text into records without parsing it: one value per line (newline-delimited),
// the elements of a top-level array, or values written one after another. Records may span
// block boundaries; the splitter says how many bytes it consumed.

export type JsonLayout = 'newline_delimited' | 'array' | 'unstructured';

/** Byte ranges of complete records in a block, with the line each starts on. */
export class JsonRecordList {
  starts: number[] = [];
  ends: number[] = [];
  lines: number[] = [];

  reset(): void {
    this.starts.length = 0;
    this.ends.length = 0;
    this.lines.length = 0;
  }

  get count(): number {
    return this.starts.length;
  }
}

export interface SplitState {
  line: number;
  /** Array layout: whether the opening bracket was seen, and the closing one. */
  opened: boolean;
  closed: boolean;
}

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === LF || c === 13 || c === 9;
}

/** Newline-delimited: each non-blank line is a record. */
function splitLines(
  buf: Uint8Array,
  end: number,
  out: JsonRecordList,
  state: SplitState,
  final: boolean,
): number {
  let p = 0;
  while (p < end) {
    const nl = buf.indexOf(LF, p);
    if (nl < 0 || nl >= end) {
      if (!final) return p;
      pushTrimmed(buf, p, end, out, state.line);
      return end;
    }
    pushTrimmed(buf, p, nl, out, state.line);
    state.line++;
    p = nl + 1;
  }
  return p;
}

function pushTrimmed(buf: Uint8Array, s: number, e: number, out: JsonRecordList, line: number): void {
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  if (e === s) return;
  out.starts.push(s);
  out.ends.push(e);
  out.lines.push(line);
}

/**
 * Values at the top level (unstructured) or inside the top-level array, found by tracking
 * nesting and strings. Returns the bytes consumed; a syntax problem outside values is reported
 * through `bad` with its line.
 */
function splitValues(
  buf: Uint8Array,
  end: number,
  out: JsonRecordList,
  state: SplitState,
  final: boolean,
  array: boolean,
  bad: (line: number, reason: string) => never,
): number {
  let p = 0;
  let line = state.line;
  for (;;) {
    // Between values: whitespace, and in an array the brackets and commas.
    while (p < end) {
      const c = buf[p]!;
      if (c === LF) line++;
      else if (!isSpace(c)) {
        if (array && !state.opened) {
          if (c !== 91) bad(line, 'expected "[" at the start of a JSON array file');
          state.opened = true;
        } else if (array && c === 44 && out.count > 0) {
          // The comma between elements.
        } else if (array && c === 93) {
          state.closed = true;
        } else if (state.closed) {
          bad(line, 'unexpected text after the end of the JSON array');
        } else break;
      }
      p++;
    }
    state.line = line;
    if (p >= end) return p;
    const start = p;
    const startLine = line;
    let depth = 0;
    let inString = false;
    let done = false;
    while (p < end) {
      const c = buf[p]!;
      if (inString) {
        if (c === BACKSLASH) p++;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) done = true;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        // At the top level a bracket ends a scalar element (`2]`) and belongs to the array.
        if (depth === 0) break;
        depth--;
        if (depth === 0) done = true;
      } else if (c === LF) line++;
      else if (depth === 0 && (c === 44 || isSpace(c))) {
        // The end of a scalar at the top level.
        break;
      }
      p++;
      if (done) break;
    }
    if (!done && (p >= end || depth > 0 || inString)) {
      if (!final) return start;
      if (depth > 0 || inString)
        bad(startLine, 'unexpected end of JSON input (an unclosed object, array or string)');
    }
    out.starts.push(start);
    out.ends.push(p);
    out.lines.push(startLine);
    state.line = line;
  }
}

/** Splits buf[0, end) into records; returns the bytes consumed. */
export function splitRecords(
  buf: Uint8Array,
  end: number,
  layout: JsonLayout,
  out: JsonRecordList,
  state: SplitState,
  final: boolean,
  bad: (line: number, reason: string) => never,
): number {
  if (layout === 'newline_delimited') return splitLines(buf, end, out, state, final);
  return splitValues(buf, end, out, state, final, layout === 'array', bad);
}

/** The layout of a JSON file from its first bytes: an array, one value per line, or neither. */
export function detectLayout(head: Uint8Array): JsonLayout {
  const text = Buffer.from(head.buffer, head.byteOffset, head.length).toString('utf8');
  // The last line may be cut off by the sample.
  const lines = text.split('\n').slice(0, 21);
  const whole = (lines.length > 1 ? lines.slice(0, -1) : lines).filter((l) => l.trim() !== '');
  const parses = whole.every((l) => {
    try {
      JSON.parse(l);
      return true;
    } catch {
      return false;
    }
  });
  if (parses && whole.length >= 2) return 'newline_delimited';
  if (text.trimStart().startsWith('[')) return 'array';
  return parses ? 'newline_delimited' : 'unstructured';
}
