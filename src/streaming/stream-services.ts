// The sinks' connections to the outside: a Kafka reader per Kafka source and a writer per Kafka
// sink (made on first use, kept open, closed with the engine), and notification delivery.

import type { JsonValue, SinkEntry, SourceEntry } from '../catalog/catalog.js';
import type { Database } from '../engine/database.js';
import type { Row } from '../engine/result.js';
import { kafkaSinkConfig, kafkaSourceConfig } from './kafka/kafka-options.js';
import type { KafkaPosition } from './kafka/kafka-position.js';
import { KafkaSinkWriter } from './kafka/kafka-sink.js';
import { KafkaSourceReader } from './kafka/kafka-source.js';
import type { SinkServices } from './sink-batch.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { type DeadLetter, deadLetter, type RawEvent } from './stream-events.js';

/** Messages read from Kafka per micro-batch, and how long a batch waits for the first one. */
const KAFKA_MAX_MESSAGES = 10_000;
const KAFKA_WAIT_MS = 100;

export class StreamServices implements SinkServices {
  private readonly readers = new Map<string, KafkaSourceReader>();
  private readonly writers = new Map<string, KafkaSinkWriter>();

  constructor(private readonly database: Database) {}

  private reader(source: SourceEntry): KafkaSourceReader {
    let reader = this.readers.get(source.name);
    if (reader === undefined) {
      reader = new KafkaSourceReader(kafkaSourceConfig(source.name, source.options));
      this.readers.set(source.name, reader);
    }
    return reader;
  }

  kafkaLag(source: SourceEntry, position: JsonValue | null): Promise<number> {
    return this.reader(source).lag(position as KafkaPosition | null);
  }

  async readKafka(
    source: SourceEntry,
    position: JsonValue | null,
  ): Promise<{ events: readonly RawEvent[]; malformed: readonly DeadLetter[]; position: JsonValue }> {
    const read = await this.reader(source).read(
      position as KafkaPosition | null,
      KAFKA_MAX_MESSAGES,
      KAFKA_WAIT_MS,
    );
    const malformed = read.events.filter((e) => e.malformed !== null);
    return {
      events: read.events.filter((e) => e.malformed === null),
      malformed: malformed.map((e) =>
        deadLetter(
          source.name,
          e,
          new LarchError(SqlState.invalidTextRepresentation, `malformed message: ${e.malformed}`),
        ),
      ),
      position: read.position as JsonValue,
    };
  }

  async sendKafka(sink: SinkEntry, rows: readonly Row[]): Promise<void> {
    let writer = this.writers.get(sink.name);
    if (writer === undefined) {
      writer = new KafkaSinkWriter(kafkaSinkConfig(sink.name, sink.options));
      this.writers.set(sink.name, writer);
    }
    await writer.send(rows);
  }

  notify(channel: string, payload: string): void {
    this.database.notifications.publish(channel, payload, process.pid);
  }

  async close(): Promise<void> {
    const all = [...this.readers.values(), ...this.writers.values()];
    this.readers.clear();
    this.writers.clear();
    await Promise.allSettled(all.map((c) => c.close()));
  }
}
