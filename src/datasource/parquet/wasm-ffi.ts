// Arrow data out of parquet-wasm's memory through the Arrow C data interface: the structs are read
// in place (wasm32 layout) and each buffer copied once into JS memory, with no IPC encoding and
// decoding in between; 128-bit decimals are narrowed to float64 mantissas straight from WASM
// memory. Row tests (row-tests.ts) run first, on views of WASM memory where the layouts agree, and
// the other columns are then copied only at the rows left. Flat columns of common types only; for
// anything else (nested, dictionary, large or view types) `fromWasmFFI` returns null and the caller
// goes through IPC.

import * as arrow from 'apache-arrow';
import { vectorFromArrow } from '../../columnar/arrow-import.js';
import { simplifyBitmap } from '../../columnar/bitmap.js';
import { gather } from '../../columnar/vector-ops.js';
import type { Vector } from '../../columnar/vector.js';
import type { DataType } from '../../types/data-type.js';
import type { RowTest } from '../row-tests.js';

/** An FFIStream from Table.toFFI() (parquet-wasm). */
export interface WasmFFIStream {
  numArrays(): number;
  arrayAddr(chunk: number): number;
  schemaAddr(): number;
}

/** ArrowSchema and ArrowArray field offsets for 32-bit pointers. */
const SCHEMA = { format: 0, name: 4, children: 32, nChildren: 24, dictionary: 36 } as const;
const ARRAY = { length: 0, nullCount: 8, offset: 16, nBuffers: 24, nChildren: 32, buffers: 40, children: 44 };

interface Field {
  readonly name: string;
  /** The C data interface format string. */
  readonly format: string;
  readonly type: arrow.DataType;
  /** Bytes per value in the data buffer; 0 for bits (bool), -1 for offsets + bytes (utf8, binary). */
  readonly width: number;
}

const TIME_UNITS: Record<string, arrow.TimeUnit> = {
  s: arrow.TimeUnit.SECOND,
  m: arrow.TimeUnit.MILLISECOND,
  u: arrow.TimeUnit.MICROSECOND,
  n: arrow.TimeUnit.NANOSECOND,
};

/** The arrow-js type and value width of a C data interface format string, or null when unsupported. */
function typeOfFormat(format: string): { type: arrow.DataType; width: number } | null {
  switch (format) {
    case 'b':
      return { type: new arrow.Bool(), width: 0 };
    case 'c':
      return { type: new arrow.Int8(), width: 1 };
    case 'C':
      return { type: new arrow.Uint8(), width: 1 };
    case 's':
      return { type: new arrow.Int16(), width: 2 };
    case 'S':
      return { type: new arrow.Uint16(), width: 2 };
    case 'i':
      return { type: new arrow.Int32(), width: 4 };
    case 'I':
      return { type: new arrow.Uint32(), width: 4 };
    case 'l':
      return { type: new arrow.Int64(), width: 8 };
    case 'L':
      return { type: new arrow.Uint64(), width: 8 };
    case 'f':
      return { type: new arrow.Float32(), width: 4 };
    case 'g':
      return { type: new arrow.Float64(), width: 8 };
    case 'u':
      return { type: new arrow.Utf8(), width: -1 };
    case 'z':
      return { type: new arrow.Binary(), width: -1 };
    case 'tdD':
      return { type: new arrow.DateDay(), width: 4 };
    case 'tdm':
      return { type: new arrow.DateMillisecond(), width: 8 };
    default:
      break;
  }
  const decimal = /^d:(\d+),(\d+)(?:,(\d+))?$/.exec(format);
  if (decimal !== null) {
    const bits = Number(decimal[3] ?? 128);
    if (bits !== 128 && bits !== 256) return null;
    return { type: new arrow.Decimal(Number(decimal[2]), Number(decimal[1]), bits), width: bits / 8 };
  }
  const time = /^tt([smun])$/.exec(format);
  if (time !== null) {
    const unit = TIME_UNITS[time[1]!]!;
    const bits = unit === arrow.TimeUnit.SECOND || unit === arrow.TimeUnit.MILLISECOND ? 32 : 64;
    return { type: new arrow.Time(unit, bits as 32 | 64), width: bits / 8 };
  }
  const stamp = /^ts([smun]):(.*)$/.exec(format);
  if (stamp !== null)
    return { type: new arrow.Timestamp(TIME_UNITS[stamp[1]!]!, stamp[2] || null), width: 8 };
  return null;
}

