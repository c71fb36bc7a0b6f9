// Values on the wire: PostgreSQL's binary format for every Larch type (the text format is the
// engine's own output), and parameters from Bind decoded from either format.

import {
  type DataType,
  type Decimal,
  formatValue,
  type Interval,
  LarchError,
  type Scalar,
  SqlState,
  type TimeZone,
  typeOid,
} from '../src/index.js';

/** Days and microseconds between 1970-01-01 (Larch) and 2000-01-01 (PostgreSQL's epoch). */
const EPOCH_DAYS = 10_957;
const EPOCH_MICROS = EPOCH_DAYS * 86_400_000_000;
const DATE_INFINITY = 2147483647;
const DATE_NEG_INFINITY = -2147483648;
const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
const TWO_32 = 4294967296;

function int64(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  writeInt64(b, 0, n);
  return b;
}

/** Writes an integer-valued double (|n| < 2^63) as a big-endian int64 without going through BigInt. */
export function writeInt64(b: Buffer, at: number, n: number): void {
  if (!Number.isFinite(n)) {
    b.writeBigInt64BE(n > 0 ? INT64_MAX : INT64_MIN, at);
    return;
  }
  const hi = Math.floor(n / TWO_32);
  b.writeInt32BE(hi, at);
  b.writeUInt32BE(n - hi * TWO_32, at + 4);
}

function readInt64(b: Buffer): number {
  const v = b.readBigInt64BE(0);
  if (v === INT64_MAX) return Infinity;
  if (v === INT64_MIN) return -Infinity;
  return Number(v);
}

/** numeric in PostgreSQL's base-10000 layout: ndigits, weight, sign, dscale, digits. */
function encodeNumeric(d: Decimal): Buffer {
  const negative = d.m < 0n;
  let digits = (negative ? -d.m : d.m).toString();
  const scale = d.s;
  // Pad so the integer part and the fraction each split into whole groups of four digits.
  const intLen = Math.max(0, digits.length - scale);
  let intPart = digits.slice(0, intLen);
  let frac = digits.slice(intLen).padStart(scale, '0');
  intPart = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  frac = frac.padEnd(Math.ceil(frac.length / 4) * 4, '0');
  digits = intPart + frac;
  const groups: number[] = [];
  for (let i = 0; i < digits.length; i += 4) groups.push(Number(digits.slice(i, i + 4)));
  let weight = intPart.length / 4 - 1;
  while (groups.length > 0 && groups[0] === 0) {
    groups.shift();
    weight--;
  }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
  if (groups.length === 0) weight = 0;
  const b = Buffer.allocUnsafe(8 + groups.length * 2);
  b.writeInt16BE(groups.length, 0);
  b.writeInt16BE(weight, 2);
  b.writeUInt16BE(negative && groups.length > 0 ? 0x4000 : 0, 4);
  b.writeInt16BE(scale, 6);
  groups.forEach((g, i) => b.writeInt16BE(g, 8 + i * 2));
  return b;
}

function decodeNumeric(b: Buffer): string {
  const n = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  const sign = b.readUInt16BE(4);
  const dscale = b.readInt16BE(6);
  if (sign === 0xc000) return 'NaN';
  if (sign === 0xd000) return 'Infinity';
  if (sign === 0xf000) return '-Infinity';
  let intPart = '';
  let frac = '';
  for (let i = 0; i < n; i++) {
    const group = String(b.readInt16BE(8 + i * 2)).padStart(4, '0');
    if (i <= weight) intPart += group;
    else frac += group;
  }
  if (weight >= n) intPart += '0000'.repeat(weight - n + 1);
  if (weight < -1) frac = '0000'.repeat(-weight - 1) + frac;
  intPart = intPart.replace(/^0+/, '') || '0';
  frac = frac.padEnd(dscale, '0').slice(0, dscale);
  return `${sign === 0x4000 ? '-' : ''}${intPart}${dscale > 0 ? `.${frac}` : ''}`;
}

function uuidBytes(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, ''), 'hex');
}

/** A value in PostgreSQL's binary send format. */
export function encodeBinary(type: DataType, value: Scalar, tz: TimeZone): Buffer {
  switch (type.id) {
    case 'bool':
      return Buffer.from([value ? 1 : 0]);
    case 'int2': {
      const b = Buffer.allocUnsafe(2);
      b.writeInt16BE(value as number);
      return b;
    }
    case 'int4': {
      const b = Buffer.allocUnsafe(4);
      b.writeInt32BE(value as number);
      return b;
    }
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace': {
      const b = Buffer.allocUnsafe(4);
      b.writeUInt32BE((value as number) >>> 0);
      return b;
    }
    case 'int8':
    case 'time':
      return int64(value as number);
    case 'timestamp':
    case 'timestamptz': {
      const v = value as number;
      return int64(Number.isFinite(v) ? v - EPOCH_MICROS : v);
    }
    case 'date': {
      const v = value as number;
      const b = Buffer.allocUnsafe(4);
      b.writeInt32BE(v === DATE_INFINITY || v === DATE_NEG_INFINITY ? v : v - EPOCH_DAYS);
      return b;
    }
    case 'float4': {
      const b = Buffer.allocUnsafe(4);
      b.writeFloatBE(value as number);
      return b;
    }
    case 'float8': {
      const b = Buffer.allocUnsafe(8);
      b.writeDoubleBE(value as number);
      return b;
    }
    case 'interval': {
      const i = value as Interval;
      const b = Buffer.allocUnsafe(16);
      writeInt64(b, 0, i.micros);
      b.writeInt32BE(i.days, 8);
      b.writeInt32BE(i.months, 12);
      return b;
    }
    case 'numeric':
      return encodeNumeric(value as Decimal);
    case 'bytea':
      return Buffer.from(value as Uint8Array);
    case 'uuid':
      return uuidBytes(value as string);
    case 'list':
      return encodeArray(type.element, value as readonly Scalar[], tz);
    case 'struct': {
      const record = value as Record<string, Scalar>;
      const parts: Buffer[] = [Buffer.alloc(4)];
      parts[0]!.writeInt32BE(type.fields.length);
      for (const f of type.fields) {
        const head = Buffer.allocUnsafe(8);
        head.writeUInt32BE(typeOid(f.type), 0);
        const v = record[f.name] ?? null;
        const body = v === null ? null : encodeBinary(f.type, v, tz);
        head.writeInt32BE(body === null ? -1 : body.length, 4);
        parts.push(head);
        if (body !== null) parts.push(body);
      }
      return Buffer.concat(parts);
    }
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'json':
      return Buffer.from(formatValue(type, value, { timeZone: tz }), 'utf8');
  }
}

