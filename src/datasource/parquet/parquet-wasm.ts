// parquet-wasm (arrow-rs compiled to WebAssembly), loaded on first use: its compilation takes
// about a second, which queries that never touch Parquet should not pay.

import * as arrow from 'apache-arrow';
import type * as ParquetWasmModule from 'parquet-wasm';

export type ParquetWasm = typeof ParquetWasmModule;

let loading: Promise<ParquetWasm> | null = null;

export function parquetWasm(): Promise<ParquetWasm> {
  loading ??= import('parquet-wasm');
  return loading;
}

/** An Arrow table living in WebAssembly memory, moved into JS (one copy, through IPC bytes). */
export function wasmTableToArrow(table: { intoIPCStream(): Uint8Array }): arrow.Table {
  return arrow.tableFromIPC(table.intoIPCStream());
}

/** parquet-wasm throws Errors or plain strings; either way, its message. */
export function wasmMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
