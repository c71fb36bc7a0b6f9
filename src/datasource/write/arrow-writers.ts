// Parquet and Arrow IPC output: batches become Arrow record batches; Parquet is encoded by
// parquet-wasm as a stream (row groups of rowGroupSize rows, statistics on, dictionary pages),
// Arrow files by apache-arrow's file writer.

import * as arrow from 'apache-arrow';
import { arrowDataOf, arrowTypeOf } from '../../columnar/arrow-export.js';
import type { Batch } from '../../columnar/batch.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { parquetWasm, wasmMessage } from '../parquet/parquet-wasm.js';
import type { ByteSink } from './byte-sink.js';
import type { FileWriter, WriteColumn, WriteOptions } from './file-writer.js';

function arrowSchema(columns: readonly WriteColumn[], o: WriteOptions): arrow.Schema {
  return new arrow.Schema(
    columns.map((c, k) => new arrow.Field(c.name, arrowTypeOf(c.type, o.numericScales[k]), true)),
  );
}

function recordBatch(schema: arrow.Schema, b: Batch): arrow.RecordBatch {
  const children = schema.fields.map((f, k) => arrowDataOf(b.columns[k]!, f.type));
  const data = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: b.length,
    nullCount: 0,
    children,
  });
  return new arrow.RecordBatch(schema, data);
}

const CODECS = ['uncompressed', 'snappy', 'gzip', 'brotli', 'lz4', 'zstd', 'lz4_raw'] as const;

export class ParquetWriter implements FileWriter {
  private readonly schema: arrow.Schema;
  private readonly queue: (arrow.RecordBatch | null)[] = [];
  private wake: (() => void) | null = null;
  private done: Promise<void> | null = null;

  constructor(
    private readonly sink: ByteSink,
    private readonly columns: readonly WriteColumn[],
    private readonly o: WriteOptions,
  ) {
    this.schema = arrowSchema(columns, o);
    const codec = o.compression === 'none' ? 'uncompressed' : o.compression;
    if (!(CODECS as readonly string[]).includes(codec)) {
      throw new LarchError(
        SqlState.invalidParameterValue,
        `unsupported Parquet compression "${o.compression}"`,
        {
          hint: 'Use snappy, zstd, gzip, brotli, lz4 or none.',
        },
      );
    }
  }

  /** Starts parquet-wasm's streaming encoder, pulling record batches from the queue. */
  private start(): Promise<void> {
    this.done ??= (async () => {
      const pw = await parquetWasm();
      const codec = this.o.compression === 'none' ? 'uncompressed' : this.o.compression;
      const props = new pw.WriterPropertiesBuilder()
        .setCompression(pw.Compression[codec.toUpperCase() as keyof typeof pw.Compression] as number)
        .setMaxRowGroupSize(this.o.rowGroupSize)
        .setCreatedBy('larch')
        .build();
      const input = new ReadableStream({
        pull: async (controller) => {
          while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
          const rb = this.queue.shift()!;
          if (rb === null) {
            controller.close();
            return;
          }
          const table = pw.Table.fromIPCStream(
            arrow.tableToIPC(new arrow.Table(this.schema, [rb]), 'stream'),
          );
          for (const wasmBatch of table.recordBatches()) controller.enqueue(wasmBatch);
        },
      });
      let output: ReadableStream<Uint8Array>;
      try {
        output = (await pw.transformParquetStream(input, props)) as ReadableStream<Uint8Array>;
      } catch (e) {
        throw new LarchError(SqlState.internalError, `Parquet encoding failed: ${wasmMessage(e)}`);
      }
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) await this.sink.write(chunk);
    })();
    return this.done;
  }

  private push(rb: arrow.RecordBatch | null): void {
    this.queue.push(rb);
    this.wake?.();
    this.wake = null;
  }

  async write(b: Batch): Promise<void> {
    if (b.length === 0) return;
    const running = this.start();
    this.push(recordBatch(this.schema, b));
    // Keep at most a few batches queued: memory stays bounded by the row group being encoded.
    while (this.queue.length > 4) {
      await Promise.race([running, new Promise((r) => setImmediate(r))]);
    }
  }

  async close(): Promise<void> {
    // An empty result still gets a file with the schema (and no rows).
    if (this.done === null)
      this.push(
        recordBatch(this.schema, {
          length: 0,
          columns: this.columns.map((c) => vectorFromScalars(c.type, [])),
        }),
      );
    const running = this.start();
    this.push(null);
    await running;
    await this.sink.close();
  }

  async abort(): Promise<void> {
    this.push(null);
    await this.done?.catch(() => undefined);
    await this.sink.abort();
  }
}

export class ArrowWriter implements FileWriter {
  private readonly schema: arrow.Schema;
  private readonly writer = new arrow.RecordBatchFileWriter();

  constructor(
    private readonly sink: ByteSink,
    columns: readonly WriteColumn[],
    o: WriteOptions,
  ) {
    this.schema = arrowSchema(columns, o);
    this.writer.reset(undefined, this.schema);
  }

  async write(b: Batch): Promise<void> {
    if (b.length > 0) this.writer.write(recordBatch(this.schema, b));
  }

  async close(): Promise<void> {
    this.writer.finish();
    await this.sink.write(this.writer.toUint8Array(true));
    await this.sink.close();
  }

  async abort(): Promise<void> {
    this.writer.abort();
    await this.sink.abort();
  }
}
