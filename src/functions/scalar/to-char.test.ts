// Unit tests for the to_char helpers: C-style float printing, numeric templates, date/time
// templates and their parser.

import { describe, expect, it } from 'vitest';
import { Types } from '../../types/data-type.js';
import { daysFromCivil, MICROS_PER_DAY } from '../../types/datetime.js';
import { printfExponent, printfFixed, printfG } from './c-printf.js';
import { tmFromMicros } from './calendar.js';
import { parseDateFormat } from './format-pattern.js';
import { formatDateTime, ordinalSuffix, zeroPad } from './to-char.js';
import { numberToChar, toRoman } from './to-char-number.js';

describe('printf emulation', () => {
  it('rounds exact binary ties to even, as glibc does', () => {
    expect(printfFixed(2.5, 0)).toBe('2');
    expect(printfFixed(3.5, 0)).toBe('4');
    expect(printfFixed(0.125, 2)).toBe('0.12');
    expect(printfFixed(0.1, 20)).toBe('0.10000000000000000555');
    expect(printfFixed(-0, 1)).toBe('-0.0');
    expect(printfExponent(2.5, 0)).toBe('2e+00');
    expect(printfExponent(9.99, 1)).toBe('1.0e+01');
    expect(printfExponent(-1.5e-300, 2)).toBe('-1.50e-300');
  });

  it('prints %g like C, with zero padding', () => {
    expect(printfG(1e20)).toBe('1e+20');
    expect(printfG(60.5, 2)).toBe('60.5');
    expect(printfG(5, 2)).toBe('05');
    expect(printfG(0.0001)).toBe('0.0001');
    expect(printfG(0.00001)).toBe('1e-05');
    expect(printfG(123456789)).toBe('1.23457e+08');
    expect(printfG(Number.NaN)).toBe('NaN');
  });
});

describe('numeric templates', () => {
  const numeric = (text: string) => {
    const [i, f = ''] = text.split('.');
    return { m: BigInt(i! + f), s: f.length };
  };

  it('pads, signs and overflows as PostgreSQL', () => {
    expect(numberToChar(1234.5, Types.float8, '9999.99')).toBe(' 1234.50');
    expect(numberToChar(-12, Types.int4, '9999PR')).toBe('  <12>');
    expect(numberToChar(12345, Types.int4, '999')).toBe(' ###');
    expect(numberToChar(numeric('0.12'), Types.numeric, '.99')).toBe(' .##');
    expect(numberToChar(numeric('-0.5'), Types.numeric, 'FM990.00')).toBe('-0.50');
    expect(numberToChar(numeric('12.50'), Types.numeric, 'FM9999.0099')).toBe('12.50');
    expect(numberToChar(1, Types.int4, '')).toBe('');
  });

  it('handles EEEE, V, RN and TH', () => {
    expect(numberToChar(numeric('9.99'), Types.numeric, '9.9EEEE')).toBe(' 10.0e+00');
    expect(numberToChar(12, Types.int4, '99V99')).toBe(' 1200');
    expect(numberToChar(1994, Types.int4, 'FMrn')).toBe('mcmxciv');
    expect(numberToChar(11, Types.int4, 'FM999th')).toBe('11th');
    expect(toRoman(4000)).toBe('###############');
  });

  it('rejects contradictory templates', () => {
    expect(() => numberToChar(1, Types.int4, '9.9.9')).toThrow(/multiple decimal points/);
    expect(() => numberToChar(1, Types.int4, 'FM9EEEE')).toThrow(/incompatible/);
  });
});

describe('date/time templates', () => {
  const at = (y: number, m: number, d: number, seconds = 0) =>
    tmFromMicros(daysFromCivil(y, m, d) * MICROS_PER_DAY + seconds * 1_000_000);
  const format = (template: string, tm = at(2020, 3, 5, 14 * 3600 + 7 * 60 + 9)) =>
    formatDateTime(parseDateFormat(template), { tm, interval: false, zoneName: null, offset: 0 });

  it('parses keywords, prefixes, suffixes and quoted text', () => {
    expect(parseDateFormat('FMDDth').map((n) => n.type)).toEqual(['action']);
    expect(format('YYYY-MM-DD HH24:MI:SS')).toBe('2020-03-05 14:07:09');
    expect(format('FMMonth FMDDth, "Day" Day')).toBe('March 5th, Day Thursday ');
    expect(format('\\"HH12 PM')).toBe('"02 PM');
  });

  it('numbers BC years and ISO weeks as PostgreSQL does', () => {
    expect(format('YYYY BC CC IYYY IW', at(-43, 3, 15))).toBe('0044 BC -01 0044 11');
    expect(format('IYYY-IW-ID', at(2021, 1, 1))).toBe('2020-53-5');
  });

  it('pads with C semantics and picks ordinal suffixes', () => {
    expect(zeroPad(-3, 3)).toBe('-03');
    expect(zeroPad(7, 0)).toBe('7');
    expect(ordinalSuffix('11', false)).toBe('th');
    expect(ordinalSuffix('-1', true)).toBe('ST');
    expect(ordinalSuffix('23', false)).toBe('rd');
  });
});
