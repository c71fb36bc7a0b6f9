// Access to the fields a tokenizer found: NULL tests and text, unescaping quoted or escaped
// fields (doubled quotes, PostgreSQL text-format backslash sequences) on the slow path.

import { type CsvDialect, dialectByte } from './csv-dialect.js';
import { type CsvRecords, ESCAPED, QUOTED } from './csv-tokenizer.js';

const decoder = new TextDecoder();
/** Fields up to this many bytes are decoded in JavaScript when ASCII. */
const SHORT_TEXT = 24;
const TEXT_ESCAPES: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

export class CsvFields {
  private readonly nullBytes: Uint8Array;
  private readonly quote: number;
  private readonly escape: number;

  constructor(
    readonly buf: Uint8Array,
    readonly records: CsvRecords,
    private readonly dialect: CsvDialect,
  ) {
    this.nullBytes = new TextEncoder().encode(dialect.nullString);
    this.quote = dialect.mode === 'text' ? -1 : dialectByte(dialect.quote);
    this.escape = dialect.mode === 'text' ? 92 : dialectByte(dialect.escape);
  }

  /** An unquoted field spelled as the NULL string (a quoted one never is, as in PostgreSQL). */
  isNull(field: number): boolean {
    const r = this.records;
    if ((r.fieldFlags[field]! & QUOTED) !== 0) return false;
    const s = r.fieldStart[field]!;
    const len = r.fieldEnd[field]! - s;
    const nb = this.nullBytes;
    if (len !== nb.length) return false;
    for (let i = 0; i < len; i++) if (this.buf[s + i] !== nb[i]) return false;
    return true;
  }

  /** Whether the field's bytes are its value as they stand (no unescaping needed). */
  isPlain(field: number): boolean {
    return (this.records.fieldFlags[field]! & ESCAPED) === 0;
  }

  text(field: number): string {
    const r = this.records;
    const s = r.fieldStart[field]!;
    const e = r.fieldEnd[field]!;
    if ((r.fieldFlags[field]! & ESCAPED) === 0)
      return e - s <= SHORT_TEXT ? this.shortText(s, e) : decoder.decode(this.buf.subarray(s, e));
    return decoder.decode(this.dialect.mode === 'text' ? this.unescapeText(s, e) : this.unescapeCsv(s, e));
  }

  /** A short field: built from its bytes when they are ASCII (faster than a TextDecoder call). */
  private shortText(s: number, e: number): string {
    const b = this.buf;
    let text = '';
    for (let p = s; p < e; p++) {
      const c = b[p]!;
      if (c >= 0x80) return decoder.decode(b.subarray(s, e));
      text += String.fromCharCode(c);
    }
    return text;
  }

  private unescapeCsv(s: number, e: number): Uint8Array {
    const out = new Uint8Array(e - s);
    let n = 0;
    let inQuotes = false;
    for (let p = s; p < e; p++) {
      const c = this.buf[p]!;
      if (inQuotes && c === this.escape && this.escape !== this.quote && p + 1 < e) {
        out[n++] = this.buf[++p]!;
      } else if (c === this.quote) {
        if (inQuotes && this.escape === this.quote && this.buf[p + 1] === this.quote) {
          out[n++] = c;
          p++;
        } else inQuotes = !inQuotes;
      } else out[n++] = c;
    }
    return out.subarray(0, n);
  }

  private unescapeText(s: number, e: number): Uint8Array {
    const out = new Uint8Array(e - s);
    let n = 0;
    for (let p = s; p < e; p++) {
      const c = this.buf[p]!;
      if (c !== 92 || p + 1 >= e) {
        out[n++] = c;
        continue;
      }
      const next = String.fromCharCode(this.buf[++p]!);
      if (TEXT_ESCAPES[next] !== undefined) out[n++] = TEXT_ESCAPES[next];
      else if (next >= '0' && next <= '7') {
        let v = 0;
        let k = 0;
        for (; k < 3 && p < e && this.buf[p]! >= 48 && this.buf[p]! <= 55; k++)
          v = v * 8 + this.buf[p++]! - 48;
        p--;
        out[n++] = v & 0xff;
      } else if (next === 'x' && p + 1 < e && /[0-9a-f]/i.test(String.fromCharCode(this.buf[p + 1]!))) {
        let v = 0;
        for (let k = 0; k < 2 && p + 1 < e && /[0-9a-f]/i.test(String.fromCharCode(this.buf[p + 1]!)); k++)
          v = v * 16 + parseInt(String.fromCharCode(this.buf[++p]!), 16);
        out[n++] = v;
      } else out[n++] = this.buf[p]!;
    }
    return out.subarray(0, n);
  }
}