class WasmView {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  readonly words: Int32Array;

  constructor(readonly buffer: ArrayBuffer) {
    this.view = new DataView(buffer);
    this.bytes = new Uint8Array(buffer);
    this.words = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
  }

  ptr(at: number): number {
    return this.view.getUint32(at, true);
  }

  int(at: number): number {
    return Number(this.view.getBigInt64(at, true));
  }

  text(at: number): string {
    const start = this.ptr(at);
    const end = this.bytes.indexOf(0, start);
    return Buffer.from(this.bytes.buffer, start, end - start).toString('utf8');
  }

  /** A copy of `length` bytes at `address` (null pointer: null). */
  copy(address: number, length: number): Uint8Array | null {
    return address === 0 ? null : this.bytes.slice(address, address + length);
  }
}

function fieldsOf(mem: WasmView, schema: number): Field[] | null {
  if (mem.text(schema + SCHEMA.format) !== '+s') return null;
  const n = mem.int(schema + SCHEMA.nChildren);
  const children = mem.ptr(schema + SCHEMA.children);
  const fields: Field[] = [];
  for (let i = 0; i < n; i++) {
    const child = mem.ptr(children + 4 * i);
    if (mem.ptr(child + SCHEMA.dictionary) !== 0 || mem.int(child + SCHEMA.nChildren) !== 0) return null;
    const format = mem.text(child + SCHEMA.format);
    const t = typeOfFormat(format);
    if (t === null) return null;
    fields.push({ name: mem.text(child + SCHEMA.name), format, ...t });
  }
  return fields;
}

interface TypedArrayClass {
  new (b: ArrayBuffer, o: number, n: number): ArrayBufferView;
  readonly BYTES_PER_ELEMENT: number;
}

function typed<T>(Ctor: new (b: ArrayBuffer, o: number, n: number) => T, b: Uint8Array, width: number): T {
  return new Ctor(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength / width);
}

const TWO_32 = 4294967296;

/**
 * Decimal128 values at `address` (word-aligned) as float64 mantissas, read in place, at `rows`
 * when given (else all `count`); null when one needs more than 53 bits (the caller then takes the
 * general path, which boxes them).
 */
function decimalMantissas(
  words: Int32Array,
  address: number,
  rows: Int32Array | null,
  count: number,
): Float64Array | null {
  const out = new Float64Array(count);
  const base = address >>> 2;
  let bad = 0;
  for (let k = 0; k < count; k++) {
    const w = base + (rows === null ? k : rows[k]!) * 4;
    const hi = words[w + 1]!;
    const ext = hi >> 31;
    // The upper words are the sign extension and |hi| < 2^21, so the value is within 2^53.
    bad |= (words[w + 2]! ^ ext) | (words[w + 3]! ^ ext) | ((hi + 0x200000) >>> 22);
    out[k] = hi * TWO_32 + (words[w]! >>> 0);
  }
  return bad === 0 ? out : null;
}

/** Formats whose values a vector of the SQL type holds as they are, by SQL type. */
const SAME_LAYOUT: Record<string, { format: string; kind: 'i16' | 'i32' | 'f32' | 'f64' }> = {
  int2: { format: 's', kind: 'i16' },
  int4: { format: 'i', kind: 'i32' },
  date: { format: 'tdD', kind: 'i32' },
  float4: { format: 'f', kind: 'f32' },
  float8: { format: 'g', kind: 'f64' },
};

const VIEWS = { i16: Int16Array, i32: Int32Array, f32: Float32Array, f64: Float64Array } as const;

/**
 * A column as a vector whose values are a view into WASM memory (no copy), when the layouts agree:
 * only for reading at once (testing rows, gathering them), never to keep.
 */
