// Where a Kafka source stands: the next offset to read per partition. Pure functions: moving past
// messages, choosing where to seek each partition (START, retention, new partitions) and the lag.

import { LarchError, SqlState } from '../../engine/errors.js';

/**
 * Next offset to read, per partition (partition number as a string key). Stored by Larch with the
 * sink's output (exactly-once), NOT in Kafka's consumer-group commits.
 */
export type KafkaPosition = Readonly<Record<string, number>>;

/** Offsets per partition (partition number as a string key): log start offsets, high watermarks. */
export type PartitionOffsets = Readonly<Record<string, number>>;

/** A message (or the last offset of a skipped range) that has been read. */
export interface ConsumedOffset {
  readonly partition: number;
  readonly offset: number;
}

export const EMPTY_POSITION: KafkaPosition = Object.freeze({});

function isOffset(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** The position after `consumed`: max offset + 1 per partition, never going back. */
export function advance(position: KafkaPosition | null, consumed: Iterable<ConsumedOffset>): KafkaPosition {
  const next: Record<string, number> = { ...(position ?? EMPTY_POSITION) };
  for (const { partition, offset } of consumed) {
    const key = String(partition);
    const after = offset + 1;
    const current = next[key];
    if (current === undefined || after > current) next[key] = after;
  }
  return next;
}

/** Both positions' partitions, each at the further of the two offsets. */
export function mergePositions(a: KafkaPosition | null, b: KafkaPosition | null): KafkaPosition {
  const next: Record<string, number> = { ...(a ?? EMPTY_POSITION) };
  for (const [key, offset] of Object.entries(b ?? EMPTY_POSITION)) {
    const current = next[key];
    if (current === undefined || offset > current) next[key] = offset;
  }
  return next;
}

/**
 * Where to seek each of `partitions`: the stored offset when there is one, moved up to the log
 * start offset when retention removed it; partitions the position does not know (all of them when
 * it is null, or partitions added to the topic since) start at `earliest` or `latest` by START. A
 * stored offset past the high watermark is kept: going back would read messages twice.
 */
export function startOffsets(
  position: KafkaPosition | null,
  partitions: readonly number[],
  earliestOffsets: PartitionOffsets,
  latestOffsets: PartitionOffsets,
  start: 'earliest' | 'latest',
): KafkaPosition {
  const seek: Record<string, number> = {};
  for (const partition of partitions) {
    const key = String(partition);
    const earliest = earliestOffsets[key] ?? 0;
    const latest = Math.max(latestOffsets[key] ?? earliest, earliest);
    const stored = position?.[key];
    if (stored === undefined) seek[key] = start === 'earliest' ? earliest : latest;
    else seek[key] = Math.max(stored, earliest);
  }
  return seek;
}

/** Messages after `position` up to the high watermarks; partitions it does not know count from 0. */
export function lag(position: KafkaPosition | null, highWatermarks: PartitionOffsets): number {
  let total = 0;
  for (const [key, high] of Object.entries(highWatermarks)) {
    const at = position?.[key] ?? 0;
    if (high > at) total += high - at;
  }
  return total;
}

/** Checks a position read back from storage (an object, or its JSON text). */
export function parsePosition(value: unknown): KafkaPosition {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw badPosition(value);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badPosition(value);
  const position: Record<string, number> = {};
  for (const [key, offset] of Object.entries(parsed)) {
    if (!/^(0|[1-9][0-9]{0,9})$/.test(key) || !isOffset(offset)) throw badPosition(value);
    position[key] = offset;
  }
  return position;
}

function badPosition(value: unknown): LarchError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new LarchError(
    SqlState.invalidParameterValue,
    `invalid Kafka position: ${(shown ?? String(value)).slice(0, 200)}`,
    { detail: 'A position maps partition numbers to non-negative integer offsets, e.g. {"0": 42, "1": 7}.' },
  );
}
