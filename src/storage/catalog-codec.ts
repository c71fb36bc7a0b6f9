// Catalog entries as JSON for the manifest and the write-ahead log, one codec per entry kind (a new
// kind does not compile until it has one). Table data becomes a list of chunk references; views keep
// their SQL text; parsed expressions (defaults, checks) are libpg-query's JSON already.

import type {
  CatalogEntry,
  ColumnDefinition,
  IndexEntry,
  ModelEntry,
  SchemaEntry,
  TableEntry,
  SinkEntry,
  SinkProgressEntry,
  SourceEntry,
  ViewEntry,
} from '../catalog/catalog.js';
import type { ChunkSlot } from '../catalog/stored-chunk.js';
import { TableData } from '../catalog/table-data.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { DataType } from '../types/data-type.js';
import { canonicalType } from './vector-codec.js';

/** Where a chunk is stored: file name, byte offset and length of its blob, and its row count. */
export type ChunkRef = readonly [file: string, offset: number, bytes: number, rows: number];

export interface ChunkRefs {
  /** The stored location of a chunk of a table being saved (its chunks are written first). */
  refOf(slot: ChunkSlot): ChunkRef;
  /** A chunk that reads the stored blob when first used. */
  slotAt(ref: ChunkRef): ChunkSlot;
}

/** A catalog entry as stored: JSON, tagged with its kind. */
export type StoredEntry = { readonly kind: CatalogEntry['kind'] } & Record<string, unknown>;

interface EntryCodec<E extends CatalogEntry> {
  encode(entry: E, refs: ChunkRefs): StoredEntry;
  decode(stored: StoredEntry, refs: ChunkRefs): E;
}

interface StoredTable extends Omit<TableEntry, 'data' | 'temporary'> {
  readonly chunks: readonly ChunkRef[];
}

const tableCodec: EntryCodec<TableEntry> = {
  encode(entry, refs) {
    const { data, temporary: _temporary, ...rest } = entry;
    const stored: StoredTable = { ...rest, chunks: data.slots.map((s) => refs.refOf(s)) };
    return stored as unknown as StoredEntry;
  },
  decode(stored, refs) {
    const { chunks, ...rest } = stored as unknown as StoredTable;
    const columns: ColumnDefinition[] = rest.columns.map((c) => ({ ...c, type: canonicalType(c.type) }));
    const data = new TableData(
      columns.map((c) => c.type),
      chunks.map((ref) => refs.slotAt(ref)),
    );
    return { ...rest, columns, data, temporary: false };
  },
};

const viewCodec: EntryCodec<ViewEntry> = {
  encode: ({ temporary: _temporary, ...rest }) => rest as unknown as StoredEntry,
  decode(stored) {
    const view = stored as unknown as Omit<ViewEntry, 'temporary'>;
    return {
      ...view,
      columnTypes: view.columnTypes.map((t: DataType) => canonicalType(t)),
      temporary: false,
    };
  },
};

function plainCodec<
  E extends SchemaEntry | IndexEntry | ModelEntry | SinkEntry | SinkProgressEntry,
>(): EntryCodec<E> {
  return {
    encode: (entry) => entry as unknown as StoredEntry,
    decode: (stored) => stored as unknown as E,
  };
}

const CODECS: { readonly [K in CatalogEntry['kind']]: EntryCodec<Extract<CatalogEntry, { kind: K }>> } = {
  table: tableCodec,
  view: viewCodec,
  schema: plainCodec<SchemaEntry>(),
  index: plainCodec<IndexEntry>(),
  // A model is its versions' native model files (JSON text) and the active version number.
  model: plainCodec<ModelEntry>(),
  // Stream objects: definitions and positions, plain JSON (column types as stored types).
  source: {
    encode: (entry) => entry as unknown as StoredEntry,
    decode(stored) {
      const source = stored as unknown as SourceEntry;
      return { ...source, columns: source.columns.map((c) => ({ ...c, type: canonicalType(c.type) })) };
    },
  },
  sink: plainCodec<SinkEntry>(),
  sink_progress: plainCodec<SinkProgressEntry>(),
};

export function encodeEntry(entry: CatalogEntry, refs: ChunkRefs): StoredEntry {
  return (CODECS[entry.kind] as EntryCodec<CatalogEntry>).encode(entry, refs);
}

export function decodeEntry(stored: StoredEntry, refs: ChunkRefs): CatalogEntry {
  const codec = CODECS[stored.kind] as EntryCodec<CatalogEntry> | undefined;
  if (codec === undefined) {
    throw new LarchError(SqlState.dataCorrupted, `unknown catalog entry kind "${String(stored.kind)}"`, {
      hint: 'The database was written by a newer version of Larch.',
    });
  }
  return codec.decode(stored, refs);
}

/** The table chunks an entry refers to (all of its stored data). */
export function entryChunks(entry: CatalogEntry): readonly ChunkSlot[] {
  return entry.kind === 'table' ? entry.data.slots : [];
}
