// Time zone arguments of AT TIME ZONE, date_trunc and make_timestamptz, looked up in PostgreSQL's
// order: numeric offsets (make_timestamptz only, ISO sign), the default abbreviation table, zone
// names, and POSIX offsets such as 'UTC+3' or '+05' (hours west of Greenwich).

import { LarchError, SqlState } from '../../engine/errors.js';
import { MICROS_PER_SECOND, type TimeZone, timeZoneFromName } from '../../types/datetime.js';
import { memoZone } from './calendar.js';

/** PostgreSQL's default timezone_abbreviations: name and seconds east of UTC. */
const ABBREVIATIONS_TEXT =
  'ACDT 37800 ACSST 37800 ACST 34200 ACT -18000 ACWST 31500 ADT -10800 AEDT 39600 AESST 39600 ' +
  'AEST 36000 AFT 16200 AKDT -28800 AKST -32400 ALMST 25200 ALMT 21600 AMST 14400 AMT -14400 ' +
  'ANAST 43200 ANAT 43200 ARST -10800 ART -10800 AST -14400 AWSST 32400 AWST 28800 AZOST 0 ' +
  'AZOT -3600 AZST 14400 AZT 14400 BDST 7200 BDT 21600 BNT 28800 BORT 28800 BOT -14400 BRA -10800 ' +
  'BRST -7200 BRT -10800 BST 3600 BTT 21600 CADT 37800 CAST 34200 CCT 28800 CDT -18000 CEST 7200 ' +
  'CET 3600 CETDST 7200 CHADT 49500 CHAST 45900 CHUT 36000 CKT -36000 CLST -10800 CLT -10800 ' +
  'COT -18000 CST -21600 CXT 25200 DAVT 25200 DDUT 36000 EASST -18000 EAST -18000 EAT 10800 ' +
  'EDT -14400 EEST 10800 EET 7200 EETDST 10800 EGST 0 EGT -3600 EST -18000 FET 10800 FJST 46800 ' +
  'FJT 43200 FKST -10800 FKT -10800 FNST -3600 FNT -7200 GALT -21600 GAMT -32400 GEST 14400 ' +
  'GET 14400 GFT -10800 GILT 43200 GMT 0 GYT -14400 HKT 28800 HST -36000 ICT 25200 IDT 10800 ' +
  'IOT 21600 IRKST 28800 IRKT 28800 IRT 12600 IST 7200 JAYT 32400 JST 32400 KDT 36000 KGST 21600 ' +
  'KGT 21600 KOST 39600 KRAST 25200 KRAT 25200 KST 32400 LHDT 39600 LHST 37800 LIGT 36000 ' +
  'LINT 50400 LKT 19800 MAGST 39600 MAGT 39600 MART -34200 MAWT 18000 MDT -21600 MEST 7200 ' +
  'MESZ 7200 MET 3600 METDST 7200 MEZ 3600 MHT 43200 MMT 23400 MPT 36000 MSD 14400 MSK 10800 ' +
  'MST -25200 MUST 18000 MUT 14400 MVT 18000 MYT 28800 NDT -9000 NFT -12600 NOVST 25200 ' +
  'NOVT 25200 NPT 20700 NST -12600 NUT -39600 NZDT 46800 NZST 43200 NZT 43200 OMSST 21600 ' +
  'OMST 21600 PDT -25200 PET -18000 PETST 43200 PETT 43200 PGT 36000 PHT 28800 PKST 21600 ' +
  'PKT 18000 PMDT -7200 PMST -10800 PONT 39600 PST -28800 PWT 32400 PYST -10800 PYT -10800 ' +
  'RET 14400 SADT 37800 SAST 7200 SCT 14400 SGT 28800 TAHT -36000 TFT 18000 TJT 18000 TKT 46800 ' +
  'TMT 18000 TOT 46800 TRUT 36000 TVT 43200 UCT 0 ULAST 32400 ULAT 28800 UT 0 UTC 0 UYST -7200 ' +
  'UYT -10800 UZST 21600 UZT 18000 VET -14400 VLAST 36000 VLAT 36000 VOLT 10800 VUT 39600 ' +
  'WADT 28800 WAKT 43200 WAST 25200 WAT 3600 WDT 32400 WET 0 WETDST 3600 WFT 43200 WGST -7200 ' +
  'WGT -10800 XJT 21600 YAKST 32400 YAKT 32400 YAPT 36000 YEKST 21600 YEKT 18000 Z 0 ZULU 0';

