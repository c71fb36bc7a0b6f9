// The chunk list of each table as the manifest or the log last recorded it, so a commit can log its
// tables' lists as changes (chunk-list-delta.ts) and replay can rebuild them.

import { entryKey } from '../catalog/catalog.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { ChunkRef, StoredEntry } from './catalog-codec.js';
import { applyChunkListDelta, chunkListDelta, type ChunkListItem } from './chunk-list-delta.js';

const keyOf = (stored: StoredEntry) => entryKey(String(stored['schema']), String(stored['name']));

export class LoggedChunkLists {
  private readonly lists = new Map<string, readonly ChunkRef[]>();

  /** The entry as the log stores it: a table's chunk list as a change from the last one recorded. */
  compact(stored: StoredEntry): StoredEntry {
    const chunks = stored['chunks'] as readonly ChunkRef[] | undefined;
    const previous = this.lists.get(keyOf(stored));
    if (chunks === undefined || previous === undefined) return stored;
    const { chunks: _full, ...rest } = stored;
    return { ...rest, chunkDelta: chunkListDelta(previous, chunks) };
  }

  /** The entry with its full chunk list (from the manifest, the log, or a commit), recorded as the new base. */
  record(stored: StoredEntry, logPath: string): StoredEntry {
    const key = keyOf(stored);
    const delta = stored['chunkDelta'] as readonly ChunkListItem[] | undefined;
    let full = stored;
    if (delta !== undefined) {
      const previous = this.lists.get(key);
      if (previous === undefined) {
        throw new LarchError(SqlState.dataCorrupted, `write-ahead log "${logPath}" is corrupt`, {
          detail: `A change to "${key}" refers to a chunk list never recorded.`,
        });
      }
      const { chunkDelta: _delta, ...rest } = stored;
      full = { ...rest, chunks: applyChunkListDelta(previous, delta) };
    }
    const chunks = full['chunks'] as readonly ChunkRef[] | undefined;
    if (chunks === undefined) this.lists.delete(key);
    else this.lists.set(key, chunks);
    return full;
  }

  forget(schema: string, name: string): void {
    this.lists.delete(entryKey(schema, name));
  }

  clear(): void {
    this.lists.clear();
  }
}
