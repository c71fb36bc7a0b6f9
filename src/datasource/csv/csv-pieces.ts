// Splitting a large uncompressed delimited file into byte ranges that each start at a record
// boundary, so that threads can parse them apart. A line end ends a record unless it is inside
// quotes (CSV) or escaped by a backslash (text format). Inside or outside quotes is the parity of
// the quote bytes before it, since a doubled quote counts twice: finding it reads the file once,
// so the boundaries are kept per file version (path, size, modification time).

import { closeSync, readSync, statSync } from 'node:fs';
import { BLOCK_BYTES, type Compression, isCompressed, openForReading } from '../byte-stream.js';
import type { FilePiece } from '../file-source.js';
import { type CsvDialect, dialectByte } from './csv-dialect.js';

const LF = 10;
const BACKSLASH = 92;
/** Bytes looked at after a split point for a text-format line end before giving that split up. */
const TEXT_WINDOW = 1 << 20;
/** Backslashes before a line end looked back at in the text format (more: no split there). */
const TEXT_LOOKBACK = 256;
const KEPT_FILES = 64;

const WHOLE: readonly FilePiece[] = [{ index: 0, rows: undefined }];
const kept = new Map<string, readonly number[]>();

/**
 * The file's pieces of about `pieceBytes` bytes (one piece for small or compressed files, and
 * for CSV with an escape other than the quote, where quote parity says nothing).
 */
export function csvPieces(
  file: string,
  dialect: CsvDialect,
  compression: Compression,
  pieceBytes: number,
  bytesPerRow: number,
): readonly FilePiece[] {
  const quote = dialect.mode === 'text' ? -1 : dialectByte(dialect.quote);
  const escape = dialect.mode === 'text' ? BACKSLASH : dialectByte(dialect.escape);
  if (dialect.mode === 'csv' && escape >= 0 && escape !== quote) return WHOLE;
  let size: number;
  let mtime: number;
  try {
    ({ size, mtimeMs: mtime } = statSync(file));
  } catch {
    return WHOLE; // the scan reports the missing file
  }
  if (size < 2 * pieceBytes || isCompressed(file, compression)) return WHOLE;
  const key = `${file}\0${size}\0${mtime}\0${dialect.mode}\0${quote}\0${pieceBytes}`;
  let starts = kept.get(key);
  if (starts === undefined) {
    const targets = Array.from({ length: Math.floor(size / pieceBytes) - 1 }, (_, i) => (i + 1) * pieceBytes);
    const fd = openForReading(file);
    try {
      starts = [
        0,
        ...(dialect.mode === 'text'
          ? textRecordStarts(fd, targets)
          : quote < 0
            ? lineStarts(fd, targets)
            : csvRecordStarts(fd, size, quote, targets)),
      ];
    } finally {
      closeSync(fd);
    }
    if (kept.size >= KEPT_FILES) kept.delete(kept.keys().next().value!);
    kept.set(key, starts);
  }
  const ends = [...starts.slice(1), size];
  return starts
    .map((start, i) => [start, ends[i]!] as const)
    .filter(([start, end]) => start < end)
    .map((range, index) => ({
      index,
      rows: Math.round((range[1] - range[0]) / Math.max(1, bytesPerRow)),
      range,
    }));
}

/** For each target offset in order, the start of the first record at or after it (quote parity). */
function csvRecordStarts(fd: number, size: number, quote: number, targets: readonly number[]): number[] {
  const starts: number[] = [];
  const buf = Buffer.allocUnsafe(BLOCK_BYTES);
  let inQuotes = false;
  let k = 0;
  for (let base = 0; base < size && k < targets.length;) {
    const n = readSync(fd, buf, 0, Math.min(BLOCK_BYTES, size - base), base);
    if (n === 0) break;
    const view = buf.subarray(0, n);
    let p = 0;
    while (p < n && k < targets.length) {
      if (!inQuotes && base + p >= targets[k]!) {
        // Past the split point and outside quotes: the next line end before a quote ends a record.
        const lf = view.indexOf(LF, p);
        const q = view.indexOf(quote, p);
        if (lf >= 0 && (q < 0 || lf < q)) {
          if (starts.at(-1) !== base + lf + 1) starts.push(base + lf + 1);
          k++;
          p = lf + 1;
        } else if (q >= 0) {
          inQuotes = true;
          p = q + 1;
        } else p = n;
        continue;
      }
      // Before the split point (or inside quotes) only the quotes matter.
      const limit = inQuotes ? n : Math.min(n, targets[k]! - base);
      const q = view.indexOf(quote, p);
      if (q >= 0 && q < limit) {
        inQuotes = !inQuotes;
        p = q + 1;
      } else p = limit;
    }
    base += n;
  }
  return starts;
}

/** The start of the first line after each target offset (CSV without a quote character). */
function lineStarts(fd: number, targets: readonly number[]): number[] {
  const starts: number[] = [];
  const buf = Buffer.allocUnsafe(TEXT_WINDOW);
  for (const t of targets) {
    if (t < (starts.at(-1) ?? 0)) continue;
    const n = readSync(fd, buf, 0, TEXT_WINDOW, t);
    const lf = buf.subarray(0, n).indexOf(LF);
    if (lf >= 0) starts.push(t + lf + 1);
  }
  return starts;
}

/** The start of the first line after each target whose line end no backslash escapes (text format). */
function textRecordStarts(fd: number, targets: readonly number[]): number[] {
  const starts: number[] = [];
  const buf = Buffer.allocUnsafe(TEXT_LOOKBACK + TEXT_WINDOW);
  for (const t of targets) {
    if (t < (starts.at(-1) ?? 0)) continue;
    const from = Math.max(0, t - TEXT_LOOKBACK);
    const n = readSync(fd, buf, 0, buf.length, from);
    for (
      let lf = buf.subarray(0, n).indexOf(LF, t - from);
      lf >= 0;
      lf = buf.subarray(0, n).indexOf(LF, lf + 1)
    ) {
      let run = 0;
      while (lf - run - 1 >= 0 && buf[lf - run - 1] === BACKSLASH) run++;
      if (lf - run - 1 < 0 && from > 0) break; // the run may go on before the window: no split here
      if (run % 2 === 0) {
        starts.push(from + lf + 1);
        break;
      }
    }
  }
  return starts;
}
