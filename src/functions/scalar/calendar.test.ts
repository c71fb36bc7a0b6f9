// Unit tests for calendar helpers, unit-name decoding, zone lookups and template reading.

import { describe, expect, it } from 'vitest';
import { daysFromCivil, MICROS_PER_DAY, MICROS_PER_HOUR, timeZoneFromName } from '../../types/datetime.js';
import { isoWeek, isoYear, localOffset, tmFromMicros } from './calendar.js';
import { readTemplate } from './date-parse.js';
import { decodeUnit } from './datetime-units.js';
import { parseDateFormat } from './format-pattern.js';
import { zoneByName, zoneForMake } from './zone-names.js';

describe('calendar', () => {
  it('computes ISO weeks across year boundaries', () => {
    expect(isoWeek(2021, 1, 1)).toBe(53);
    expect(isoYear(2021, 1, 1)).toBe(2020);
    expect(isoWeek(2024, 12, 30)).toBe(1);
    expect(isoYear(2024, 12, 30)).toBe(2025);
  });

  it('splits timestamps before 1970 and BC', () => {
    const tm = tmFromMicros(-1);
    expect([tm.year, tm.month, tm.day, tm.hour, tm.second, tm.fsec]).toEqual([1969, 12, 31, 23, 59, 999999]);
    expect(tmFromMicros(daysFromCivil(0, 1, 1) * MICROS_PER_DAY).wday).toBe(6);
  });

  it('resolves skipped and repeated wall times as PostgreSQL', () => {
    const ny = timeZoneFromName('America/New_York')!;
    const local = (month: number, day: number, hours: number) =>
      daysFromCivil(2020, month, day) * MICROS_PER_DAY + hours * MICROS_PER_HOUR;
    // 02:30 on 2020-03-08 never happens: the offset before the change applies.
    expect(localOffset(ny, local(3, 8, 2.5))).toBe(-5 * 3600);
    // 01:30 on 2020-11-01 happens twice: the offset after the change applies.
    expect(localOffset(ny, local(11, 1, 1.5))).toBe(-5 * 3600);
    expect(localOffset(ny, local(11, 1, 0.5))).toBe(-4 * 3600);
    expect(localOffset(ny, local(7, 1, 12))).toBe(-4 * 3600);
  });
});

describe('unit names', () => {
  it('reads names as DecodeUnits does', () => {
    expect(decodeUnit('MicroSecondsXYZ').unit).toBe('microseconds');
    expect(decodeUnit('timezone_hour').unit).toBe('timezone_hour');
    expect(decodeUnit('J')).toMatchObject({ kind: 'units', unit: 'julian', delta: false });
    expect(decodeUnit('epoch').kind).toBe('reserved');
    expect(decodeUnit('jan').kind).toBe('other');
  });
});

describe('zone arguments', () => {
  it('reads abbreviations, POSIX and ISO offsets', () => {
    expect(zoneByName('EST').offsetAt(0)).toBe(-5 * 3600);
    expect(zoneByName('+05').offsetAt(0)).toBe(-5 * 3600);
    expect(zoneByName('UTC+3').offsetAt(0)).toBe(-3 * 3600);
    expect(zoneForMake('+05:30').offsetAt(0)).toBe(5.5 * 3600);
    expect(() => zoneByName('nowhere')).toThrow(/not recognized/);
    expect(() => zoneForMake('5')).toThrow(/numeric time zone/);
  });
});

describe('template reading', () => {
  it('reads fixed-width and separated fields', () => {
    const f = readTemplate('2000Dec05', parseDateFormat('YYYYMonDD'));
    expect([f.year, f.mm, f.dd]).toEqual([2000, 12, 5]);
    expect(readTemplate('70', parseDateFormat('YY')).year).toBe(1970);
    expect(() => readTemplate('2020 5 6', parseDateFormat('YYYYMMDD'))).toThrow(
      /invalid value "5 " for "MM"/,
    );
  });
});
