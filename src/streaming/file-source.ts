// A source over files landing in a folder: each micro-batch takes the files matching the pattern
// that the sink has not read yet (oldest first, at most MAX_FILES_PER_TRIGGER), and each file is read
// once. JSON files are split into events (one per line, or per element of a top-level array) and
// decoded one by one, so a malformed event goes to the dead-letter table alone; CSV and Parquet files
// are read by their table functions, and a file that fails to read is a dead letter as a whole.
// Files must appear whole (written elsewhere and renamed into the folder), as in Spark.

import { readFileSync, statSync } from 'node:fs';
import type { JsonValue, SourceEntry } from '../catalog/catalog.js';
import { type Batch, batch, rowsBatch } from '../columnar/batch.js';
import { concatVectors } from '../columnar/vector-ops.js';
import { listFiles } from '../datasource/file-list.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { quoteLiteral } from '../functions/scalar/format.js';
import { typeName } from '../types/data-type.js';
import {
  type DeadLetter,
  decodeJsonEvents,
  deadLetter,
  type RawEvent,
  type SourceRead,
} from './stream-events.js';

const DEFAULT_MAX_FILES = 1000;

export function filesDone(position: JsonValue | null): ReadonlySet<string> {
  const files = (position as { files?: unknown } | null)?.files;
  return new Set(Array.isArray(files) ? (files as string[]) : []);
}

function sourcePattern(source: SourceEntry): string {
  return (source.origin as { pattern: string }).pattern;
}

/** The files matching the source's pattern (none yet is not an error). */
export function matchingFiles(source: SourceEntry): string[] {
  try {
    return listFiles([sourcePattern(source)]);
  } catch (e) {
    if (e instanceof LarchError && e.code === SqlState.undefinedFile) return [];
    throw e;
  }
}

/** Files not read yet, oldest first. */
export function newFiles(source: SourceEntry, position: JsonValue | null): string[] {
  const done = filesDone(position);
  const mtime = (f: string) => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return Infinity;
    }
  };
  return matchingFiles(source)
    .filter((f) => !done.has(f))
    .map((f) => ({ f, t: mtime(f) }))
    .sort((a, b) => a.t - b.t || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0))
    .map((x) => x.f);
}

/** The events of a JSON file: its lines, or the elements of a top-level array. */
export function jsonFileEvents(file: string, text: string): RawEvent[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      const values = JSON.parse(trimmed) as unknown[];
      return values.map((v, i) => ({ text: JSON.stringify(v), origin: `${file}[${i}]` }));
    } catch {
      // Not one JSON array after all: read it line by line.
    }
  }
  const out: RawEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() !== '') out.push({ text: line.replace(/\r$/, ''), origin: `${file}:${i + 1}` });
  });
  return out;
}

/** The query reading one CSV or Parquet file as the source's columns. */
export function fileQuery(source: SourceEntry, file: string): string {
  const format = (source.origin as { format: string }).format;
  const columns = source.columns.map((c) => `CAST("${c.name.replace(/"/g, '""')}" AS ${typeName(c.type)})`);
  return `SELECT ${columns.join(', ')} FROM read_${format}(${quoteLiteral(file)})`;
}

/** Reads the source's next files after `position`; `query` runs SQL and returns its batches. */
export async function readFileSource(
  source: SourceEntry,
  position: JsonValue | null,
  query: (sql: string) => Promise<Batch[]>,
): Promise<SourceRead> {
  const max = Number(source.options['max_files_per_trigger'] ?? DEFAULT_MAX_FILES);
  const files = newFiles(source, position).slice(0, max);
  const done = [...filesDone(position), ...files].sort();
  const next = { files: done };
  const format = (source.origin as { format: string }).format;
  if (format === 'json') {
    const events: RawEvent[] = [];
    const dead: DeadLetter[] = [];
    for (const file of files) {
      try {
        events.push(...jsonFileEvents(file, readFileSync(file, 'utf8')));
      } catch (e) {
        dead.push(deadLetter(source.name, { text: '', origin: file }, e));
      }
    }
    const read = decodeJsonEvents(source.name, source.columns, events, next);
    return { ...read, deadLetters: [...dead, ...read.deadLetters] };
  }
  const parts: Batch[] = [];
  const events: RawEvent[] = [];
  const dead: DeadLetter[] = [];
  for (const file of files) {
    try {
      const batches = await query(fileQuery(source, file));
      let row = 0;
      for (const b of batches) {
        for (let i = 0; i < b.length; i++) events.push({ text: '', origin: `${file}#${++row}` });
        parts.push(b);
      }
    } catch (e) {
      dead.push(deadLetter(source.name, { text: '', origin: file }, e));
    }
  }
  const rows =
    parts.length === 0
      ? rowsBatch(source.columns, [])
      : batch(
          source.columns.map((c, j) =>
            concatVectors(
              c.type,
              parts.map((p) => p.columns[j]!),
            ),
          ),
        );
  return { rows, events, deadLetters: dead, position: next };
}
