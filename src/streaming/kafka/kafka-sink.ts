// Writing a Kafka sink's rows: one message per row, the row as JSON text, keyed by the KEY
// column's value; a send resolves once the brokers acknowledged every message (acks=all).

import { Producer, ProduceAcks, compatibilityPartitioner } from '@platformatic/kafka';
import { LarchError, SqlState } from '../../engine/errors.js';
import {
  baseClientOptions,
  callDeadlineMs,
  guardConnections,
  closeClient,
  resolveTimeouts,
  withDeadline,
  type KafkaTimeouts,
} from './kafka-client.js';
import { KafkaSqlState, kafkaError, partyLabel, type KafkaParty } from './kafka-errors.js';
import type { KafkaSinkConfig } from './kafka-options.js';

/** Messages per produce request, and bytes (brokers refuse batches over message.max.bytes, 1 MiB by default). */
const CHUNK_MESSAGES = 1_000;
const CHUNK_BYTES = 512 * 1024;

interface Outgoing {
  readonly key: Buffer | undefined;
  readonly value: Buffer;
}

type Client = Producer<Buffer, Buffer, Buffer, Buffer>;

export class KafkaSinkWriter {
  readonly config: KafkaSinkConfig;
  readonly #timeouts: Required<KafkaTimeouts>;
  readonly #party: KafkaParty;
  #client: Client | null = null;
  #closed = false;
  /** Next partition for a message without a key (the library takes the remainder). */
  #roundRobin = 0;

  constructor(config: KafkaSinkConfig, timeouts?: KafkaTimeouts) {
    this.config = config;
    this.#timeouts = resolveTimeouts(timeouts);
    this.#party = {
      kind: 'sink',
      name: config.name ?? config.topic,
      brokers: config.brokers,
      topic: config.topic,
    };
  }

  /**
   * Produces one message per row, value = JSON text of the row (values already JSON-ready), key =
   * the key column's value as text when configured; resolves when the broker acknowledged all
   * (acks=all). Messages go in row order, in requests of bounded size, one after the other.
   */
  async send(rows: readonly Record<string, unknown>[]): Promise<void> {
    if (this.#closed) {
      throw new LarchError(
        KafkaSqlState.connectionDoesNotExist,
        `${this.#label}: the Kafka writer is closed`,
      );
    }
    const messages = rows.map((row) => this.#message(row));
    for (const chunk of chunks(messages)) await this.#produce(chunk);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    await closeClient(client, this.#timeouts);
  }

  get #label(): string {
    return partyLabel(this.#party);
  }

  #message(row: Record<string, unknown>): Outgoing {
    const column = this.config.keyColumn;
    let key: Buffer | undefined;
    if (column !== null) {
      if (!Object.hasOwn(row, column)) {
        throw new LarchError(
          SqlState.undefinedColumn,
          `${this.#label}: KEY column "${column}" is not in the rows`,
          {
            detail: `Columns: ${Object.keys(row).join(', ')}.`,
          },
        );
      }
      const text = keyText(row[column]);
      key = text === null ? undefined : Buffer.from(text, 'utf8');
    }
    let json: string;
    try {
      json = JSON.stringify(row, jsonReady);
    } catch (e) {
      throw new LarchError(
        SqlState.invalidParameterValue,
        `${this.#label}: a row cannot be written as JSON: ${(e as Error).message}`,
        { cause: e },
      );
    }
    return { key, value: Buffer.from(json, 'utf8') };
  }

  #producer(): Client {
    if (this.#client === null) {
      const client: Client = new Producer({
        ...baseClientOptions(this.config.clientId, this.config.brokers, this.#timeouts),
        acks: ProduceAcks.ALL,
        autocreateTopics: false,
        // Keys pick partitions as Java clients do (murmur2, sign bit cleared), so that Larch and
        // other producers put a key in the same partition; messages without keys go round.
        partitioner: (message, key) =>
          key === undefined ? this.#roundRobin++ : compatibilityPartitioner(message, key),
      });
      guardConnections(client);
      this.#client = client;
    }
    return this.#client;
  }

  async #produce(chunk: readonly Outgoing[]): Promise<void> {
    const client = this.#producer();
    const ms = callDeadlineMs(this.#timeouts);
    const topic = this.config.topic;
    try {
      await withDeadline(
        client.send({
          messages: chunk.map((m) =>
            m.key === undefined ? { topic, value: m.value } : { topic, key: m.key, value: m.value },
          ),
          acks: ProduceAcks.ALL,
        }),
        ms,
        () =>
          new LarchError(
            KafkaSqlState.connectionFailure,
            `${this.#label}: Kafka brokers ${this.config.brokers.join(',')} did not acknowledge within ${ms} ms`,
          ),
      );
    } catch (e) {
      throw kafkaError(this.#party, e);
    }
  }
}

/** A key column's value as text: null for SQL NULL, JSON text for arrays and objects. */
export function keyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value, jsonReady);
}

/** JSON.stringify's replacer: 64-bit integers as numbers when exact, else as text. */
function jsonReady(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

function* chunks(messages: readonly Outgoing[]): Generator<Outgoing[]> {
  let chunk: Outgoing[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = m.value.length + (m.key?.length ?? 0);
    if (chunk.length > 0 && (chunk.length >= CHUNK_MESSAGES || bytes + size > CHUNK_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
