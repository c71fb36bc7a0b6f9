// DataRow messages straight from column vectors: per column a writer specialised for its vector
// layout and format, so integers are written as ASCII digits in place and repeated strings are
// encoded once per batch. This is the hot path of every result a client reads.

import {
  type Batch,
  type DataType,
  formatFloat4,
  formatFloat8,
  formatValue,
  getScalar,
  type RegNameLookup,
  type TimeZone,
  type Vector,
} from '../src/index.js';
import type { MessageWriter } from './message-writer.js';
import { encodeBinary, writeInt64 } from './pg-types.js';

type CellWriter = (w: MessageWriter, row: number) => void;

/** Bytes a text integer cell can take: the length word, a sign and 16 digits (|x| < 2^53). */
const INT_CELL = 4 + 17;

/**
 * Writes an integer (|x| < 2^53) as length-prefixed ASCII digits, in place. The caller has made
 * room for INT_CELL bytes. Values that fit 31 bits use integer arithmetic, twice as fast.
 */
function writeIntText(w: MessageWriter, value: number): void {
  const buf = w.raw;
  const lengthAt = w.length;
  let at = lengthAt + 4;
  let x = value;
  if (x < 0) {
    buf[at++] = 45;
    x = -x;
  }
  let end = at;
  if (x < 0x80000000) {
    let y = x;
    do {
      end++;
      y = (y / 10) | 0;
    } while (y > 0);
    for (let k = end - 1; k >= at; k--) {
      const q = (x / 10) | 0;
      buf[k] = 48 + x - q * 10;
      x = q;
    }
  } else {
    for (let p = 1; p <= x; p *= 10) end++;
    for (let k = end - 1; k >= at; k--) {
      const q = Math.floor(x / 10);
      buf[k] = 48 + (x - q * 10);
      x = q;
    }
  }
  const n = end - lengthAt - 4;
  buf[lengthAt] = 0;
  buf[lengthAt + 1] = 0;
  buf[lengthAt + 2] = 0;
  buf[lengthAt + 3] = n;
  w.length = end;
}

function writeNull(w: MessageWriter): void {
  w.int32(-1);
}

function writeBytes(w: MessageWriter, b: Uint8Array): void {
  w.ensure(4 + b.length);
  w.raw.writeInt32BE(b.length, w.length);
  w.raw.set(b, w.length + 4);
  w.length += 4 + b.length;
}

/** How text cells are written: the session's time zone, and the names reg* values print as. */
interface TextOptions {
  readonly timeZone: TimeZone;
  readonly regName: RegNameLookup | undefined;
}

function textWriter(v: Vector, type: DataType, options: TextOptions): CellWriter {
  switch (v.kind) {
    case 'i16':
    case 'i32':
    case 'f64':
      if (type.id === 'int2' || type.id === 'int4' || type.id === 'int8' || type.id === 'oid') {
        const data = v.data;
        return (w, i) => {
          w.ensure(INT_CELL);
          writeIntText(w, data[i]!);
        };
      }
      if (type.id === 'float8') {
        const data = v.data;
        return (w, i) => w.lengthPrefixedAscii(formatFloat8(data[i]!));
      }
      break;
    case 'f32': {
      const data = v.data;
      return (w, i) => w.lengthPrefixedAscii(formatFloat4(data[i]!));
    }
    case 'bool': {
      const data = v.data;
      return (w, i) => {
        w.ensure(5);
        w.raw.writeInt32BE(1, w.length);
        w.raw[w.length + 4] = data[i] ? 116 : 102;
        w.length += 5;
      };
    }
    case 'string': {
      const { dict, codes } = v;
      if (type.id === 'char' || dict.length * 2 > v.length)
        return (w, i) => w.lengthPrefixedString(dict[codes[i]!]!);
      // Few distinct strings: encode each once for the whole batch.
      const encoded = new Array<Buffer | undefined>(dict.length);
      return (w, i) => {
        const code = codes[i]!;
        writeBytes(w, (encoded[code] ??= Buffer.from(dict[code]!, 'utf8')));
      };
    }
    case 'const': {
      if (v.value === null) return writeNull;
      const bytes = Buffer.from(formatValue(type, v.value, options), 'utf8');
      return (w) => writeBytes(w, bytes);
    }
    default:
      break;
  }
  return (w, i) => w.lengthPrefixedString(formatValue(type, getScalar(v, i)!, options));
}

function binaryWriter(v: Vector, type: DataType, tz: TimeZone): CellWriter {
  if (v.kind === 'i32' && type.id === 'int4') {
    const data = v.data;
    return (w, i) => {
      w.ensure(8);
      w.raw.writeInt32BE(4, w.length);
      w.raw.writeInt32BE(data[i]!, w.length + 4);
      w.length += 8;
    };
  }
  if (v.kind === 'f64' && (type.id === 'int8' || type.id === 'float8')) {
    const data = v.data;
    const isFloat = type.id === 'float8';
    return (w, i) => {
      w.ensure(12);
      w.raw.writeInt32BE(8, w.length);
      if (isFloat) w.raw.writeDoubleBE(data[i]!, w.length + 4);
      else writeInt64(w.raw, w.length + 4, data[i]!);
      w.length += 12;
    };
  }
  if (v.kind === 'const') {
    if (v.value === null) return writeNull;
    const bytes = encodeBinary(type, v.value, tz);
    return (w) => writeBytes(w, bytes);
  }
  return (w, i) => writeBytes(w, encodeBinary(type, getScalar(v, i)!, tz));
}

function cellWriter(v: Vector, type: DataType, format: number, options: TextOptions): CellWriter {
  const write = format === 1 ? binaryWriter(v, type, options.timeZone) : textWriter(v, type, options);
  const validity = v.kind === 'const' ? null : v.validity;
  if (validity === null) return write;
  return (w, i) => {
    if ((validity[i >>> 3]! & (1 << (i & 7))) === 0) w.int32(-1);
    else write(w, i);
  };
}

/**
 * Appends one DataRow per row of `batch`; `formats` has a format code per column. reg* values in
 * text print as names through `regName` (the statement's catalog), else as oids.
 */
export function writeDataRows(
  w: MessageWriter,
  batch: Batch,
  types: readonly DataType[],
  formats: readonly number[],
  tz: TimeZone,
  regName?: RegNameLookup,
): void {
  const n = types.length;
  const options: TextOptions = { timeZone: tz, regName };
  const writers = types.map((t, c) => cellWriter(batch.columns[c]!, t, formats[c] ?? 0, options));
  for (let i = 0; i < batch.length; i++) {
    // DataRow: 'D', int32 length (filled in below), int16 column count.
    w.ensure(7);
    const start = w.length;
    const buf = w.raw;
    buf[start] = 68;
    buf[start + 5] = n >> 8;
    buf[start + 6] = n & 0xff;
    w.length = start + 7;
    for (let c = 0; c < n; c++) writers[c]!(w, i);
    w.raw.writeUInt32BE(w.length - start - 1, start + 1);
  }
}

/** The per-column format codes a Bind asked for: none (all text), one for all, or one per column. */
export function resultFormats(codes: readonly number[], columns: number): number[] {
  if (codes.length === 0) return new Array<number>(columns).fill(0);
  if (codes.length === 1) return new Array<number>(columns).fill(codes[0]!);
  return [...codes];
}
