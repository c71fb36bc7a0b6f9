// Tests of Kafka position arithmetic: advancing, where to seek (START, retention, new
// partitions), lag, and reading positions back from storage.

import { describe, expect, it } from 'vitest';
import { LarchError } from '../../engine/errors.js';
import { advance, lag, mergePositions, parsePosition, startOffsets } from './kafka-position.js';

describe('advance', () => {
  it('moves each partition to its max offset + 1', () => {
    const messages = [
      { partition: 0, offset: 10 },
      { partition: 1, offset: 3 },
      { partition: 0, offset: 11 },
      { partition: 0, offset: 12 },
    ];
    expect(advance({ '0': 10, '1': 3 }, messages)).toEqual({ '0': 13, '1': 4 });
  });

  it('starts from null or empty and keeps partitions without messages', () => {
    expect(advance(null, [{ partition: 2, offset: 0 }])).toEqual({ '2': 1 });
    expect(advance({ '0': 5, '1': 9 }, [{ partition: 1, offset: 9 }])).toEqual({ '0': 5, '1': 10 });
    expect(advance({ '0': 5 }, [])).toEqual({ '0': 5 });
  });

  it('never goes back', () => {
    expect(advance({ '0': 100 }, [{ partition: 0, offset: 50 }])).toEqual({ '0': 100 });
    expect(advance({ '0': 100 }, [{ partition: 0, offset: 99 }])).toEqual({ '0': 100 });
  });

  it('does not change its input', () => {
    const position = Object.freeze({ '0': 1 });
    const next = advance(position, [{ partition: 0, offset: 4 }]);
    expect(position).toEqual({ '0': 1 });
    expect(next).toEqual({ '0': 5 });
  });

  it('jumps over gaps (compaction, transaction markers)', () => {
    expect(advance({ '0': 0 }, [{ partition: 0, offset: 7 }])).toEqual({ '0': 8 });
  });
});

describe('mergePositions', () => {
  it('takes the further offset of each partition', () => {
    expect(mergePositions({ '0': 5, '1': 2 }, { '1': 4, '2': 0 })).toEqual({ '0': 5, '1': 4, '2': 0 });
    expect(mergePositions(null, { '0': 1 })).toEqual({ '0': 1 });
    expect(mergePositions({ '0': 9 }, { '0': 1 })).toEqual({ '0': 9 });
  });
});

describe('startOffsets', () => {
  const earliest = { '0': 0, '1': 100, '2': 0 };
  const latest = { '0': 50, '1': 200, '2': 7 };

  it('follows START when there is no position', () => {
    expect(startOffsets(null, [0, 1, 2], earliest, latest, 'earliest')).toEqual({ '0': 0, '1': 100, '2': 0 });
    expect(startOffsets(null, [0, 1, 2], earliest, latest, 'latest')).toEqual({ '0': 50, '1': 200, '2': 7 });
  });

  it('seeks to the stored offsets', () => {
    expect(startOffsets({ '0': 20, '1': 150, '2': 7 }, [0, 1, 2], earliest, latest, 'latest')).toEqual({
      '0': 20,
      '1': 150,
      '2': 7,
    });
  });

  it('moves an offset removed by retention to the log start', () => {
    expect(startOffsets({ '0': 20, '1': 40, '2': 3 }, [0, 1, 2], earliest, latest, 'latest')).toEqual({
      '0': 20,
      '1': 100,
      '2': 3,
    });
  });

  it('starts partitions added since the position by START', () => {
    const position = { '0': 20 };
    expect(startOffsets(position, [0, 1, 2], earliest, latest, 'earliest')).toEqual({
      '0': 20,
      '1': 100,
      '2': 0,
    });
    expect(startOffsets(position, [0, 1, 2], earliest, latest, 'latest')).toEqual({
      '0': 20,
      '1': 200,
      '2': 7,
    });
  });

  it('keeps an offset past the end (never reads a message twice)', () => {
    expect(startOffsets({ '0': 80 }, [0], earliest, latest, 'earliest')).toEqual({ '0': 80 });
  });

  it('seeks only the partitions asked for', () => {
    expect(startOffsets({ '0': 3, '9': 4 }, [0], earliest, latest, 'earliest')).toEqual({ '0': 3 });
  });

  it('copes with missing offsets (empty partitions, earliest above latest)', () => {
    expect(startOffsets(null, [0, 1], {}, {}, 'latest')).toEqual({ '0': 0, '1': 0 });
    expect(startOffsets(null, [0], { '0': 10 }, { '0': 5 }, 'latest')).toEqual({ '0': 10 });
    expect(startOffsets(null, [0], { '0': 10 }, {}, 'latest')).toEqual({ '0': 10 });
  });
});

describe('lag', () => {
  it('adds up the messages after the position', () => {
    expect(lag({ '0': 40, '1': 200 }, { '0': 50, '1': 210 })).toBe(20);
  });

  it('counts partitions missing from the position from 0', () => {
    expect(lag({ '0': 40 }, { '0': 50, '1': 5 })).toBe(15);
    expect(lag(null, { '0': 3 })).toBe(3);
  });

  it('is never negative', () => {
    expect(lag({ '0': 60 }, { '0': 50 })).toBe(0);
    expect(lag({}, {})).toBe(0);
  });

  it('agrees with startOffsets after retention', () => {
    const seek = startOffsets({ '0': 5 }, [0], { '0': 30 }, { '0': 50 }, 'earliest');
    expect(lag(seek, { '0': 50 })).toBe(20);
  });
});

describe('parsePosition', () => {
  it('reads objects and JSON text', () => {
    expect(parsePosition({ '0': 42, '1': 7 })).toEqual({ '0': 42, '1': 7 });
    expect(parsePosition('{"3":0}')).toEqual({ '3': 0 });
    expect(parsePosition({})).toEqual({});
  });

  it('rejects anything else', () => {
    for (const bad of [
      'nope',
      '[1]',
      'null',
      5,
      null,
      { a: 1 },
      { '-1': 1 },
      { '01': 1 },
      { '0': -1 },
      { '0': 1.5 },
      { '0': '1' },
    ]) {
      const e = (() => {
        try {
          parsePosition(bad);
        } catch (x) {
          return x;
        }
        return null;
      })();
      expect(e, JSON.stringify(bad)).toBeInstanceOf(LarchError);
      expect((e as LarchError).code).toBe('22023');
      expect((e as LarchError).message).toMatch(/^invalid Kafka position: /);
    }
  });
});
