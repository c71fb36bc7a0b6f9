import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  formatDate,
  formatTimestamp,
  formatTimestamptz,
  parseDate,
  parseTimestamp,
  timeZoneFromName,
} from './datetime.js';
import { formatInterval, parseInterval } from './interval.js';

describe('dates and timestamps', () => {
  it('converts between days and civil dates (proleptic Gregorian)', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(civilFromDays(-1)).toEqual({ year: 1969, month: 12, day: 31 });
    expect(formatDate(parseDate('0001-01-01 BC'))).toBe('0001-01-01 BC');
  });

  it('parses ISO and other common inputs and rejects bad ones', () => {
    expect(formatDate(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(() => parseDate('2023-02-29')).toThrow(/out of range/);
    expect(formatTimestamp(parseTimestamp('2020-01-02 03:04:05.678'))).toBe('2020-01-02 03:04:05.678');
    expect(formatDate(parseDate('Jan 5 2021'))).toBe('2021-01-05');
    expect(() => parseDate('not a date')).toThrow(/invalid input syntax for type date/);
  });

  it('shows timestamptz in the session zone', () => {
    const ny = timeZoneFromName('America/New_York')!;
    const t = parseTimestamp('2024-07-01 12:00:00');
    expect(formatTimestamptz(t, ny)).toBe('2024-07-01 08:00:00-04');
    expect(formatTimestamptz(t, timeZoneFromName('+05:30')!)).toBe('2024-07-01 17:30:00+05:30');
  });

  it('parses and prints intervals in PostgreSQL style', () => {
    expect(formatInterval(parseInterval('1 day 2 hours'))).toBe('1 day 02:00:00');
    expect(formatInterval(parseInterval('-1 day +02:00:00'))).toBe('-1 days +02:00:00');
    expect(formatInterval(parseInterval('1.5 months'))).toBe('1 mon 15 days');
    expect(formatInterval(parseInterval('P1Y2M3DT4H'))).toBe('1 year 2 mons 3 days 04:00:00');
    expect(formatInterval(parseInterval('0'))).toBe('00:00:00');
  });
});