function viewColumn(mem: WasmView, array: number, field: Field, sqlType: DataType): Vector | null {
  const layout = SAME_LAYOUT[sqlType.id];
  if (layout === undefined || layout.format !== field.format) return null;
  const length = mem.int(array + ARRAY.length);
  const offset = mem.int(array + ARRAY.offset);
  const nullCount = mem.int(array + ARRAY.nullCount);
  const buffers = mem.ptr(array + ARRAY.buffers);
  const View = VIEWS[layout.kind];
  const address = mem.ptr(buffers + 4) + offset * View.BYTES_PER_ELEMENT;
  if (address % View.BYTES_PER_ELEMENT !== 0 || (offset & 7) !== 0) return null;
  const validity =
    nullCount === 0
      ? null
      : simplifyBitmap(mem.copy(mem.ptr(buffers) + (offset >>> 3), (length + 7) >>> 3), length);
  const data = new View(mem.buffer, address, length);
  return { kind: layout.kind, type: sqlType, length, validity, data } as Vector;
}

/**
 * One column of a record batch as a vector of `sqlType`, its buffers copied out of WASM memory; at
 * `rows` only (indexes into the batch) when given.
 */
function columnVector(
  mem: WasmView,
  array: number,
  field: Field,
  sqlType: DataType,
  rows: Int32Array | null,
  count: number,
): Vector {
  const length = mem.int(array + ARRAY.length);
  const offset = mem.int(array + ARRAY.offset);
  const nullCount = mem.int(array + ARRAY.nullCount);
  const buffers = mem.ptr(array + ARRAY.buffers);
  const { type, width } = field;
  const decimal = sqlType.id === 'numeric' && type instanceof arrow.Decimal && width === 16;
  if (decimal && nullCount === 0) {
    const address = mem.ptr(buffers + 4) + offset * 16;
    const data = decimalMantissas(mem.words, address, rows, rows === null ? length : count);
    if (data !== null)
      return { kind: 'numeric', type: sqlType, length: data.length, validity: null, data, scale: type.scale };
  }
  if (rows === null) return wholeColumn(mem, array, field, sqlType);
  return gather(
    viewColumn(mem, array, field, sqlType) ?? wholeColumn(mem, array, field, sqlType),
    rows,
    count,
  );
}

/** A whole column of a record batch as a vector of `sqlType`, its buffers copied out of WASM memory. */
function wholeColumn(mem: WasmView, array: number, field: Field, sqlType: DataType): Vector {
  const length = mem.int(array + ARRAY.length);
  const offset = mem.int(array + ARRAY.offset);
  const nullCount = mem.int(array + ARRAY.nullCount);
  const buffers = mem.ptr(array + ARRAY.buffers);
  const end = offset + length;
  const validity = nullCount === 0 ? null : mem.copy(mem.ptr(buffers), (end + 7) >>> 3);
  const { type, width } = field;
  if (sqlType.id === 'numeric' && type instanceof arrow.Decimal && width === 16 && (offset & 7) === 0) {
    const data = decimalMantissas(mem.words, mem.ptr(buffers + 4) + offset * 16, null, length);
    if (data !== null) {
      const bits = validity === null ? null : simplifyBitmap(validity.subarray(offset >>> 3), length);
      return { kind: 'numeric', type: sqlType, length, validity: bits, data, scale: type.scale };
    }
  }
  const nullBitmap = validity ?? new Uint8Array(0);
  if (width === -1) {
    const offsets = typed(Int32Array, mem.copy(mem.ptr(buffers + 4), (end + 1) * 4)!, 4);
    const values = mem.copy(mem.ptr(buffers + 8), offsets[end]!) ?? new Uint8Array(0);
    const data = arrow.makeData({
      type: type as arrow.Utf8,
      offset,
      length,
      nullCount,
      nullBitmap,
      valueOffsets: offsets,
      data: values,
    });
    return vectorFromArrow(data, sqlType);
  }
  const bytes = mem.copy(mem.ptr(buffers + 4), width === 0 ? (end + 7) >>> 3 : end * width);
  const raw = bytes ?? new Uint8Array(0);
  const ArrayType = (type as arrow.DataType & { ArrayType: TypedArrayClass }).ArrayType;
  const values = width === 0 ? raw : typed(ArrayType, raw, ArrayType.BYTES_PER_ELEMENT);
  const data = arrow.makeData({
    type,
    offset,
    length,
    nullCount,
    nullBitmap,
    data: values,
  } as Parameters<typeof arrow.makeData>[0]) as arrow.Data;
  return vectorFromArrow(data, sqlType);
}

