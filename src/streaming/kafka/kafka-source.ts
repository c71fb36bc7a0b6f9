// Reading a Kafka source's topic in micro-batches: partitions assigned by hand and read from a
// position Larch stores (no consumer group, no commits), so the same position reads the same
// messages again; also the lag behind the topic's end for the status view.

import { Consumer, IS_CONTROL, type RecordsBatch } from '@platformatic/kafka';
import { LarchError, SqlState } from '../../engine/errors.js';
import { assembleBatch, type FetchedPartition, type FetchedRecord } from './kafka-batch.js';
import {
  baseClientOptions,
  callDeadlineMs,
  guardConnections,
  closeClient,
  resolveTimeouts,
  withDeadline,
  type KafkaTimeouts,
} from './kafka-client.js';
import type { RawEvent } from './kafka-decode.js';
import { KafkaSqlState, kafkaError, partyLabel, topicMissing, type KafkaParty } from './kafka-errors.js';
import type { KafkaSourceConfig } from './kafka-options.js';
import {
  lag as lagOf,
  mergePositions,
  startOffsets,
  type KafkaPosition,
  type PartitionOffsets,
} from './kafka-position.js';

export type { RawEvent } from './kafka-decode.js';

/** Longest single long poll; a longer wait is several polls (request timeouts stay short). */
const LONG_POLL_MS = 5_000;
/** Bytes asked per fetch, and per partition (a larger first batch still comes whole). */
const FETCH_MAX_BYTES = 16 * 1024 * 1024;
const PARTITION_MAX_BYTES = 2 * 1024 * 1024;
/** Batch attribute bit: the timestamps are the broker's append time (batch.maxTimestamp). */
const LOG_APPEND_TIME = 1 << 3;

interface TopicLayout {
  readonly id: string;
  readonly partitions: readonly { readonly partition: number; readonly leader: number }[];
}

interface Offsets {
  readonly earliest: PartitionOffsets;
  readonly latest: PartitionOffsets;
}

type Client = Consumer<Buffer, Buffer, Buffer, Buffer>;
type FetchResponse = Awaited<ReturnType<Client['fetch']>>;

export class KafkaSourceReader {
  readonly config: KafkaSourceConfig;
  readonly #timeouts: Required<KafkaTimeouts>;
  readonly #party: KafkaParty;
  #client: Client | null = null;
  #closed = false;

