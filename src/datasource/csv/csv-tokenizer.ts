// Splits delimited text into records and fields without making strings: each field is a byte
// range of the buffer, flagged when it was quoted or needs unescaping. Records may span chunk
// boundaries; the tokenizer reports how much of the buffer it consumed.

import { type CsvDialect, dialectByte } from './csv-dialect.js';

const LF = 10;
const CR = 13;
const BACKSLASH = 92;

/** Byte classes of the tokenizer's fast path. */
const DELIMITER = 1;
const LINE_FEED = 2;
const CARRIAGE_RETURN = 3;
const OTHER = 4;

/** Field flags. */
export const QUOTED = 1;
/** The raw bytes need unescaping (doubled quotes, escapes, a quote in mid-field). */
export const ESCAPED = 2;

/** Fields and records of a buffer, in growable typed arrays reused across chunks. */
export class CsvRecords {
  fieldStart: Int32Array;
  fieldEnd: Int32Array;
  fieldFlags: Uint8Array;
  fieldCount = 0;
  recordField: Int32Array;
  recordWidth: Int32Array;
  recordLine: Float64Array;
  count = 0;

  /** Room for `fields` fields and an eighth as many records at first (both grow as needed). */
  constructor(fields = 1024) {
    this.fieldStart = new Int32Array(fields);
    this.fieldEnd = new Int32Array(fields);
    this.fieldFlags = new Uint8Array(fields);
    const records = Math.max(256, fields >> 3);
    this.recordField = new Int32Array(records);
    this.recordWidth = new Int32Array(records);
    this.recordLine = new Float64Array(records);
  }

  reset(): void {
    this.fieldCount = 0;
    this.count = 0;
  }

  addField(start: number, end: number, flags: number): void {
    if (this.fieldCount === this.fieldStart.length) {
      const n = this.fieldCount * 2;
      this.fieldStart = grow(this.fieldStart, n);
      this.fieldEnd = grow(this.fieldEnd, n);
      const f = new Uint8Array(n);
      f.set(this.fieldFlags);
      this.fieldFlags = f;
    }
    this.fieldStart[this.fieldCount] = start;
    this.fieldEnd[this.fieldCount] = end;
    this.fieldFlags[this.fieldCount++] = flags;
  }

  addRecord(firstField: number, line: number): void {
    if (this.count === this.recordField.length) {
      const n = this.count * 2;
      this.recordField = grow(this.recordField, n);
      this.recordWidth = grow(this.recordWidth, n);
      const l = new Float64Array(n);
      l.set(this.recordLine);
      this.recordLine = l;
    }
    this.recordField[this.count] = firstField;
    this.recordWidth[this.count] = this.fieldCount - firstField;
    this.recordLine[this.count++] = line;
  }

