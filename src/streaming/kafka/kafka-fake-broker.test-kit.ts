// A small in-process Kafka broker for tests: it speaks the wire protocol (ApiVersions, Metadata v12,
// ListOffsets v9, Fetch v17, Produce v11, framed and encoded with the Kafka library's own codec), so
// the real client runs end to end on loopback, with retention, added partitions and positions past
// the end, which a real broker makes hard to arrange. No broker behaviour beyond what these calls
// need: one node, every partition led by it.

import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Reader, Writer, createRecordsBatch, readRecordsBatches } from '@platformatic/kafka';

interface StoredRecord {
  readonly offset: number;
  readonly timestamp: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

interface Partition {
  records: StoredRecord[];
  /** Offsets below this were removed (retention). */
  logStart: number;
  next: number;
}

interface Topic {
  readonly id: string;
  readonly partitions: Partition[];
}

const API_VERSIONS = 18;
const METADATA = 3;
const LIST_OFFSETS = 2;
const FETCH = 1;
const PRODUCE = 0;
const NODE_ID = 1;

export class FakeBroker {
  readonly topics = new Map<string, Topic>();
  readonly requests: string[] = [];
  #server = net.createServer((socket) => this.#serve(socket));
  #sockets = new Set<net.Socket>();
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  createTopic(name: string, partitions: number): void {
    this.topics.set(name, {
      id: randomUUID(),
      partitions: Array.from({ length: partitions }, () => ({ records: [], logStart: 0, next: 0 })),
    });
  }

  append(topic: string, partition: number, values: (string | null)[], timestamp = 1_000n): void {
    const p = this.topics.get(topic)!.partitions[partition]!;
    values.forEach((v, i) =>
      p.records.push({
        offset: p.next++,
        timestamp: timestamp + BigInt(i),
        key: null,
        value: v === null ? null : Buffer.from(v),
      }),
    );
  }

  /** Retention: drops the records below `offset`. */
  truncate(topic: string, partition: number, offset: number): void {
    const p = this.topics.get(topic)!.partitions[partition]!;
    p.records = p.records.filter((r) => r.offset >= offset);
    p.logStart = offset;
  }