function encodeArray(element: DataType, items: readonly Scalar[], tz: TimeZone): Buffer {
  const hasNull = items.some((v) => v === null);
  const head = Buffer.allocUnsafe(items.length === 0 ? 12 : 20);
  head.writeInt32BE(items.length === 0 ? 0 : 1, 0);
  head.writeInt32BE(hasNull ? 1 : 0, 4);
  head.writeUInt32BE(typeOid(element), 8);
  if (items.length > 0) {
    head.writeInt32BE(items.length, 12);
    head.writeInt32BE(1, 16);
  }
  const parts: Buffer[] = [head];
  for (const v of items) {
    const len = Buffer.allocUnsafe(4);
    if (v === null) {
      len.writeInt32BE(-1);
      parts.push(len);
      continue;
    }
    const body = encodeBinary(element, v, tz);
    len.writeInt32BE(body.length);
    parts.push(len, body);
  }
  return Buffer.concat(parts);
}

function formatDays(days: number): string {
  return formatValue({ id: 'date' }, days);
}

/** A binary parameter as the text the engine parses for `type`. */
function decodeBinary(type: DataType, b: Buffer, tz: TimeZone): string {
  const need = (n: number) => {
    if (b.length !== n) {
      throw new LarchError(
        SqlState.invalidBinaryRepresentation,
        `incorrect binary data format in bind parameter`,
      );
    }
  };
  switch (type.id) {
    case 'bool':
      need(1);
      return b[0] ? 'true' : 'false';
    case 'int2':
      need(2);
      return String(b.readInt16BE(0));
    case 'int4':
      need(4);
      return String(b.readInt32BE(0));
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      need(4);
      return String(b.readUInt32BE(0));
    case 'int8':
      need(8);
      return b.readBigInt64BE(0).toString();
    case 'float4':
      need(4);
      return formatValue(type, b.readFloatBE(0));
    case 'float8':
      need(8);
      return formatValue(type, b.readDoubleBE(0));
    case 'numeric':
      return decodeNumeric(b);
    case 'date': {
      need(4);
      const v = b.readInt32BE(0);
      return v === DATE_INFINITY
        ? 'infinity'
        : v === DATE_NEG_INFINITY
          ? '-infinity'
          : formatDays(v + EPOCH_DAYS);
    }
    case 'time':
      need(8);
      return formatValue(type, readInt64(b));
    case 'timestamp':
    case 'timestamptz': {
      need(8);
      const v = readInt64(b);
      return formatValue(type, Number.isFinite(v) ? v + EPOCH_MICROS : v, { timeZone: tz });
    }
    case 'interval': {
      need(16);
      const micros = readInt64(b.subarray(0, 8));
      return formatValue(type, {
        micros,
        days: b.readInt32BE(8),
        months: b.readInt32BE(12),
      } satisfies Interval);
    }
    case 'bytea':
      return `\\x${b.toString('hex')}`;
    case 'uuid': {
      need(16);
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'list':
      return decodeArray(type.element, b, tz);
    case 'struct':
      throw new LarchError(SqlState.featureNotSupported, 'binary record parameters are not supported');
    case 'json':
      // jsonb's binary format starts with a version byte (1).
      return b.length > 0 && b[0] === 1 && b[1] !== 0x22 ? b.toString('utf8', 1) : b.toString('utf8');
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
      return b.toString('utf8');
  }
}

function decodeArray(element: DataType, b: Buffer, tz: TimeZone): string {
  const ndim = b.readInt32BE(0);
  if (ndim === 0) return '{}';
  if (ndim !== 1)
    throw new LarchError(SqlState.featureNotSupported, 'multidimensional array parameters are not supported');
  const n = b.readInt32BE(12);
  let at = 20;
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = b.readInt32BE(at);
    at += 4;
    if (len < 0) {
      items.push('NULL');
      continue;
    }
    const text = decodeBinary(element, b.subarray(at, at + len), tz);
    at += len;
    items.push(`"${text.replace(/(["\\])/g, '\\$1')}"`);
  }
  return `{${items.join(',')}}`;
}

/** A Bind parameter as text for the engine (null for SQL NULL). */
export function decodeParam(
  type: DataType,
  bytes: Buffer | null,
  format: number,
  tz: TimeZone,
): string | null {
  if (bytes === null) return null;
  if (format === 0) return bytes.toString('utf8');
  if (format !== 1) throw new LarchError(SqlState.protocolViolation, `unsupported format code: ${format}`);
  return decodeBinary(type, bytes, tz);
}
