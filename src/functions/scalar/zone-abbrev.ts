// The zone abbreviation to_char's TZ pattern prints (EST, CEST, JST …). PostgreSQL reads it from
// the tz database; here it comes from ICU's short names where those agree with the tz database,
// a few fixed names ICU lacks, and otherwise the tz database's numeric form (+04, -0330).

import type { TimeZone } from '../../types/datetime.js';

/** Zones whose tz-database abbreviation ICU does not give in any English locale we probe. */
const FIXED: Record<string, string> = {
  'asia/tokyo': 'JST',
  'asia/seoul': 'KST',
  'asia/shanghai': 'CST',
  'asia/taipei': 'CST',
  'asia/hong_kong': 'HKT',
  'asia/karachi': 'PKT',
  'asia/jakarta': 'WIB',
  'asia/manila': 'PST',
  'asia/kolkata': 'IST',
  'asia/calcutta': 'IST',
  'europe/moscow': 'MSK',
  'africa/lagos': 'WAT',
  'africa/nairobi': 'EAT',
  'africa/johannesburg': 'SAST',
  'atlantic/reykjavik': 'GMT',
};

const LOCALES = ['en-US', 'en-CA', 'en-GB', 'en-AU'];
const formats = new Map<string, Intl.DateTimeFormat | null>();
const cache = new Map<string, string>();

function format(zone: string, locale: string): Intl.DateTimeFormat | null {
  const key = `${zone}|${locale}`;
  let f = formats.get(key);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    } catch {
      f = null;
    }
    formats.set(key, f);
  }
  return f;
}

/** The tz database's numeric abbreviation: +05, -03, +0530. */
function numeric(offset: number): string {
  const abs = Math.abs(offset);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  return `${offset < 0 ? '-' : '+'}${String(h).padStart(2, '0')}${m !== 0 ? String(m).padStart(2, '0') : ''}`;
}

/** ICU's short name of the zone at `date` when it is a tz-database style abbreviation. */
function icuAbbreviation(name: string, date: Date, offset: number): string | null {
  for (const locale of LOCALES) {
    const f = format(name, locale);
    if (f === null) return null;
    const part = f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{3,5}$/.test(part) && (part !== 'GMT' || offset === 0) && part !== 'UTC') return part;
  }
  return null;
}

// ICU lacks names for many historical dates, so the same offset in 2020 is asked too.
const REFERENCE_DATES = [new Date(Date.UTC(2020, 0, 15)), new Date(Date.UTC(2020, 6, 15))];

function lookup(zone: TimeZone, utcMicros: number, offset: number): string {
  const name = zone.name;
  const upper = name.toUpperCase();
  if (upper === 'GMT') return 'GMT';
  if (['UTC', 'UCT', 'Z', 'ZULU', 'ETC/UTC', 'ETC/UCT', 'UNIVERSAL'].includes(upper)) return 'UTC';
  const fixed = FIXED[name.toLowerCase()];
  if (fixed !== undefined) return fixed;
  // A POSIX zone such as 'UTC+3' is called by its name part.
  const posix = /^([A-Za-z]{3,})[+-]?\d/.exec(name);
  if (posix && !name.includes('/')) return posix[1]!.toUpperCase();
  const date = new Date(Math.max(-8.64e15, Math.min(8.64e15, Math.floor(utcMicros / 1000))));
  let abbrev = icuAbbreviation(name, date, offset);
  for (const reference of REFERENCE_DATES) {
    if (abbrev !== null) break;
    if (zone.offsetAt(reference.getTime() * 1000) === offset)
      abbrev = icuAbbreviation(name, reference, offset);
  }
  return abbrev ?? numeric(offset);
}

/** The abbreviation of `zone` at the UTC instant `utcMicros`, whose offset is `offset` seconds east. */
export function zoneAbbreviation(zone: TimeZone, utcMicros: number, offset: number): string {
  const year = Math.floor(utcMicros / 31_556_952_000_000);
  const key = `${zone.name}|${offset}|${year}`;
  let abbrev = cache.get(key);
  if (abbrev === undefined) {
    abbrev = lookup(zone, utcMicros, offset);
    if (cache.size > 4096) cache.clear();
    cache.set(key, abbrev);
  }
  return abbrev;
}