  constructor(config: KafkaSourceConfig, timeouts?: KafkaTimeouts) {
    this.config = config;
    this.#timeouts = resolveTimeouts(timeouts);
    this.#party = {
      kind: 'source',
      name: config.name ?? config.topic,
      brokers: config.brokers,
      topic: config.topic,
    };
  }

  /**
   * Reads up to `max` messages after `from` (null: from config.start), waiting at most `waitMs`
   * for the first; returns the events in order and the position after them. Uses manual
   * partition assignment + seek (not group rebalancing), so the same position always re-reads
   * the same messages. The position covers every partition, also when no event came (with
   * START 'latest' it pins where reading began).
   */
  async read(
    from: KafkaPosition | null,
    max: number,
    waitMs: number,
  ): Promise<{ events: RawEvent[]; position: KafkaPosition }> {
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new LarchError(
        SqlState.invalidParameterValue,
        `${this.#label}: batch size must be a positive integer`,
      );
    }
    const deadline = Date.now() + (Number.isFinite(waitMs) && waitMs > 0 ? waitMs : 0);
    let position = from;
    let refresh = false;
    let retries = 0;
    /** A round found nothing although offsets said there was data (e.g. only aborted records): poll. */
    let idle = false;
    for (;;) {
      const { layout, offsets, seek } = await this.#seek(position, refresh);
      const base = mergePositions(position, seek);
      const available =
        !idle && layout.partitions.some((p) => seek[p.partition]! < offsets.latest[p.partition]!);
      const remaining = deadline - Date.now();
      if (!available && remaining <= 0) return { events: [], position: base };
      let fetched: FetchedPartition[];
      try {
        fetched = await this.#fetch(layout, seek, available ? 0 : Math.min(remaining, LONG_POLL_MS));
      } catch (e) {
        const ids = collectApiIds(e);
        if (ids.includes('OFFSET_OUT_OF_RANGE')) {
          // The leader's word is final past the end; below the log start retention just moved on.
          const past = this.#pastEnd(seek, await this.#offsets());
          if (past !== null) throw past;
        }
        if (retries < 2 && ids.some((id) => RETRY_AFTER_REFRESH.has(id))) {
          retries++;
          refresh = true;
          position = base;
          continue;
        }
        throw kafkaError(this.#party, e);
      }
      refresh = false;
      const batch = assembleBatch(this.config.topic, base, fetched, max);
      if (batch.events.length > 0 || Date.now() >= deadline || advanced(base, batch.position)) return batch;
      position = batch.position;
      idle = true;
    }
  }

  /** Messages available after `position` (for the status view's lag). */
  async lag(position: KafkaPosition | null): Promise<number> {
    const { offsets, seek } = await this.#seek(position, false);
    return lagOf(seek, offsets.latest);
  }

  /** The topic's partitions and offsets now, and where reading after `position` starts in each. */
  async #seek(position: KafkaPosition | null, refresh: boolean) {
    const layout = await this.#layout(refresh);
    const offsets = await this.#offsets();
    const seek = startOffsets(
      position,
      layout.partitions.map((p) => p.partition),
      offsets.earliest,
      offsets.latest,
      this.config.start,
    );
    return { layout, offsets, seek };
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

  #consumer(): Client {
    if (this.#closed) {
      throw new LarchError(
        KafkaSqlState.connectionDoesNotExist,
        `${this.#label}: the Kafka reader is closed`,
      );
    }
    if (this.#client === null) {
      const client: Client = new Consumer({
        ...baseClientOptions(this.config.clientId, this.config.brokers, this.#timeouts),
        groupId: this.config.groupId,
        autocommit: false,
      });
      guardConnections(client);
      this.#client = client;
    }
    return this.#client;
  }

  /** Runs one client call with a deadline, its failure as a LarchError. */
  async #call<T>(run: (client: Client) => Promise<T>, extraMs = 0): Promise<T> {
    const client = this.#consumer();
    const ms = callDeadlineMs(this.#timeouts) + extraMs;
    try {
      return await withDeadline(
        run(client),
        ms,
        () =>
          new LarchError(
            KafkaSqlState.connectionFailure,
            `${this.#label}: Kafka brokers ${this.config.brokers.join(',')} did not answer within ${ms} ms`,
          ),
      );
    } catch (e) {
      throw kafkaError(this.#party, e);
    }
  }

  async #layout(refresh: boolean): Promise<TopicLayout> {
    const topic = this.config.topic;
    const metadata = await this.#call((c) => c.metadata({ topics: [topic], forceUpdate: refresh }));
    const found = metadata.topics.get(topic);
    if (found === undefined) throw topicMissing(this.#party);
    return {
      id: found.id,
      partitions: found.partitions.map((p, partition) => ({ partition, leader: p.leader })),
    };
  }

  async #offsets(): Promise<Offsets> {
    const topic = this.config.topic;
    const [earliest, latest] = await Promise.all([
      this.#call((c) => c.listOffsets({ topics: [topic], timestamp: -2n })),
      this.#call((c) => c.listOffsets({ topics: [topic], timestamp: -1n })),
    ]);
    return { earliest: offsetsOf(earliest.get(topic)), latest: offsetsOf(latest.get(topic)) };
  }

  /** One fetch per partition leader, concurrently, from `seek`. */
  async #fetch(layout: TopicLayout, seek: KafkaPosition, maxWaitMs: number): Promise<FetchedPartition[]> {
    const byLeader = new Map<number, number[]>();
    for (const { partition, leader } of layout.partitions) {
      if (leader < 0) continue; // no leader now: read it next time
      const list = byLeader.get(leader) ?? [];
      list.push(partition);
      byLeader.set(leader, list);
    }
    const responses = await Promise.all(
      [...byLeader].map(([node, partitions]) =>
        this.#call(
          (c) =>
            c.fetch({
              node,
              maxWaitTime: maxWaitMs,
              minBytes: 1,
              maxBytes: FETCH_MAX_BYTES,
              topics: [
                {
                  topicId: layout.id,
                  partitions: partitions.map((partition) => ({
                    partition,
                    fetchOffset: BigInt(seek[partition]!),
                    partitionMaxBytes: PARTITION_MAX_BYTES,
                    currentLeaderEpoch: -1,
                    lastFetchedEpoch: -1,
                  })),
                },
              ],
            }),
          maxWaitMs,
        ),
      ),
    );
    return responses.flatMap((response) => fetchedPartitions(response, layout.id, seek));
  }

  /** The error for a stored position past the end of a partition's log (the topic was recreated?). */
  #pastEnd(seek: KafkaPosition, offsets: Offsets): LarchError | null {
    for (const [key, at] of Object.entries(seek)) {
      const end = offsets.latest[key];
      if (end !== undefined && at > end) {
        return new LarchError(
          SqlState.objectNotInPrerequisiteState,
          `${this.#label}: position ${at} of partition ${key} is past the end of topic "${this.config.topic}" (offset ${end})`,
          {
            hint: 'The topic may have been deleted and created again; reset the source to read it from the start.',
          },
        );
      }
    }
    return null;
  }
}

