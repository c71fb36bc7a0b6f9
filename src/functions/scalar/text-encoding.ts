// Character set conversions for convert_from and convert_to: PostgreSQL's encoding names, UTF-8
// validation with PostgreSQL's messages, and the single-byte encodings (LATIN1…9, WIN125x, KOI8,
// ISO_8859_5…8, WIN866, WIN874). LATIN10 and the multi-byte Asian encodings are not supported.

import { LarchError, SqlState } from '../../engine/errors.js';

/** SQLSTATE character_not_in_repertoire (invalid byte sequence). */
const CHARACTER_NOT_IN_REPERTOIRE = '22021';
/** SQLSTATE untranslatable_character. */
const UNTRANSLATABLE_CHARACTER = '22P05';

/** PostgreSQL's encoding names and aliases (lower case, punctuation removed) → canonical name. */
const NAMES: Record<string, string> = {
  utf8: 'UTF8',
  unicode: 'UTF8',
  sqlascii: 'SQL_ASCII',
  latin1: 'LATIN1',
  iso88591: 'LATIN1',
  latin2: 'LATIN2',
  iso88592: 'LATIN2',
  latin3: 'LATIN3',
  iso88593: 'LATIN3',
  latin4: 'LATIN4',
  iso88594: 'LATIN4',
  latin5: 'LATIN5',
  iso88599: 'LATIN5',
  latin6: 'LATIN6',
  iso885910: 'LATIN6',
  latin7: 'LATIN7',
  iso885913: 'LATIN7',
  latin8: 'LATIN8',
  iso885914: 'LATIN8',
  latin9: 'LATIN9',
  iso885915: 'LATIN9',
  latin10: 'LATIN10',
  iso885916: 'LATIN10',
  iso88595: 'ISO_8859_5',
  iso88596: 'ISO_8859_6',
  iso88597: 'ISO_8859_7',
  iso88598: 'ISO_8859_8',
  koi8: 'KOI8R',
  koi8r: 'KOI8R',
  koi8u: 'KOI8U',
  win: 'WIN1251',
  alt: 'WIN866',
  win866: 'WIN866',
  windows866: 'WIN866',
  win874: 'WIN874',
  windows874: 'WIN874',
  abc: 'WIN1258',
  tcvn: 'WIN1258',
  tcvn5712: 'WIN1258',
  vscii: 'WIN1258',
  ...Object.fromEntries(
    [0, 1, 2, 3, 4, 5, 6, 7, 8].flatMap((d) => [
      [`win125${d}`, `WIN125${d}`],
      [`windows125${d}`, `WIN125${d}`],
    ]),
  ),
  // Valid in PostgreSQL, but not converted here.
  big5: 'BIG5',
  win950: 'BIG5',
  windows950: 'BIG5',
  euccn: 'EUC_CN',
  eucjp: 'EUC_JP',
  eucjis2004: 'EUC_JIS_2004',
  euckr: 'EUC_KR',
  euctw: 'EUC_TW',
  gb18030: 'GB18030',
  gbk: 'GBK',
  win936: 'GBK',
  windows936: 'GBK',
  johab: 'JOHAB',
  muleinternal: 'MULE_INTERNAL',
  sjis: 'SJIS',
  mskanji: 'SJIS',
  shiftjis: 'SJIS',
  win932: 'SJIS',
  windows932: 'SJIS',
  shiftjis2004: 'SHIFT_JIS_2004',
  uhc: 'UHC',
  win949: 'UHC',
  windows949: 'UHC',
};

/** WHATWG labels of the single-byte encodings whose tables come from TextDecoder. */
const SINGLE_BYTE: Record<string, string> = {
  LATIN2: 'iso-8859-2',
  LATIN3: 'iso-8859-3',
  LATIN4: 'iso-8859-4',
  LATIN6: 'iso-8859-10',
  LATIN7: 'iso-8859-13',
  LATIN8: 'iso-8859-14',
  LATIN9: 'iso-8859-15',
  ISO_8859_5: 'iso-8859-5',
  ISO_8859_6: 'iso-8859-6',
  ISO_8859_7: 'iso-8859-7',
  ISO_8859_8: 'iso-8859-8',
  KOI8R: 'koi8-r',
  KOI8U: 'koi8-u',
  WIN866: 'ibm866',
  WIN874: 'windows-874',
  WIN1250: 'windows-1250',
  WIN1251: 'windows-1251',
  WIN1252: 'windows-1252',
  WIN1253: 'windows-1253',
  WIN1254: 'windows-1254',
  LATIN5: 'windows-1254',
  WIN1255: 'windows-1255',
  WIN1256: 'windows-1256',
  WIN1257: 'windows-1257',
  WIN1258: 'windows-1258',
};

