// One micro-batch out of fetched partitions: events merged across partitions by timestamp (each
// partition kept in offset order), cut at `max`, and the position after exactly those events.

import { toRawEvent, type RawEvent } from './kafka-decode.js';
import { advance, type ConsumedOffset, type KafkaPosition } from './kafka-position.js';

/** A record as fetched, offsets and timestamps already numbers. */
export interface FetchedRecord {
  readonly offset: number;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
}

/** What one fetch returned for a partition. */
export interface FetchedPartition {
  readonly partition: number;
  /** Data records at or after the fetch offset, in offset order (control records left out). */
  readonly records: readonly FetchedRecord[];
  /**
   * The offset after the last fetched batch, control and aborted batches included; null when
   * nothing was fetched. Once every record is taken the position moves here, past markers.
   */
  readonly end: number | null;
}

/**
 * Up to `max` events from `fetched`, in timestamp order across partitions and offset order within
 * each, and `base` advanced past them. Deterministic: the same fetched data gives the same batch.
 */
export function assembleBatch(
  topic: string,
  base: KafkaPosition,
  fetched: readonly FetchedPartition[],
  max: number,
): { events: RawEvent[]; position: KafkaPosition } {
  const parts = [...fetched].sort((a, b) => a.partition - b.partition);
  const next = parts.map(() => 0);
  const events: RawEvent[] = [];
  while (events.length < max) {
    let best = -1;
    for (let i = 0; i < parts.length; i++) {
      const record = parts[i]!.records[next[i]!];
      if (record === undefined) continue;
      if (best < 0 || record.timestamp < parts[best]!.records[next[best]!]!.timestamp) best = i;
    }
    if (best < 0) break;
    const part = parts[best]!;
    const record = part.records[next[best]!]!;
    next[best]!++;
    events.push(toRawEvent(topic, part.partition, record.offset, record.timestamp, record.key, record.value));
  }
  const consumed: ConsumedOffset[] = [];
  parts.forEach((part, i) => {
    const taken = next[i]!;
    if (taken === part.records.length) {
      if (part.end !== null && part.end > 0)
        consumed.push({ partition: part.partition, offset: part.end - 1 });
      const last = part.records[taken - 1];
      if (last !== undefined) consumed.push({ partition: part.partition, offset: last.offset });
    } else if (taken > 0) {
      consumed.push({ partition: part.partition, offset: part.records[taken - 1]!.offset });
    }
  });
  return { events, position: advance(base, consumed) };
}