  /** Drops fields added after `fieldCount` (an incomplete record at the end of a chunk). */
  truncateFields(fieldCount: number): void {
    this.fieldCount = fieldCount;
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  out.set(a);
  return out;
}

export interface TokenizeResult {
  /** Bytes of the buffer that formed complete records (the rest starts the next chunk). */
  readonly consumed: number;
  /** Line number of the first line not consumed. */
  readonly line: number;
  /** Set when the input ended inside a quoted field. */
  readonly unterminatedQuote: boolean;
}

/**
 * Tokenizes buf[0, end) into `out`. Unless `final`, the last record is kept only when a line end
 * follows it. `line` is the 1-based line number of buf[0]. Empty lines are skipped.
 */
export function tokenize(
  buf: Uint8Array,
  end: number,
  dialect: CsvDialect,
  out: CsvRecords,
  line: number,
  final: boolean,
): TokenizeResult {
  const delim = dialectByte(dialect.delimiter);
  const text = dialect.mode === 'text';
  const quote = text ? -1 : dialectByte(dialect.quote);
  const escape = text ? BACKSLASH : dialectByte(dialect.escape);
  // Bytes that end a run of ordinary ones, outside and inside quotes.
  const plain = new Uint8Array(256);
  for (const b of [delim, LF, CR, quote, text ? BACKSLASH : -1]) if (b >= 0) plain[b] = 1;
  const quoted = new Uint8Array(256);
  for (const b of [quote, escape, LF]) if (b >= 0) quoted[b] = 1;
  // Byte classes of the fast path: ordinary, delimiter, line feed, anything else that is special.
  const classes = new Uint8Array(256);
  for (const b of [quote, text ? BACKSLASH : -1]) if (b >= 0) classes[b] = OTHER;
  classes[LF] = LINE_FEED;
  classes[CR] = CARRIAGE_RETURN;
  classes[delim] = DELIMITER;
  let p = 0;
  for (;;) {
    // At the start of a record.
    const recordStartPos = p;
    const recordLine = line;
    if (p >= end) return { consumed: p, line, unterminatedQuote: false };
    const c0 = buf[p]!;
    if (c0 === LF || c0 === CR) {
      // An empty line.
      if (c0 === CR && p + 1 >= end && !final) return { consumed: p, line, unterminatedQuote: false };
      p += c0 === CR && buf[p + 1] === LF ? 2 : 1;
      line++;
      continue;
    }
    const firstField = out.fieldCount;
    // Fast path: a record of unquoted, unescaped fields ended by LF or CR LF, one lookup per byte.
    let q = p;
    let fieldStart = p;
    let kind = 0;
    while (q < end) {
      kind = classes[buf[q]!]!;
      if (kind === 0) q++;
      else if (kind === DELIMITER) {
        out.addField(fieldStart, q, 0);
        fieldStart = ++q;
      } else break;
    }
    const ending = kind === LINE_FEED ? 1 : kind === CARRIAGE_RETURN && buf[q + 1] === LF ? 2 : 0;
    if (ending > 0 && q + ending <= end) {
      out.addField(fieldStart, q, 0);
      out.addRecord(firstField, line++);
      p = q + ending;
      continue;
    }
    // Anything else (quotes, escapes, a lone CR, the end of the buffer) takes the general path.
    out.truncateFields(firstField);
    let recordDone = false;
    while (!recordDone) {
      // At the start of a field.
      const start = p;
      let flags = 0;
      let inQuotes = false;
      let fieldEnd = -1;
      while (p < end) {
        // Skip ordinary bytes in a tight loop; only special ones reach the cases below.
        if (inQuotes) while (p < end && quoted[buf[p]!] === 0) p++;
        else while (p < end && plain[buf[p]!] === 0) p++;
        if (p >= end) break;
        const c = buf[p]!;
        if (inQuotes) {
          if (c === escape && escape !== quote) {
            flags |= ESCAPED;
            p += 2;
            continue;
          }
          if (c === quote) {
            if (escape === quote && p + 1 < end && buf[p + 1] === quote) {
              flags |= ESCAPED;
              p += 2;
              continue;
            }
            if (escape === quote && p + 1 >= end && !final) break; // cannot tell yet
            inQuotes = false;
            p++;
            continue;
          }
          if (c === LF) line++;
          p++;
          continue;
        }
        if (c === delim || c === LF || c === CR) {
          fieldEnd = p;
          break;
        }
        if (c === quote) {
          if (p === start) flags = QUOTED;
          else flags |= ESCAPED;
          inQuotes = true;
          p++;
          continue;
        }
        if (text && c === BACKSLASH) {
          flags |= ESCAPED;
          p += 2;
          continue;
        }
        p++;
      }
      if (fieldEnd < 0) {
        // Ran out of input inside the field.
        if (!final || inQuotes || p > end) {
          out.truncateFields(firstField);
          if (final && inQuotes)
            return { consumed: recordStartPos, line: recordLine, unterminatedQuote: true };
          return { consumed: recordStartPos, line: recordLine, unterminatedQuote: false };
        }
        fieldEnd = end;
      }
      // A field that is exactly one quoted run: store its inner bytes.
      let s = start;
      let e = fieldEnd;
      if ((flags & QUOTED) !== 0) {
        if (e - s >= 2 && buf[e - 1] === quote && (flags & ESCAPED) === 0) {
          s++;
          e--;
        } else flags |= ESCAPED;
      }
      out.addField(s, e, flags);
      if (p >= end) break;
      const c = buf[p]!;
      if (c === delim) {
        p++;
        if (p >= end && !final) {
          out.truncateFields(firstField);
          return { consumed: recordStartPos, line: recordLine, unterminatedQuote: false };
        }
        if (p >= end) out.addField(p, p, 0);
        if (p >= end) recordDone = true;
        continue;
      }
      // A line end.
      if (c === CR) {
        if (p + 1 >= end && !final) {
          out.truncateFields(firstField);
          return { consumed: recordStartPos, line: recordLine, unterminatedQuote: false };
        }
        p += buf[p + 1] === LF ? 2 : 1;
      } else p++;
      line++;
      recordDone = true;
    }
    out.addRecord(firstField, recordLine);
  }
}