  #serve(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        const frame = pending.subarray(4, 4 + size);
        pending = pending.subarray(4 + size);
        void this.#answer(socket, frame);
      }
    });
  }

  async #answer(socket: net.Socket, frame: Buffer): Promise<void> {
    const reader = Reader.from(frame);
    const apiKey = reader.readInt16();
    const apiVersion = reader.readInt16();
    const correlationId = reader.readInt32();
    reader.readNullableString(false);
    reader.readTaggedFields();
    this.requests.push(`${apiKey}v${apiVersion}`);
    let body: Writer;
    switch (apiKey) {
      case API_VERSIONS:
        body = this.#apiVersions();
        break;
      case METADATA:
        body = this.#metadata(reader);
        break;
      case LIST_OFFSETS:
        body = this.#listOffsets(reader);
        break;
      case FETCH:
        body = await this.#fetch(reader);
        break;
      case PRODUCE:
        body = this.#produce(reader);
        break;
      default:
        socket.destroy();
        return;
    }
    const header = Writer.create().appendInt32(correlationId);
    // ApiVersions answers with header v0 (no tagged fields), so that any client can read it.
    if (apiKey !== API_VERSIONS) header.appendTaggedFields();
    const payload = Buffer.concat([header.buffer, body.buffer]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    if (!socket.destroyed) socket.write(Buffer.concat([size, payload]));
  }

  #apiVersions(): Writer {
    const apis: [number, number][] = [
      [PRODUCE, 11],
      [FETCH, 17],
      [LIST_OFFSETS, 9],
      [METADATA, 12],
      [API_VERSIONS, 3],
    ];
    return Writer.create()
      .appendInt16(0)
      .appendArray(apis, (w, [key, version]) => w.appendInt16(key).appendInt16(version).appendInt16(version))
      .appendInt32(0)
      .appendTaggedFields();
  }

  #metadata(reader: Reader): Writer {
    const names = reader.readArray((r) => {
      r.readUUID();
      return r.readNullableString();
    });
    return Writer.create()
      .appendInt32(0)
      .appendArray([NODE_ID], (w, id) =>
        w.appendInt32(id).appendString('127.0.0.1').appendInt32(this.port).appendString(null),
      )
      .appendString('fake-cluster')
      .appendInt32(NODE_ID)
      .appendArray(names, (w, name) => {
        const topic = name === null ? undefined : this.topics.get(name);
        w.appendInt16(topic === undefined ? 3 : 0)
          .appendString(name)
          .appendUUID(topic?.id ?? null)
          .appendBoolean(false)
          .appendArray(topic?.partitions ?? [], (w, _p, index) =>
            w
              .appendInt16(0)
              .appendInt32(index)
              .appendInt32(NODE_ID)
              .appendInt32(0)
              .appendArray([NODE_ID], (w, n) => w.appendInt32(n), true, false)
              .appendArray([NODE_ID], (w, n) => w.appendInt32(n), true, false)
              .appendArray([], (w, n: number) => w.appendInt32(n), true, false),
          )
          .appendInt32(0);
      })
      .appendTaggedFields();
  }

  #listOffsets(reader: Reader): Writer {
    reader.readInt32();
    reader.readInt8();
    const topics = reader.readArray((r) => ({
      name: r.readString(),
      partitions: r.readArray((r) => ({
        index: r.readInt32(),
        epoch: r.readInt32(),
        timestamp: r.readInt64(),
      })),
    }));
    return Writer.create()
      .appendInt32(0)
      .appendArray(topics, (w, t) =>
        w.appendString(t.name).appendArray(t.partitions, (w, p) => {
          const partition = this.topics.get(t.name)?.partitions[p.index];
          const offset =
            partition === undefined ? -1 : p.timestamp === -2n ? partition.logStart : partition.next;
          w.appendInt32(p.index)
            .appendInt16(partition === undefined ? 3 : 0)
            .appendInt64(-1n)
            .appendInt64(BigInt(offset))
            .appendInt32(0);
        }),
      )
      .appendTaggedFields();
  }

  async #fetch(reader: Reader): Promise<Writer> {
    const maxWaitMs = reader.readInt32();
    reader.readInt32();
    reader.readInt32();
    reader.readInt8();
    reader.readInt32();
    reader.readInt32();
    const topics = reader.readArray((r) => ({
      id: r.readUUID(),
      partitions: r.readArray((r) => {
        const index = r.readInt32();
        r.readInt32();
        const offset = Number(r.readInt64());
        r.readInt32();
        r.readInt64();
        r.readInt32();
        return { index, offset };
      }),
    }));
    const find = (id: string) => [...this.topics.values()].find((t) => t.id === id);
    const hasData = () =>
      topics.some((t) => t.partitions.some((p) => (find(t.id)?.partitions[p.index]?.next ?? 0) > p.offset));
    for (let waited = 0; !hasData() && waited < maxWaitMs; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Writer.create()
      .appendInt32(0)
      .appendInt16(0)
      .appendInt32(0)
      .appendArray(topics, (w, t) =>
        w.appendUUID(t.id).appendArray(t.partitions, (w, p) => {
          const partition = find(t.id)?.partitions[p.index];
          const outOfRange =
            partition !== undefined && (p.offset < partition.logStart || p.offset > partition.next);
          const error = partition === undefined ? 100 : outOfRange ? 1 : 0;
          w.appendInt32(p.index)
            .appendInt16(error)
            .appendInt64(BigInt(partition?.next ?? -1))
            .appendInt64(BigInt(partition?.next ?? -1))
            .appendInt64(BigInt(partition?.logStart ?? -1))
            .appendArray([], () => {})
            .appendInt32(-1);
          const records = error === 0 ? partition!.records.filter((r) => r.offset >= p.offset) : [];
          if (records.length === 0) {
            w.appendUnsignedVarInt(1);
            return;
          }
          // Whole batches of three, as brokers do: the first may start before the offset asked for.
          const batches: Buffer[] = [];
          const firstIndex = partition!.records.findIndex((r) => r.offset === records[0]!.offset);
          const from = firstIndex - (firstIndex % 3);
          for (let i = from; i < partition!.records.length; i += 3) {
            batches.push(encodeBatch(partition!.records.slice(i, i + 3)));
          }
          const bytes = Buffer.concat(batches);
          w.appendUnsignedVarInt(bytes.length + 1).append(bytes);
        }),
      )
      .appendTaggedFields();
  }

  #produce(reader: Reader): Writer {
    reader.readNullableString();
    reader.readInt16();
    reader.readInt32();
    const topics = reader.readArray((r) => ({
      name: r.readString(),
      partitions: r.readArray((r) => {
        const index = r.readInt32();
        const size = r.readUnsignedVarInt() - 1;
        const bytes = r.buffer.subarray(r.position, r.position + size);
        r.skip(size);
        return { index, batches: readRecordsBatches(Reader.from(bytes)) };
      }),
    }));
    return Writer.create()
      .appendArray(topics, (w, t) =>
        w.appendString(t.name).appendArray(t.partitions, (w, p) => {
          const partition = this.topics.get(t.name)?.partitions[p.index];
          const base = partition?.next ?? -1;
          for (const batch of partition === undefined ? [] : p.batches) {
            for (const record of batch.records) {
              partition!.records.push({
                offset: partition!.next++,
                timestamp: batch.firstTimestamp + record.timestampDelta,
                key: record.key,
                value: record.value,
              });
            }
          }
          w.appendInt32(p.index)
            .appendInt16(partition === undefined ? 3 : 0)
            .appendInt64(BigInt(base))
            .appendInt64(-1n)
            .appendInt64(BigInt(partition?.logStart ?? -1))
            .appendArray([], () => {})
            .appendString(null);
        }),
      )
      .appendInt32(0)
      .appendTaggedFields();
  }
}

/** Records as one batch, encoded by the library, its base offset set to the first record's. */
function encodeBatch(records: StoredRecord[]): Buffer {
  const writer = createRecordsBatch(
    records.map((r) => ({
      topic: 't',
      key: r.key ?? undefined,
      value: r.value as Buffer,
      timestamp: r.timestamp,
    })),
  );
  const bytes = Buffer.from(writer.buffer);
  bytes.writeBigInt64BE(BigInt(records[0]!.offset), 0);
  return bytes;
}
