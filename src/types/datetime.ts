// Dates, timestamps and times as PostgreSQL reads and prints them (ISO DateStyle, proleptic Gregorian).
// A date is days since 1970-01-01; a timestamp is microseconds since 1970-01-01 00:00:00 (UTC for
// timestamptz); a time is microseconds since midnight.

import { LarchError, SqlState } from '../engine/errors.js';

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** PostgreSQL's +-infinity for dates and timestamps. */
export const DATE_INFINITY = 2147483647;
export const DATE_NEG_INFINITY = -2147483648;
export const TIMESTAMP_INFINITY = Number.POSITIVE_INFINITY;
export const TIMESTAMP_NEG_INFINITY = Number.NEGATIVE_INFINITY;

/** Days since the epoch of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function civilFromDays(z: number): Civil {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { year: m <= 2 ? y + 1 : y, month: m, day: d };
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatYear(year: number): { text: string; bc: boolean } {
  if (year > 0) return { text: pad(year, 4), bc: false };
  return { text: pad(1 - year, 4), bc: true };
}

export function formatDate(days: number): string {
  if (days === DATE_INFINITY) return 'infinity';
  if (days === DATE_NEG_INFINITY) return '-infinity';
  const c = civilFromDays(days);
  const y = formatYear(c.year);
  return `${y.text}-${pad(c.month, 2)}-${pad(c.day, 2)}${y.bc ? ' BC' : ''}`;
}

/** HH:MM:SS[.ffffff] with trailing fractional zeros removed. */
export function formatTimeOfDay(micros: number): string {
  const totalSeconds = Math.floor(micros / MICROS_PER_SECOND);
  const frac = micros - totalSeconds * MICROS_PER_SECOND;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  let text = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  if (frac > 0) text += '.' + pad(Math.round(frac), 6).replace(/0+$/, '');
  return text;
}

export function splitTimestamp(micros: number): { days: number; time: number } {
  const days = Math.floor(micros / MICROS_PER_DAY);
  return { days, time: micros - days * MICROS_PER_DAY };
}

export function formatTimestamp(micros: number): string {
  if (micros === TIMESTAMP_INFINITY) return 'infinity';
  if (micros === TIMESTAMP_NEG_INFINITY) return '-infinity';
  const { days, time } = splitTimestamp(micros);
  const c = civilFromDays(days);
  const y = formatYear(c.year);
  return `${y.text}-${pad(c.month, 2)}-${pad(c.day, 2)} ${formatTimeOfDay(time)}${y.bc ? ' BC' : ''}`;
}

export function formatOffset(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  return `${sign}${pad(h, 2)}${m !== 0 || s !== 0 ? ':' + pad(m, 2) : ''}${s !== 0 ? ':' + pad(s, 2) : ''}`;
}

export function formatTimestamptz(micros: number, zone: TimeZone): string {
  if (!Number.isFinite(micros)) return formatTimestamp(micros);
  const offset = zone.offsetAt(micros);
  const local = micros + offset * MICROS_PER_SECOND;
  const text = formatTimestamp(local);
  const bc = text.endsWith(' BC');
  const base = bc ? text.slice(0, -3) : text;
  return base + formatOffset(offset) + (bc ? ' BC' : '');
}

function badInput(type: string, text: string): LarchError {
  return new LarchError(SqlState.invalidDatetimeFormat, `invalid input syntax for type ${type}: "${text}"`);
}

