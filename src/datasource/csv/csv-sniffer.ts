// Detecting a CSV file's dialect, header and column types from a sample of its first rows: the
// delimiter that splits the rows most consistently, a header when the first row does not fit the
// types of the rows below it, and for each column the narrowest type every sampled value fits.

import { type DataType, numericType, Types } from '../../types/data-type.js';
import type { CsvDialect } from './csv-dialect.js';
import { CsvFields } from './csv-fields.js';
import { CsvRecords, tokenize } from './csv-tokenizer.js';
import type { DateParser } from './date-format.js';

const DELIMITERS = [',', '|', ';', '\t'];
const QUOTES = ['"', "'"];
/** Rows tokenized to score a candidate dialect. */
const DIALECT_ROWS = 200;

export interface SniffOptions {
  /** Parts of the dialect the user fixed. */
  readonly delimiter: string | undefined;
  readonly quote: string | undefined;
  readonly escape: string | undefined;
  readonly header: boolean | undefined;
  readonly base: CsvDialect;
  readonly sampleRows: number;
  readonly dateFormat: DateParser | null;
  readonly timestampFormat: DateParser | null;
}

export interface SniffResult {
  readonly dialect: CsvDialect;
  readonly columns: { name: string; type: DataType }[];
}

/** Offset after the first `lines` lines. */
export function skipLines(buf: Uint8Array, lines: number): number {
  let p = 0;
  for (let k = 0; k < lines && p < buf.length; k++) {
    const nl = buf.indexOf(10, p);
    p = nl < 0 ? buf.length : nl + 1;
  }
  return p;
}

function rows(
  sample: Uint8Array,
  dialect: CsvDialect,
  complete: boolean,
  limit: number,
): { fields: CsvFields; records: CsvRecords } {
  const records = new CsvRecords();
  const start = skipLines(sample, dialect.skip);
  const body = sample.subarray(start);
  tokenize(body, body.length, dialect, records, 1, complete);
  if (records.count > limit) records.count = limit;
  return { fields: new CsvFields(body, records, dialect), records };
}

function score(records: CsvRecords): [number, number] {
  const counts = new Map<number, number>();
  for (let r = 0; r < records.count; r++)
    counts.set(records.recordWidth[r]!, (counts.get(records.recordWidth[r]!) ?? 0) + 1);
  let width = 1;
  let best = 0;
  for (const [w, c] of counts) if (c > best || (c === best && w > width)) [width, best] = [w, c];
  return [best, width];
}

function chooseDialect(sample: Uint8Array, complete: boolean, o: SniffOptions): CsvDialect {
  let choice = o.base;
  let bestScore: [number, number] = [-1, 0];
  // Each candidate is scored on the lines that hold its rows, not on the whole sample.
  const head = sample.subarray(0, skipLines(sample, o.base.skip + DIALECT_ROWS + 1));
  const headComplete = complete && head.length === sample.length;
  for (const delimiter of o.delimiter === undefined ? DELIMITERS : [o.delimiter]) {
    for (const quote of o.quote === undefined ? QUOTES : [o.quote]) {
      const dialect: CsvDialect = { ...o.base, delimiter, quote, escape: o.escape ?? quote };
      const [consistent, width] = score(rows(head, dialect, headComplete, DIALECT_ROWS).records);
      // More columns wins only when at least as consistent; one column is the fallback.
      const better =
        (width > 1 && bestScore[1] <= 1) ||
        (width > 1 === bestScore[1] > 1 &&
          (consistent > bestScore[0] || (consistent === bestScore[0] && width > bestScore[1])));
      if (better) {
        choice = dialect;
        bestScore = [consistent, width];
      }
    }
  }
  return choice;
}

interface Candidates {
  bool: boolean;
  int4: boolean;
  int8: boolean;
  numeric: boolean;
  float8: boolean;
  date: boolean;
  timestamp: boolean;
  timestamptz: boolean;
  time: boolean;
  seen: boolean;
}