/** Where each of rows[0, count) is in `basis` (both ascending, rows a subset of basis). */
function positionsIn(basis: Int32Array, rows: Int32Array, count: number): Int32Array {
  const out = new Int32Array(count);
  let j = 0;
  for (let k = 0; k < count; k++) {
    const r = rows[k]!;
    while (basis[j] !== r) j++;
    out[k] = j;
  }
  return out;
}

/** A record batch as vectors by column name. */
export interface NamedVectors {
  readonly length: number;
  readonly columns: ReadonlyMap<string, Vector>;
}

/** Fixed-width columns other than decimals: cheap to convert whole before testing rows. */
function cheap(field: Field): boolean {
  return field.width > 0 && !(field.type instanceof arrow.Decimal);
}

/**
 * The record batches of an FFI stream as vectors of the SQL types asked for by column name, copied
 * out of WASM memory (read `memory` after the table was produced: growth replaces its buffer).
 * `tests` by column name are applied first and the other columns converted only at the rows they
 * leave. Null when a column's type is not handled here.
 */
export function fromWasmFFI(
  stream: WasmFFIStream,
  memory: { readonly buffer: ArrayBuffer },
  types: ReadonlyMap<string, DataType>,
  tests: ReadonlyMap<string, RowTest> = new Map(),
): NamedVectors[] | null {
  // Addresses first: no call into WASM (which could grow its memory) once the view is taken.
  const schema = stream.schemaAddr();
  const arrays = Array.from({ length: stream.numArrays() }, (_, b) => stream.arrayAddr(b));
  const mem = new WasmView(memory.buffer);
  const fields = fieldsOf(mem, schema);
  if (fields === null) return null;
  const batches: NamedVectors[] = [];
  for (const array of arrays) {
    if (mem.int(array + ARRAY.offset) !== 0) return null;
    const length = mem.int(array + ARRAY.length);
    const children = mem.ptr(array + ARRAY.children);
    const child = (i: number) => mem.ptr(children + 4 * i);
    // Tested columns first: fixed-width ones whole (in place where the layouts agree), then the
    // others (decimals) at the rows left so far; then every other column at the rows left.
    // A tested vector's entries are at `basis` (ascending rows; null: every row).
    const tested = new Map<string, { vector: Vector; view: boolean; basis: Int32Array | null }>();
    let rows: Int32Array | null = null;
    let count = length;
    fields.forEach((f, i) => {
      const test = tests.get(f.name);
      const type = types.get(f.name);
      if (test === undefined || type === undefined || !cheap(f) || count === 0) return;
      const view = viewColumn(mem, child(i), f, type);
      const vector = view ?? wholeColumn(mem, child(i), f, type);
      tested.set(f.name, { vector, view: view !== null, basis: null });
      const all = rows === null;
      rows ??= new Int32Array(length);
      count = test.select(vector, rows, count, all);
    });
    fields.forEach((f, i) => {
      const test = tests.get(f.name);
      const type = types.get(f.name);
      if (test === undefined || type === undefined || cheap(f) || f.width < 0 || count === 0) return;
      const basis: Int32Array | null = rows === null ? null : (rows as Int32Array).slice(0, count);
      const vector = columnVector(mem, child(i), f, type, basis, count);
      tested.set(f.name, { vector, view: false, basis });
      const positions = new Int32Array(count);
      const kept = test.select(vector, positions, count, true);
      if (kept === count) return;
      const next = new Int32Array(kept);
      for (let k = 0; k < kept; k++) next[k] = basis === null ? positions[k]! : basis[positions[k]!]!;
      rows = next;
      count = kept;
    });
    const selected = rows !== null && count < length ? (rows as Int32Array) : null;
    const columns = new Map<string, Vector>();
    fields.forEach((f, i) => {
      const type = types.get(f.name);
      if (type === undefined) return;
      const seen = tested.get(f.name);
      let v: Vector;
      if (seen === undefined) v = columnVector(mem, child(i), f, type, selected, count);
      else if (seen.basis !== null)
        v =
          seen.basis.length === count
            ? seen.vector
            : gather(seen.vector, positionsIn(seen.basis, selected!, count), count);
      else if (selected !== null) v = gather(seen.vector, selected, count);
      else v = seen.view ? wholeColumn(mem, child(i), f, type) : seen.vector;
      columns.set(f.name, v);
    });
    batches.push({ length: selected === null ? length : count, columns });
  }
  return batches;
}
