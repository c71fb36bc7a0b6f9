// parquet-wasm (arrow-rs compiled to WebAssembly), loaded on first use: its compilation takes
// about a second, which queries that never touch Parquet should not pay.

import * as arrow from 'apache-arrow';
import type * as ParquetWasmModule from 'parquet-wasm';
import { vectorFromArrow } from '../../columnar/arrow-import.js';
import type { Vector } from '../../columnar/vector.js';
import type { DataType } from '../../types/data-type.js';
import type { RowTest } from '../row-tests.js';
import { fromWasmFFI, type NamedVectors } from './wasm-ffi.js';

export type ParquetWasm = typeof ParquetWasmModule;
export type WasmTable = ParquetWasmModule.Table;

let loading: Promise<ParquetWasm> | null = null;

export function parquetWasm(): Promise<ParquetWasm> {
  loading ??= import('parquet-wasm');
  return loading;
}

/**
 * An Arrow table living in WebAssembly memory as vectors of the SQL types asked for by column
 * name, freed there: each buffer copied once through the C data interface (which applies `tests`
 * early, see wasm-ffi.ts), or through IPC bytes for types that path does not handle.
 */
export function wasmTableToVectors(
  pw: ParquetWasm,
  table: WasmTable,
  types: ReadonlyMap<string, DataType>,
  tests: ReadonlyMap<string, RowTest>,
): NamedVectors[] {
  let batches: NamedVectors[] | null;
  try {
    const ffi = table.toFFI();
    try {
      batches = fromWasmFFI(ffi, pw.wasmMemory(), types, tests);
    } finally {
      ffi.free();
    }
  } catch (e) {
    table.free();
    throw e;
  }
  if (batches !== null) {
    table.free();
    return batches;
  }
  // intoIPCStream consumes (frees) the table.
  return arrow.tableFromIPC(table.intoIPCStream()).batches.map((rb) => {
    const columns = new Map<string, Vector>();
    rb.schema.fields.forEach((f, i) => {
      const type = types.get(f.name);
      if (type !== undefined) columns.set(f.name, vectorFromArrow(rb.getChildAt(i)!.data[0]!, type));
    });
    return { length: rb.numRows, columns };
  });
}

/** parquet-wasm throws Errors or plain strings; either way, its message. */
export function wasmMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
