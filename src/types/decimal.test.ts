import { describe, expect, it } from 'vitest';
import {
  decimalAdd,
  decimalApplyTypmod,
  decimalDiv,
  decimalFromFloat,
  decimalMul,
  decimalRound,
  decimalSqrt,
  decimalToString,
  divisionScale,
  parseDecimal,
} from './decimal.js';

const d = (text: string) => parseDecimal(text)!;
const s = (x: ReturnType<typeof parseDecimal>) => decimalToString(x!);

describe('decimal', () => {
  it('parses and prints keeping the written scale', () => {
    expect(s(d('1.50'))).toBe('1.50');
    expect(s(d('-0.001'))).toBe('-0.001');
    expect(s(d('1e3'))).toBe('1000');
    expect(s(d('2.5e-2'))).toBe('0.025');
    expect(parseDecimal('abc')).toBeNull();
  });

  it('adds and multiplies exactly', () => {
    expect(s(decimalAdd(d('0.1'), d('0.2')))).toBe('0.3');
    expect(s(decimalMul(d('1.05'), d('1.05')))).toBe('1.1025');
    expect(s(decimalAdd(d('99999999999999999999.99'), d('0.01')))).toBe('100000000000000000000.00');
  });

  it('divides with PostgreSQL result scales', () => {
    // Checked against PostgreSQL 15: select 10::numeric / 3, 1::numeric / 3, 100000::numeric / 3.
    expect(s(decimalDiv(d('10'), d('3')))).toBe('3.3333333333333333');
    expect(s(decimalDiv(d('1'), d('3')))).toBe('0.33333333333333333333');
    expect(s(decimalDiv(d('100000'), d('3')))).toBe('33333.333333333333');
    expect(divisionScale(d('7.5'), d('2'))).toBe(16);
    // A dividend below one whose leading base-10000 group is short: select 0.001 / 7, 1e-10 / 3.
    expect(s(decimalDiv(d('0.001'), d('7')))).toBe('0.00014285714285714286');
    expect(s(decimalDiv(d('1e-10'), d('3')))).toBe('0.0000000000333333333333333333');
  });

  it('rounds half away from zero and checks precision', () => {
    expect(s(decimalRound(d('2.5'), 0))).toBe('3');
    expect(s(decimalRound(d('-2.5'), 0))).toBe('-3');
    expect(s(decimalApplyTypmod(d('1.005'), 10, 2))).toBe('1.01');
    expect(() => decimalApplyTypmod(d('1000'), 5, 2)).toThrow(/numeric field overflow/);
    // A scale above the precision (PostgreSQL 15): numeric(3,5) holds values below 0.01.
    expect(s(decimalApplyTypmod(d('0.001234'), 3, 5))).toBe('0.00123');
    expect(() => decimalApplyTypmod(d('0.01'), 3, 5)).toThrow(/numeric field overflow/);
  });

  it('converts floats with %g at DBL_DIG / FLT_DIG digits, as float8_numeric does', () => {
    expect(s(decimalFromFloat(0.1 + 0.2, 15))).toBe('0.3');
    expect(s(decimalFromFloat(Math.fround(0.1), 6))).toBe('0.1');
    expect(s(decimalFromFloat(1e20, 15))).toBe('100000000000000000000');
    expect(s(decimalFromFloat(-2.5e-7, 6))).toBe('-0.00000025');
  });

  it('takes square roots at PostgreSQL scales', () => {
    expect(s(decimalSqrt(d('2')))).toBe('1.414213562373095');
    expect(s(decimalSqrt(d('16')))).toBe('4.000000000000000');
  });
});
