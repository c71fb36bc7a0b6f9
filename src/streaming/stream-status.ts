// The rows of information_schema.sources and information_schema.sinks (SHOW SOURCES, SHOW SINKS):
// each object's definition from the catalog, and for sinks the committed positions and the live
// counters of the runner.

import type { CatalogEntry, SinkEntry, SourceEntry } from '../catalog/catalog.js';
import type { SinkStatus } from '../engine/stream-runtime.js';
import type { InfoRows } from '../engine/ml/model-info-rows.js';
import { type DataType, Types, typeName } from '../types/data-type.js';

const text = Types.text;
const i8 = Types.int8;

function cols(spec: readonly (readonly [string, DataType])[]): InfoRows['columns'] {
  return spec.map(([name, type]) => ({ name, type }));
}

function byName<T extends { name: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function sourceLocation(s: SourceEntry): string {
  switch (s.origin.type) {
    case 'files':
      return s.origin.pattern;
    case 'table':
      return s.origin.table;
    case 'kafka':
      return String(s.options['topic'] ?? '');
  }
}

export function sourceRows(entries: readonly CatalogEntry[]): InfoRows {
  const sources = byName(entries.filter((e): e is SourceEntry => e.kind === 'source'));
  return {
    columns: cols([
      ['source_name', text],
      ['source_type', text],
      ['location', text],
      ['format', text],
      ['columns', text],
      ['watermark', text],
      ['options', Types.json],
    ]),
    rows: sources.map((s) => [
      s.name,
      s.origin.type,
      sourceLocation(s),
      s.origin.type === 'files' ? s.origin.format : s.origin.type === 'kafka' ? 'json' : null,
      s.columns.map((c) => `${c.name} ${typeName(c.type)}`).join(', '),
      s.watermark === null ? null : `${s.watermark.column} - ${s.watermark.delayMs} ms`,
      s.options,
    ]),
  };
}

function targetText(sink: SinkEntry): string {
  const t = sink.target;
  switch (t.type) {
    case 'table':
      return `TABLE ${t.table}`;
    case 'files':
      return `FILES ${t.path} (${t.format})`;
    case 'notify':
      return `NOTIFY ${t.channel}`;
    case 'kafka':
      return `KAFKA ${String(sink.options['topic'] ?? '')}`;
  }
}

function triggerText(sink: SinkEntry): string {
  const t = sink.trigger;
  return t.kind === 'interval' ? (t.ms === 0 ? 'continuous' : `interval ${t.ms} ms`) : t.kind;
}

export function sinkRows(
  entries: readonly CatalogEntry[],
  status: (name: string) => SinkStatus | undefined,
): InfoRows {
  const sinks = byName(entries.filter((e): e is SinkEntry => e.kind === 'sink'));
  const progress = new Map(
    entries.flatMap((e) => (e.kind === 'sink_progress' ? [[e.name, e] as const] : [])),
  );
  const micros = (ms: number | null) => (ms === null ? null : ms * 1000);
  return {
    columns: cols([
      ['sink_name', text],
      ['state', text],
      ['sources', text],
      ['target', text],
      ['trigger', text],
      ['models', text],
      ['batches', i8],
      ['rows_in', i8],
      ['rows_out', i8],
      ['dead_letters', i8],
      ['last_batch_ms', i8],
      ['last_batch_at', Types.timestamptz],
      ['lag', i8],
      ['last_error', text],
      ['positions', Types.json],
      ['dead_letter_table', text],
    ]),
    rows: sinks.map((sink) => {
      const live = status(sink.name);
      const p = progress.get(sink.name);
      return [
        sink.name,
        live?.state ?? (sink.running ? 'starting' : 'stopped'),
        sink.sources.join(', '),
        targetText(sink),
        triggerText(sink),
        Object.entries(sink.models)
          .map(([m, v]) => `${m}@${v}`)
          .join(', '),
        p?.batches ?? 0,
        live?.rowsIn ?? 0,
        live?.rowsOut ?? 0,
        live?.deadLetters ?? 0,
        live?.lastBatchMs ?? null,
        micros(live?.lastBatchAt ?? null),
        live?.lag ?? null,
        live?.lastError ?? null,
        p?.positions ?? {},
        sink.deadLetterTable,
      ];
    }),
  };
}