function outOfRange(type: string, text: string): LarchError {
  return new LarchError(SqlState.datetimeFieldOverflow, `date/time field value out of range: "${text}"`, {
    hint: type === 'date' ? undefined : undefined,
  });
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface ParsedDateTime {
  days: number;
  time: number; // micros since midnight
  offsetSeconds: number | null;
  hasTime: boolean;
  special?: 'infinity' | '-infinity';
}

// y-m-d or ymd, optional time, optional zone, optional BC.
const ISO_PATTERN =
  /^\s*(\d{1,7})-(\d{1,2})-(\d{1,2})(?:(?:[T\s]+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?(?::\d{2})?)?\s*(BC|AD)?\s*$/i;
const COMPACT_PATTERN = /^\s*(\d{4})(\d{2})(\d{2})(?:[T\s]+(\d{2}):?(\d{2}):?(\d{2})(?:\.(\d+))?)?\s*$/;
const MDY_PATTERN =
  /^\s*(\d{1,2})\/(\d{1,2})\/(\d{1,4})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?\s*$/;
const TEXT_MONTH_PATTERN =
  /^\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{1,5})|(\d{1,2})[\s-]+([a-z]{3,9})[\s-]+(\d{1,5}))(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?\s*(BC|AD)?\s*$/i;

function fractionMicros(frac: string | undefined): number {
  if (frac === undefined || frac === '') return 0;
  return Math.round(Number('0.' + frac) * MICROS_PER_SECOND);
}

function parseOffset(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  const z = zone.toUpperCase();
  if (z === 'Z' || z === 'UTC' || z === 'GMT') return 0;
  const m = /^([+-])(\d{1,2}):?(\d{2})?(?::(\d{2}))?$/.exec(zone);
  if (!m) return null;
  const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -secs : secs;
}

function monthIndex(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? -1 : i + 1;
}

function buildDate(type: string, text: string, y: number, mo: number, d: number, bc: boolean): number {
  if (mo < 1 || mo > 12 || d < 1) throw outOfRange(type, text);
  if (bc) y = 1 - y;
  if (d > daysInMonth(y, mo)) throw outOfRange(type, text);
  return daysFromCivil(y, mo, d);
}

function buildTime(
  type: string,
  text: string,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  f: string | undefined,
): number {
  if (h === undefined) return 0;
  const hours = Number(h);
  const minutes = Number(mi ?? 0);
  const seconds = Number(s ?? 0);
  if (hours > 24 || minutes > 59 || seconds > 60) throw outOfRange(type, text);
  const time =
    hours * MICROS_PER_HOUR + minutes * MICROS_PER_MINUTE + seconds * MICROS_PER_SECOND + fractionMicros(f);
  if (time > MICROS_PER_DAY) throw outOfRange(type, text);
  return time;
}

function parseDateTime(type: string, text: string, now: () => number): ParsedDateTime {
  const lower = text.trim().toLowerCase();
  switch (lower) {
    case 'infinity':
    case '+infinity':
      return { days: 0, time: 0, offsetSeconds: 0, hasTime: false, special: 'infinity' };
    case '-infinity':
      return { days: 0, time: 0, offsetSeconds: 0, hasTime: false, special: '-infinity' };
    case 'epoch':
      return { days: 0, time: 0, offsetSeconds: 0, hasTime: false };
    case 'now': {
      const { days, time } = splitTimestamp(now());
      return { days, time, offsetSeconds: 0, hasTime: true };
    }
    case 'today':
    case 'tomorrow':
    case 'yesterday': {
      const { days } = splitTimestamp(now());
      return {
        days: days + (lower === 'tomorrow' ? 1 : lower === 'yesterday' ? -1 : 0),
        time: 0,
        offsetSeconds: null,
        hasTime: false,
      };
    }
  }
  let m = ISO_PATTERN.exec(text);
  if (m) {
    const bc = (m[9] ?? '').toUpperCase() === 'BC';
    const days = buildDate(type, text, Number(m[1]), Number(m[2]), Number(m[3]), bc);
    const time = buildTime(type, text, m[4], m[5], m[6], m[7]);
    const offsetSeconds = parseOffset(m[8]);
    if (m[8] !== undefined && offsetSeconds === null) throw badInput(type, text);
    return { days, time, offsetSeconds, hasTime: m[4] !== undefined };
  }
  m = COMPACT_PATTERN.exec(text);
  if (m) {
    const days = buildDate(type, text, Number(m[1]), Number(m[2]), Number(m[3]), false);
    return {
      days,
      time: buildTime(type, text, m[4], m[5], m[6], m[7]),
      offsetSeconds: null,
      hasTime: m[4] !== undefined,
    };
  }
  m = MDY_PATTERN.exec(text);
  if (m) {
    let y = Number(m[3]);
    if (m[3]!.length <= 2) y += y < 70 ? 2000 : 1900;
    const days = buildDate(type, text, y, Number(m[1]), Number(m[2]), false);
    return {
      days,
      time: buildTime(type, text, m[4], m[5], m[6], m[7]),
      offsetSeconds: null,
      hasTime: m[4] !== undefined,
    };
  }
  m = TEXT_MONTH_PATTERN.exec(text);
  if (m) {
    const monthName = m[1] ?? m[5]!;
    const mo = monthIndex(monthName);
    if (mo < 0) throw badInput(type, text);
    const d = Number(m[2] ?? m[4]);
    const y = Number(m[3] ?? m[6]);
    const bc = (m[11] ?? '').toUpperCase() === 'BC';
    const days = buildDate(type, text, y, mo, d, bc);
    return {
      days,
      time: buildTime(type, text, m[7], m[8], m[9], m[10]),
      offsetSeconds: null,
      hasTime: m[7] !== undefined,
    };
  }
  throw badInput(type, text);
}

export function parseDate(text: string, now: () => number = currentMicros): number {
  const p = parseDateTime('date', text, now);
  if (p.special === 'infinity') return DATE_INFINITY;
  if (p.special === '-infinity') return DATE_NEG_INFINITY;
  return p.days;
}

export function parseTimestamp(text: string, now: () => number = currentMicros): number {
  const p = parseDateTime('timestamp', text, now);
  if (p.special === 'infinity') return TIMESTAMP_INFINITY;
  if (p.special === '-infinity') return TIMESTAMP_NEG_INFINITY;
  return p.days * MICROS_PER_DAY + p.time;
}

export function parseTimestamptz(text: string, zone: TimeZone, now: () => number = currentMicros): number {
  const p = parseDateTime('timestamp with time zone', text, now);
  if (p.special === 'infinity') return TIMESTAMP_INFINITY;
  if (p.special === '-infinity') return TIMESTAMP_NEG_INFINITY;
  const local = p.days * MICROS_PER_DAY + p.time;
  if (p.offsetSeconds !== null) return local - p.offsetSeconds * MICROS_PER_SECOND;
  return zone.localToUtc(local);
}

const TIME_PATTERN = /^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?\s*(am|pm)?\s*$/i;

export function parseTime(text: string): number {
  const m = TIME_PATTERN.exec(text);
  if (!m) {
    if (text.trim().toLowerCase() === 'allballs') return 0;
    throw badInput('time without time zone', text);
  }
  let h = Number(m[1]);
  const ampm = m[5]?.toLowerCase();
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  return buildTime('time without time zone', text, String(h), m[2], m[3], m[4]);
}

export function formatTime(micros: number): string {
  return formatTimeOfDay(micros);
}

export function currentMicros(): number {
  return Date.now() * 1000;
}

/** A session time zone: UTC, a fixed offset, or an IANA zone resolved through Intl. */
export interface TimeZone {
  readonly name: string;
  /** Seconds east of UTC at the UTC instant `micros`. */
  offsetAt(micros: number): number;
  /** The UTC instant for a wall-clock time in this zone (DST changes resolved as PostgreSQL does). */
  localToUtc(localMicros: number): number;
}

class FixedZone implements TimeZone {
  constructor(
    readonly name: string,
    private readonly offset: number,
  ) {}
  offsetAt(): number {
    return this.offset;
  }
  localToUtc(localMicros: number): number {
    return localMicros - this.offset * MICROS_PER_SECOND;
  }
}

class IanaZone implements TimeZone {
  private readonly format: Intl.DateTimeFormat;
  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }
  offsetAt(micros: number): number {
    const ms = Math.floor(micros / 1000);
    const clamped = Math.max(-8.64e15, Math.min(8.64e15, ms));
    const parts = this.format.formatToParts(new Date(clamped));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    let year = get('year');
    if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
    const local =
      daysFromCivil(year, get('month'), get('day')) * 86400 +
      get('hour') * 3600 +
      get('minute') * 60 +
      get('second');
    return local - Math.floor(clamped / 1000);
  }
  localToUtc(localMicros: number): number {
    if (!Number.isFinite(localMicros)) return localMicros;
    return localMicros - this.localOffset(localMicros) * MICROS_PER_SECOND;
  }

  /**
   * The offset PostgreSQL applies to a wall-clock time (DetermineTimeZoneOffset): a time skipped by
   * a DST change uses the offset before it, a repeated time the offset after it.
   */
  localOffset(local: number): number {
    const before = this.offsetAt(local - MICROS_PER_DAY);
    const after = this.offsetAt(local + MICROS_PER_DAY);
    if (before === after) return before;
    const beforeFits = this.offsetAt(local - before * MICROS_PER_SECOND) === before;
    const afterFits = this.offsetAt(local - after * MICROS_PER_SECOND) === after;
    if (beforeFits && !afterFits) return before;
    if (afterFits && !beforeFits) return after;
    return beforeFits ? after : before;
  }
}

export const UTC: TimeZone = new FixedZone('UTC', 0);

/** Resolves a TimeZone setting value; null when the zone is unknown. */
export function timeZoneFromName(name: string): TimeZone | null {
  const trimmed = name.trim();
  const upper = trimmed.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'Z' || upper === 'ETC/UTC' || upper === 'UCT')
    return new FixedZone(trimmed, 0);
  // A bare number or ISO offset is hours east of UTC; POSIX-style 'UTC+3' means 3 hours west.
  const iso = /^([+-]?)(\d{1,2})(?::(\d{2}))?$/.exec(trimmed);
  if (iso) {
    const secs = Number(iso[2]) * 3600 + Number(iso[3] ?? 0) * 60;
    return new FixedZone(trimmed, iso[1] === '-' ? -secs : secs);
  }
  const posix = /^(?:UTC|GMT)([+-])(\d{1,2})(?::(\d{2}))?$/i.exec(trimmed);
  if (posix) {
    const secs = Number(posix[2]) * 3600 + Number(posix[3] ?? 0) * 60;
    return new FixedZone(trimmed, posix[1] === '+' ? -secs : secs);
  }
  try {
    return new IanaZone(trimmed);
  } catch {
    return null;
  }
}
