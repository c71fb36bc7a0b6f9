import { describe, expect, it } from 'vitest';
import { getScalar, vectorFromScalars } from '../columnar/vector-ops.js';
import type { StringVector } from '../columnar/vector.js';
import { Types } from '../types/data-type.js';
import { dropIdleDictionaries, receiveVector, shareVector } from './transfer.js';

describe('decoded dictionaries on the receiving thread', () => {
  const wire = shareVector(vectorFromScalars(Types.text, ['b', 'a', 'b', null, 'é']));

  it('are decoded once while tasks keep using them', () => {
    const first = receiveVector(wire) as StringVector;
    const second = receiveVector(wire) as StringVector;
    expect(second.dict).toBe(first.dict);
    expect(Array.from({ length: 5 }, (_, i) => getScalar(second, i))).toEqual(['b', 'a', 'b', null, 'é']);
  });

  it('are dropped once idle, and decoded again when used again', () => {
    const before = (receiveVector(wire) as StringVector).dict;
    dropIdleDictionaries(performance.now() + 500);
    expect((receiveVector(wire) as StringVector).dict).toBe(before);
    dropIdleDictionaries(performance.now() + 2000);
    const after = (receiveVector(wire) as StringVector).dict;
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
  });
});