function advanced(before: KafkaPosition, after: KafkaPosition): boolean {
  return Object.entries(after).some(([key, offset]) => offset !== before[key]);
}

/** Fetch errors after which a new look at the topic's leaders and offsets may help. */
const RETRY_AFTER_REFRESH = new Set([
  'OFFSET_OUT_OF_RANGE',
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'UNKNOWN_TOPIC_ID',
  'OFFSET_NOT_AVAILABLE',
]);

function collectApiIds(e: unknown, depth = 0): string[] {
  if (!(e instanceof Error) || depth > 10) return [];
  const own = (e as unknown as { apiId?: unknown }).apiId;
  const ids = typeof own === 'string' ? [own] : [];
  const members = e instanceof AggregateError ? (e.errors as unknown[]) : [];
  for (const m of members) ids.push(...collectApiIds(m, depth + 1));
  ids.push(...collectApiIds(e.cause, depth + 1));
  return ids;
}

function offsetsOf(list: readonly bigint[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  (list ?? []).forEach((offset, partition) => {
    if (offset !== undefined) out[String(partition)] = Math.max(0, Number(offset));
  });
  return out;
}

/** The records of one fetch response, at or after the offsets asked for. */
export function fetchedPartitions(
  response: FetchResponse,
  topicId: string,
  seek: KafkaPosition,
): FetchedPartition[] {
  const out: FetchedPartition[] = [];
  for (const topic of response.responses) {
    if (topic.topicId !== topicId) continue;
    for (const partition of topic.partitions) {
      const from = seek[partition.partitionIndex] ?? 0;
      const records: FetchedRecord[] = [];
      let end: number | null = null;
      for (const batch of partition.records ?? []) {
        const last = Number(batch.firstOffset) + batch.lastOffsetDelta;
        end = end === null ? last + 1 : Math.max(end, last + 1);
        if (batch.attributes & IS_CONTROL) continue;
        collectRecords(batch, from, records);
      }
      records.sort((a, b) => a.offset - b.offset);
      out.push({ partition: partition.partitionIndex, records, end });
    }
  }
  return out;
}

function collectRecords(batch: RecordsBatch, from: number, into: FetchedRecord[]): void {
  const appendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
  const first = Number(batch.firstOffset);
  for (const record of batch.records) {
    const offset = first + record.offsetDelta;
    if (offset < from) continue;
    const timestamp = appendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta;
    into.push({ offset, timestamp: Number(timestamp), key: record.key, value: record.value });
  }
}
