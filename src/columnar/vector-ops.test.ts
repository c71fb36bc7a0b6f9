import { describe, expect, it } from 'vitest';
import { Types } from '../types/data-type.js';
import { compactDictionaries, compactDictionary, concatVectors, getScalar } from './vector-ops.js';
import type { StringVector, Vector } from './vector.js';

function strings(dict: string[], codes: number[]): StringVector {
  return {
    kind: 'string',
    type: Types.text,
    length: codes.length,
    validity: null,
    dict,
    codes: Int32Array.from(codes),
  };
}

const values = (v: Vector) => Array.from({ length: v.length }, (_, i) => getScalar(v, i));

describe('string vectors', () => {
  it('keep only the dictionary entries their rows use when sent elsewhere', () => {
    const dict = Array.from({ length: 1000 }, (_, i) => `name ${i}`);
    const v = strings(dict, [999, 3, 999, 500]);
    const compact = compactDictionary(v) as StringVector;
    expect(compact.dict).toEqual(['name 999', 'name 3', 'name 500']);
    expect(values(compact)).toEqual(values(v));
    const small = strings(['a', 'b'], [1, 0]);
    expect(compactDictionary(small)).toBe(small);
  });

  it('batches sharing a large dictionary share one compacted dictionary', () => {
    const dict = Array.from({ length: 1000 }, (_, i) => `name ${i}`);
    const small = strings(['a', 'b'], [1, 0]);
    const batches = [
      { length: 2, columns: [strings(dict, [7, 999]), small] },
      { length: 2, columns: [strings(dict, [999, 3]), small] },
    ];
    const [first, second] = compactDictionaries(batches);
    const a = first!.columns[0] as StringVector;
    const b = second!.columns[0] as StringVector;
    expect(a.dict).toBe(b.dict);
    expect(a.dict).toEqual(['name 7', 'name 999', 'name 3']);
    expect([...values(a), ...values(b)]).toEqual(['name 7', 'name 999', 'name 999', 'name 3']);
    expect(first!.columns[1]).toBe(small);
    const few = [{ length: 2, columns: [small] }];
    expect(compactDictionaries(few)).toBe(few);
  });

  it('concatenate mostly distinct strings without merging equal entries, small dictionaries merged', () => {
    const a = strings(['x', 'y', 'z'], [0, 1, 2]);
    const b = strings(['z', 'w', 'x'], [0, 1, 2]);
    const distinct = concatVectors(Types.text, [a, b]) as StringVector;
    expect(values(distinct)).toEqual(['x', 'y', 'z', 'z', 'w', 'x']);
    const c = strings(['p', 'q'], [0, 1, 0, 1, 1, 0]);
    const d = strings(['q', 'p'], [0, 1, 0, 1, 1, 0]);
    const merged = concatVectors(Types.text, [c, d]) as StringVector;
    expect(merged.dict).toEqual(['p', 'q']);
    expect(values(merged)).toEqual(['p', 'q', 'p', 'q', 'q', 'p', 'q', 'p', 'q', 'p', 'p', 'q']);
  });
});