/** The canonical encoding name, or an error naming the argument's role ("source", "destination"). */
export function encodingName(name: string, role: 'source' | 'destination'): string {
  const canonical = NAMES[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
  if (canonical === undefined) {
    throw new LarchError(SqlState.invalidParameterValue, `invalid ${role} encoding name "${name}"`);
  }
  if (
    canonical !== 'UTF8' &&
    canonical !== 'SQL_ASCII' &&
    canonical !== 'LATIN1' &&
    !SINGLE_BYTE[canonical]
  ) {
    throw new LarchError(
      SqlState.featureNotSupported,
      `conversion with encoding "${canonical}" is not supported`,
    );
  }
  return canonical;
}

function hexBytes(bytes: Uint8Array, from: number, count: number): string {
  return Array.from(bytes.subarray(from, from + count), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(
    ' ',
  );
}

function utf8Length(first: number): number {
  if ((first & 0x80) === 0) return 1;
  if ((first & 0xe0) === 0xc0) return 2;
  if ((first & 0xf0) === 0xe0) return 3;
  if ((first & 0xf8) === 0xf0) return 4;
  return 1;
}

function legalUtf8(b: Uint8Array, i: number, len: number): boolean {
  const cont = (k: number, lo = 0x80, hi = 0xbf) => b[i + k]! >= lo && b[i + k]! <= hi;
  const b0 = b[i]!;
  switch (len) {
    case 2:
      return b0 >= 0xc2 && cont(1);
    case 3: {
      const second = b0 === 0xe0 ? cont(1, 0xa0) : b0 === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
      return second && cont(2);
    }
    case 4: {
      if (b0 > 0xf4) return false;
      const second = b0 === 0xf0 ? cont(1, 0x90) : b0 === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
      return second && cont(2) && cont(3);
    }
    default:
      return false;
  }
}

/** Raises PostgreSQL's invalid byte sequence error at the first bad UTF-8 sequence (or NUL). */
export function checkUtf8(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b !== 0 && b < 0x80) {
      i++;
      continue;
    }
    const len = utf8Length(b);
    if (b === 0 || len === 1 || i + len > bytes.length || !legalUtf8(bytes, i, len)) {
      throw new LarchError(
        CHARACTER_NOT_IN_REPERTOIRE,
        `invalid byte sequence for encoding "UTF8": ${hexBytes(bytes, i, Math.min(len, bytes.length - i))}`,
      );
    }
    i += len;
  }
}

/** WIN1252's 0x80–0x9F (Node decodes windows-1252 as Latin-1 there); 0 marks an unassigned byte. */
const WIN1252_HIGH = [
  0x20ac, 0, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0, 0x17d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0, 0x17e,
  0x178,
];

const tables = new Map<string, { decode: string[]; encode: Map<number, number> }>();

function table(encoding: string): { decode: string[]; encode: Map<number, number> } {
  let t = tables.get(encoding);
  if (t === undefined) {
    const decoder = new TextDecoder(SINGLE_BYTE[encoding]!);
    const decode: string[] = [];
    const encode = new Map<number, number>();
    for (let b = 0; b < 256; b++) {
      let s = decoder.decode(new Uint8Array([b]));
      if (encoding === 'WIN1252' && b >= 0x80 && b < 0xa0) {
        const cp = WIN1252_HIGH[b - 0x80]!;
        s = cp === 0 ? '\ufffd' : String.fromCodePoint(cp);
      }
      decode.push(s);
      if (s !== '\ufffd') encode.set(s.codePointAt(0)!, b);
    }
    t = { decode, encode };
    tables.set(encoding, t);
  }
  return t;
}

/** Bytes in `encoding` to text. */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'UTF8' || encoding === 'SQL_ASCII') {
    checkUtf8(bytes);
    return Buffer.from(bytes).toString('utf8');
  }
  if (bytes.includes(0)) {
    throw new LarchError(
      CHARACTER_NOT_IN_REPERTOIRE,
      `invalid byte sequence for encoding "${encoding}": 0x00`,
    );
  }
  if (encoding === 'LATIN1') return Buffer.from(bytes).toString('latin1');
  const t = table(encoding).decode;
  let out = '';
  for (const b of bytes) {
    const c = t[b]!;
    if (c === '\ufffd') {
      throw new LarchError(
        UNTRANSLATABLE_CHARACTER,
        `character with byte sequence ${hexBytes(bytes, bytes.indexOf(b), 1)} in encoding "${encoding}" has no equivalent in encoding "UTF8"`,
      );
    }
    out += c;
  }
  return out;
}

/** Text to bytes in `encoding`. */
export function encodeText(s: string, encoding: string): Uint8Array {
  if (encoding === 'UTF8' || encoding === 'SQL_ASCII') return new Uint8Array(Buffer.from(s, 'utf8'));
  const map = encoding === 'LATIN1' ? null : table(encoding).encode;
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const b = cp < 0x80 ? cp : map === null ? (cp <= 0xff ? cp : undefined) : map.get(cp);
    if (b === undefined) {
      const utf8 = new Uint8Array(Buffer.from(ch, 'utf8'));
      throw new LarchError(
        UNTRANSLATABLE_CHARACTER,
        `character with byte sequence ${hexBytes(utf8, 0, utf8.length)} in encoding "UTF8" has no equivalent in encoding "${encoding}"`,
      );
    }
    out.push(b);
  }
  return Uint8Array.from(out);
}
