// Chunk lists logged as changes: appends, replacements and removals round-trip and stay small.

import { describe, expect, it } from 'vitest';
import type { ChunkRef } from './catalog-codec.js';
import { applyChunkListDelta, chunkListDelta } from './chunk-list-delta.js';

const ref = (i: number): ChunkRef => ['seg-000001.lsg', i * 100, 100, 10];

describe('chunk list deltas', () => {
  it('logs an append as one run and the new chunk', () => {
    const before = Array.from({ length: 500 }, (_, i) => ref(i));
    const after = [...before, ref(9999)];
    const delta = chunkListDelta(before, after);
    expect(delta).toEqual([[0, 500], ref(9999)]);
    expect(applyChunkListDelta(before, delta)).toEqual(after);
  });

  it('round-trips replaced, removed, reordered and shared chunks', () => {
    const before = Array.from({ length: 50 }, (_, i) => ref(i));
    for (let trial = 0; trial < 200; trial++) {
      const after: ChunkRef[] = [];
      for (const r of before) {
        const roll = Math.random();
        if (roll < 0.1) continue; // removed (DELETE emptied it)
        if (roll < 0.2)
          after.push(ref(1000 + trial)); // replaced (UPDATE)
        else after.push(r);
      }
      if (Math.random() < 0.3) after.push(before[0]!); // the same chunk twice
      expect(applyChunkListDelta(before, chunkListDelta(before, after))).toEqual(after);
    }
  });

  it('rejects a run past the end of its base', () => {
    expect(() => applyChunkListDelta([ref(0)], [[0, 2]])).toThrow(/corrupt/);
  });
});