const INT = /^\s*[+-]?\d+\s*$/;
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;
const FLOAT = /^\s*([+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?|[+-]?(inf|infinity|nan))\s*$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$/i;
const TIME = /^\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

function fits(parse: DateParser | null, v: string, pattern: RegExp): boolean {
  if (parse === null) return pattern.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T').slice(0, 10)));
  try {
    parse(v);
    return true;
  } catch {
    return false;
  }
}

function observe(c: Candidates, v: string, o: SniffOptions): void {
  c.seen = true;
  if (c.bool) c.bool = /^(true|false|t|f)$/i.test(v);
  // An integer is also a decimal and a float; a decimal is also a float.
  let int = false;
  if (c.int4 || c.int8) {
    int = INT.test(v);
    const x = int ? Number(v) : NaN;
    if (c.int4) c.int4 = x >= -2147483648 && x <= 2147483647;
    if (c.int8) c.int8 = Math.abs(x) <= Number.MAX_SAFE_INTEGER;
  }
  if (c.numeric) c.numeric = int || DECIMAL.test(v);
  if (c.float8) c.float8 = int || c.numeric || FLOAT.test(v);
  if (c.date) c.date = fits(o.dateFormat, v, DATE);
  if (c.timestamp) c.timestamp = fits(o.timestampFormat, v, TIMESTAMP);
  if (c.timestamptz) c.timestamptz = o.timestampFormat === null && TIMESTAMPTZ.test(v);
  if (c.time) c.time = TIME.test(v);
}

function decide(c: Candidates): DataType {
  if (!c.seen) return Types.text;
  if (c.bool) return Types.bool;
  if (c.int4) return Types.int4;
  if (c.int8) return Types.int8;
  if (c.numeric) return numericType(null, null);
  if (c.float8) return Types.float8;
  if (c.date) return Types.date;
  if (c.timestamp) return Types.timestamp;
  if (c.timestamptz) return Types.timestamptz;
  if (c.time) return Types.time;
  return Types.text;
}

function fresh(): Candidates {
  return {
    bool: true,
    int4: true,
    int8: true,
    numeric: true,
    float8: true,
    date: true,
    timestamp: true,
    timestamptz: true,
    time: true,
    seen: false,
  };
}

/** Types of each column over records [from, count). */
function columnTypes(
  fields: CsvFields,
  records: CsvRecords,
  width: number,
  from: number,
  o: SniffOptions,
): DataType[] {
  const cands = Array.from({ length: width }, fresh);
  for (let r = from; r < records.count; r++) {
    if (records.recordWidth[r] !== width) continue;
    for (let k = 0; k < width; k++) {
      const c = cands[k]!;
      const f = records.recordField[r]! + k;
      if (!(c.seen && decide(c) === Types.text) && !fields.isNull(f)) observe(c, fields.text(f), o);
    }
  }
  return cands.map(decide);
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw.trim() === '' ? `column${i}` : raw;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    return k === 0 ? name : `${name}_${k}`;
  });
}

/** Sniffs the dialect, header and column types from the first bytes of a file. */
export function sniffCsv(sample: Uint8Array, complete: boolean, o: SniffOptions): SniffResult {
  const chosen = chooseDialect(sample, complete, o);
  const { fields, records } = rows(sample, chosen, complete, o.sampleRows + 1);
  const [, width] = score(records);
  if (records.count === 0) return { dialect: { ...chosen, header: o.header ?? false }, columns: [] };
  const firstWidth = records.recordWidth[0]!;
  const first = Array.from({ length: firstWidth }, (_, k) => records.recordField[0]! + k);
  const below = columnTypes(fields, records, width, 1, o);
  let header = o.header;
  if (header === undefined) {
    if (records.count === 1 || firstWidth !== width) header = false;
    else if (below.some((t, k) => t.id !== 'text' && !fits1(fields, first[k]!, t, o))) header = true;
    else {
      const texts = first.map((f) => (fields.isNull(f) ? '' : fields.text(f)));
      header =
        below.every((t) => t.id === 'text') &&
        texts.every((t) => t !== '') &&
        new Set(texts).size === texts.length;
    }
  }
  const types = header ? below : columnTypes(fields, records, width, 0, o);
  const names = header
    ? uniqueNames(
        Array.from({ length: width }, (_, k) =>
          k < firstWidth && !fields.isNull(first[k]!) ? fields.text(first[k]!) : '',
        ),
      )
    : Array.from({ length: width }, (_, k) => `column${k}`);
  return { dialect: { ...chosen, header }, columns: names.map((name, k) => ({ name, type: types[k]! })) };
}

function fits1(fields: CsvFields, f: number, t: DataType, o: SniffOptions): boolean {
  if (fields.isNull(f)) return true;
  const c = fresh();
  observe(c, fields.text(f), o);
  return (
    decide(c).id === t.id ||
    (t.id === 'numeric' && (c.int4 || c.int8)) ||
    (t.id === 'int8' && c.int4) ||
    (t.id === 'float8' && (c.int4 || c.int8 || c.numeric))
  );
}
