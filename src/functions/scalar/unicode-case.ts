// Per-character case mapping and classification as PostgreSQL does them under a UTF-8 libc locale
// (towlower/towupper/iswalnum): simple one-to-one mappings, never JavaScript's full ones ('ß' stays
// 'ß' in upper case, 'İ' lower-cases to 'i', a final 'Σ' to 'σ').

const upperCache = new Map<number, number>();
const lowerCache = new Map<number, number>();

/** The simple upper-case mapping that full mappings to several characters hide. */
function upperException(cp: number): number | undefined {
  // Greek letters with ypogegrammeni map to their title-case (prosgegrammeni) forms.
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7)) {
    return cp + 8;
  }
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return undefined;
}

function mapped(cp: number, full: string, exception: number | undefined): number {
  if (exception !== undefined) return exception;
  const first = full.codePointAt(0);
  // A mapping to several characters has no simple counterpart: the character stays as it is.
  return first !== undefined && full.length === String.fromCodePoint(first).length ? first : cp;
}

export function toUpperCp(cp: number): number {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  let r = upperCache.get(cp);
  if (r === undefined) {
    r = mapped(cp, String.fromCodePoint(cp).toUpperCase(), upperException(cp));
    upperCache.set(cp, r);
  }
  return r;
}

export function toLowerCp(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  let r = lowerCache.get(cp);
  if (r === undefined) {
    r = mapped(cp, String.fromCodePoint(cp).toLowerCase(), cp === 0x130 ? 0x69 : undefined);
    lowerCache.set(cp, r);
  }
  return r;
}

function mapString(s: string, map: (cp: number) => number): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(map(ch.codePointAt(0)!));
  return out;
}

export function upperText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.toUpperCase() : mapString(s, toUpperCp);
}

export function lowerText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.toLowerCase() : mapString(s, toLowerCp);
}

/** glibc's iswalnum: letters, other alphabetic characters (Nl, many marks) and digits of any script. */
const ALNUM = /^[\p{Alphabetic}\p{Nd}]$/u;

export function isAlnumCp(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a);
  return ALNUM.test(String.fromCodePoint(cp));
}
