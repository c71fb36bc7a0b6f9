// A table's chunk list in a log record, as a change from the list the log last recorded for it:
// runs of chunks kept from that list ([first, count]) and references to new chunks. A single-row
// INSERT into a table of thousands of chunks then logs a few numbers, not every reference.

import { LarchError, SqlState } from '../engine/errors.js';
import type { ChunkRef } from './catalog-codec.js';

/** A run of the previous list ([first index, count]) or a chunk reference. */
export type ChunkListItem = readonly [first: number, count: number] | ChunkRef;

const refKey = (r: ChunkRef) => `${r[0]}:${r[1]}`;

export function chunkListDelta(previous: readonly ChunkRef[], next: readonly ChunkRef[]): ChunkListItem[] {
  const index = new Map(previous.map((r, i) => [refKey(r), i]));
  const out: ChunkListItem[] = [];
  let run: [number, number] | null = null;
  for (const ref of next) {
    const at = index.get(refKey(ref));
    if (at === undefined) {
      run = null;
      out.push(ref);
    } else if (run !== null && run[0] + run[1] === at) {
      run[1]++;
    } else {
      run = [at, 1];
      out.push(run);
    }
  }
  return out;
}

export function applyChunkListDelta(
  previous: readonly ChunkRef[],
  items: readonly ChunkListItem[],
): ChunkRef[] {
  const out: ChunkRef[] = [];
  for (const item of items) {
    if (item.length === 4) {
      out.push(item);
      continue;
    }
    const [first, count] = item;
    if (first + count > previous.length) {
      throw new LarchError(
        SqlState.dataCorrupted,
        'write-ahead log is corrupt: a chunk list refers past its base',
      );
    }
    for (let i = first; i < first + count; i++) out.push(previous[i]!);
  }
  return out;
}
