// An in-memory table chunk whose large string dictionaries are held as UTF-8 bytes in shared
// memory (the form workers receive them in) instead of as JS strings. Millions of strings on the
// heap make every full garbage collection mark each of them: the TPC-H SF 1 tables held 484 MB of
// heap, marked for about 750 ms, and V8 starts a full collection whenever a query's buffers grow
// by 64 MB. A packed column is decoded when a scan on this thread reads it (single rows alone for
// lookups and samples); the strings go with the last vector using them.

import type { Batch } from '../columnar/batch.js';
import type { Scalar, StringVector, Vector } from '../columnar/vector.js';
import { getBit } from '../columnar/bitmap.js';
import { gather, getScalar, sliceVector, vectorFromScalars } from '../columnar/vector-ops.js';
import {
  decodeStrings,
  type SharedDictionary,
  shareDictionary,
  type WireVector,
  wireStrings,
} from '../execution/transfer.js';
import type { StoredChunk } from './stored-chunk.js';

/** Dictionaries with at least this many strings are packed (smaller ones cost the heap little). */
export const PACKED_DICTIONARY_STRINGS = 16_384;

interface PackedStrings {
  /** The string vector without its dictionary. */
  readonly vector: Omit<StringVector, 'dict'>;
  readonly dict: SharedDictionary;
}

export class PackedChunk implements StoredChunk {
  /** The decoded vector of each packed column while something still holds it. */
  private readonly decoded = new Map<number, WeakRef<StringVector>>();

  private constructor(
    readonly length: number,
    private readonly columns: readonly (Vector | PackedStrings)[],
  ) {}

  /** The chunk with its large dictionaries packed, or the chunk itself when it has none. */
  static of(chunk: Batch): Batch | PackedChunk {
    if (!chunk.columns.some(isLarge)) return chunk;
    const columns = chunk.columns.map((v): Vector | PackedStrings => {
      if (!isLarge(v)) return v;
      const { dict, ...vector } = v;
      return { vector, dict: shareDictionary(dict) };
    });
    return new PackedChunk(chunk.length, columns);
  }

  column(c: number): Vector {
    const v = this.columns[c]!;
    if ('kind' in v) return v;
    const kept = this.decoded.get(c)?.deref();
    if (kept !== undefined) return kept;
    const vector: StringVector = {
      ...v.vector,
      dict: decodeStrings(v.dict.bytes, v.dict.offsets, v.dict.ascii),
    };
    this.decoded.set(c, new WeakRef(vector));
    return vector;
  }

  /** Row `row` of column `c`, decoding only that string of a packed column. */
  value(c: number, row: number): Scalar {
    const v = this.columns[c]!;
    if ('kind' in v) return getScalar(v, row);
    const validity = v.vector.validity;
    if (validity !== null && !getBit(validity, row)) return null;
    const { bytes, offsets, ascii } = v.dict;
    const code = v.vector.codes[row]!;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
      ascii ? 'latin1' : 'utf8',
      offsets[code]!,
      offsets[code + 1]!,
    );
  }

  /** Rows `rows` of the given columns: a packed column decodes only their strings when they are few. */
  gather(columns: readonly number[], rows: Int32Array): Batch {
    const few = rows.length * 16 < this.length;
    return {
      length: rows.length,
      columns: columns.map((c) => {
        const v = this.columns[c]!;
        if ('kind' in v || !few) return gather(this.column(c), rows);
        return vectorFromScalars(
          v.vector.type,
          Array.from(rows, (r) => this.value(c, r)),
        );
      }),
    };
  }

  load(): Batch {
    return { length: this.length, columns: this.columns.map((_, c) => this.column(c)) };
  }

  /** Rows [from, to) of a packed column as workers receive them, without decoding it here. */
  wireColumn(c: number, from: number, to: number): WireVector | null {
    const v = this.columns[c]!;
    if ('kind' in v) return null;
    const rows =
      from === 0 && to === this.length ? v.vector : sliceVector({ ...v.vector, dict: [] }, from, to);
    return wireStrings(rows as StringVector, v.dict);
  }
}

function isLarge(v: Vector): v is StringVector {
  return v.kind === 'string' && v.dict.length >= PACKED_DICTIONARY_STRINGS;
}
