import { describe, expect, it } from 'vitest';
import { Types } from './data-type.js';
import { formatFloat4, formatFloat8, formatValue } from './text-format.js';

describe('text output', () => {
  it('prints doubles as PostgreSQL 15 does (shortest round-trip, %g layout)', () => {
    expect(formatFloat8(1e15)).toBe('1e+15');
    expect(formatFloat8(123456789012345)).toBe('123456789012345');
    expect(formatFloat8(1234567890123456)).toBe('1.234567890123456e+15');
    expect(formatFloat8(0.0001)).toBe('0.0001');
    expect(formatFloat8(0.00001)).toBe('1e-05');
    expect(formatFloat8(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatFloat8(-0)).toBe('-0');
    expect(formatFloat8(NaN)).toBe('NaN');
    expect(formatFloat8(-Infinity)).toBe('-Infinity');
  });

  it('prints reals with float4 precision', () => {
    expect(formatFloat4(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat4(Math.fround(1234567))).toBe('1.234567e+06');
  });

  it('prints booleans, arrays and intervals', () => {
    expect(formatValue(Types.bool, true)).toBe('t');
    expect(formatValue({ id: 'list', element: Types.text }, ['a', 'b c', null])).toBe('{a,"b c",NULL}');
    expect(formatValue(Types.interval, { months: 14, days: -3, micros: 3_600_000_000 })).toBe(
      '1 year 2 mons -3 days +01:00:00',
    );
  });
});