const ABBREVIATIONS = new Map<string, number>();
{
  const parts = ABBREVIATIONS_TEXT.split(' ');
  for (let i = 0; i < parts.length; i += 2) ABBREVIATIONS.set(parts[i]!.toLowerCase(), Number(parts[i + 1]));
}

/** A zone with one offset, in seconds east of UTC. */
export function fixedZone(name: string, offsetSeconds: number): TimeZone {
  return {
    name,
    offsetAt: () => offsetSeconds,
    localToUtc: (local) => local - offsetSeconds * MICROS_PER_SECOND,
  };
}

/** Seconds east of UTC of a zone abbreviation such as EST, or undefined. */
export function abbreviationOffset(name: string): number | undefined {
  return ABBREVIATIONS.get(name.replace(/[A-Z]/g, (c) => c.toLowerCase()));
}

// A POSIX zone without daylight rules: an optional name, then hours (west positive).
const POSIX = /^(?:[A-Za-z]*|<[^>]*>)([+-]?)(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?$/;

function notRecognized(name: string): LarchError {
  return new LarchError(SqlState.invalidParameterValue, `time zone "${name}" not recognized`);
}

/** A zone name or POSIX specification, as PostgreSQL's pg_tzset reads it; null when unknown. */
function namedZone(name: string): TimeZone | null {
  const posix = POSIX.exec(name);
  if (posix) {
    const west = Number(posix[2]) * 3600 + Number(posix[3] ?? 0) * 60 + Number(posix[4] ?? 0);
    return fixedZone(name, posix[1] === '-' ? west : -west);
  }
  if (/^[A-Za-z]/.test(name)) return timeZoneFromName(name);
  return null;
}

const byName = new Map<string, TimeZone>();

/** The zone of `AT TIME ZONE name` and date_trunc's third argument. */
export function zoneByName(name: string): TimeZone {
  let zone = byName.get(name);
  if (zone !== undefined) return zone;
  const offset = abbreviationOffset(name);
  const found = offset !== undefined ? fixedZone(name, offset) : namedZone(name);
  if (found === null) throw notRecognized(name);
  zone = memoZone(found);
  if (byName.size >= 1024) byName.clear();
  byName.set(name, zone);
  return zone;
}

// An ISO offset as PostgreSQL's DecodeTimezone reads it: +hh, +hhmm, +hh:mm, +hh:mm:ss.
const ISO_OFFSET = /^([+-])(\d+)(?::(\d+)(?::(\d+))?)?$/;

/** The zone argument of make_timestamptz: numeric offsets use the ISO sign (east positive). */
export function zoneForMake(name: string): TimeZone {
  if (/^\d/.test(name)) {
    throw new LarchError(
      SqlState.invalidParameterValue,
      `invalid input syntax for type numeric time zone: "${name}"`,
      { hint: 'Numeric time zones must have "-" or "+" as first character.' },
    );
  }
  const iso = ISO_OFFSET.exec(name);
  if (iso) {
    let hours = Number(iso[2]);
    let minutes = Number(iso[3] ?? 0);
    if (iso[3] === undefined && iso[2]!.length > 2) {
      minutes = hours % 100;
      hours = Math.floor(hours / 100);
    }
    const seconds = Number(iso[4] ?? 0);
    if (hours > 15 || minutes > 59 || seconds > 59) {
      throw new LarchError(SqlState.invalidParameterValue, `numeric time zone "${name}" out of range`);
    }
    const east = hours * 3600 + minutes * 60 + seconds;
    return fixedZone(name, iso[1] === '-' ? -east : east);
  }
  return zoneByName(name);
}
