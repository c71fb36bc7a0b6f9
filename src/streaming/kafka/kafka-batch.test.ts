// Tests of turning fetched Kafka records into events: UTF-8 decoding that never throws, origins,
// records batches encoded and decoded by the Kafka library itself, merging partitions, cutting at
// `max` and the position after the batch.

import {
  IS_CONTROL,
  Reader,
  createRecordsBatch,
  readRecordsBatches,
  type RecordsBatch,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { assembleBatch, type FetchedPartition } from './kafka-batch.js';
import { decodeText, messageOrigin, toRawEvent } from './kafka-decode.js';
import { fetchedPartitions } from './kafka-source.js';

const TOPIC_ID = '6f0a5b3e-3d5c-4a5e-9f1d-2b7c8e9a0b1c';

describe('decodeText', () => {
  it('decodes UTF-8', () => {
    expect(decodeText(Buffer.from('{"a":"héllo ✓ 😀"}'))).toEqual({
      text: '{"a":"héllo ✓ 😀"}',
      malformed: null,
    });
    expect(decodeText(Buffer.alloc(0))).toEqual({ text: '', malformed: null });
  });

  it('gives null values as empty text, marked', () => {
    expect(decodeText(null)).toEqual({ text: '', malformed: 'null value' });
    expect(decodeText(undefined)).toEqual({ text: '', malformed: 'null value' });
  });

  it('decodes invalid UTF-8 lossily, marked, without throwing', () => {
    expect(decodeText(Buffer.from([0x61, 0xff, 0x62]))).toEqual({
      text: 'a\uFFFDb',
      malformed: 'invalid UTF-8',
    });
    expect(decodeText(Buffer.from([0xe2, 0x82]))).toEqual({ text: '\uFFFD', malformed: 'invalid UTF-8' });
  });

  it('drops a byte order mark', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x78])).text).toBe('x');
  });
});

describe('toRawEvent', () => {
  it('names the message as topic[partition]@offset', () => {
    expect(messageOrigin('clicks', 2, 1045)).toBe('clicks[2]@1045');
    const event = toRawEvent('clicks', 2, 1045, 1700000000000, Buffer.from('k'), Buffer.from('{"x":1}'));
    expect(event).toEqual({
      text: '{"x":1}',
      origin: 'clicks[2]@1045',
      malformed: null,
      key: 'k',
      timestamp: 1700000000000,
      partition: 2,
      offset: 1045,
    });
    expect(toRawEvent('t', 0, 0, 0, null, Buffer.from([0xc3])).malformed).toBe('invalid UTF-8');
  });
});

function record(offset: number, timestamp: number, value: string | null) {
  return { offset, timestamp, key: null, value: value === null ? null : Buffer.from(value) };
}

describe('assembleBatch', () => {
  const fetched: FetchedPartition[] = [
    { partition: 1, records: [record(5, 110, 'b5'), record(6, 130, 'b6')], end: 7 },
    {
      partition: 0,
      records: [record(10, 100, 'a10'), record(11, 120, 'a11'), record(12, 140, 'a12')],
      end: 13,
    },
  ];

  it('merges partitions by timestamp and moves past everything read', () => {
    const { events, position } = assembleBatch('t', { '0': 10, '1': 5 }, fetched, 100);
    expect(events.map((e) => e.text)).toEqual(['a10', 'b5', 'a11', 'b6', 'a12']);
    expect(events.map((e) => e.origin)).toEqual(['t[0]@10', 't[1]@5', 't[0]@11', 't[1]@6', 't[0]@12']);
    expect(position).toEqual({ '0': 13, '1': 7 });
  });

  it('cuts at max, the position right after the events taken', () => {
    const { events, position } = assembleBatch('t', { '0': 10, '1': 5 }, fetched, 3);
    expect(events.map((e) => e.text)).toEqual(['a10', 'b5', 'a11']);
    expect(position).toEqual({ '0': 12, '1': 6 });
    const rest = assembleBatch(
      't',
      position,
      [
        { partition: 1, records: [record(6, 130, 'b6')], end: 7 },
        { partition: 0, records: [record(12, 140, 'a12')], end: 13 },
      ],
      3,
    );
    expect(rest.events.map((e) => e.text)).toEqual(['b6', 'a12']);
    expect(rest.position).toEqual({ '0': 13, '1': 7 });
  });

  it('is deterministic and keeps offset order within a partition', () => {
    const skewed: FetchedPartition[] = [
      { partition: 0, records: [record(0, 500, 'late-clock'), record(1, 100, 'early-clock')], end: 2 },
      { partition: 1, records: [record(0, 300, 'p1')], end: 1 },
    ];
    const a = assembleBatch('t', {}, skewed, 10);
    const b = assembleBatch('t', {}, skewed, 10);
    expect(a).toEqual(b);
    const p0 = a.events.filter((e) => e.partition === 0).map((e) => e.offset);
    expect(p0).toEqual([0, 1]);
  });

  it('moves past trailing markers only when every record was taken', () => {
    const withMarker: FetchedPartition[] = [
      { partition: 0, records: [record(3, 1, 'x'), record(4, 2, 'y')], end: 6 },
    ];
    expect(assembleBatch('t', { '0': 3 }, withMarker, 5).position).toEqual({ '0': 6 });
    expect(assembleBatch('t', { '0': 3 }, withMarker, 1).position).toEqual({ '0': 4 });
    const onlyMarker: FetchedPartition[] = [{ partition: 0, records: [], end: 9 }];
    expect(assembleBatch('t', { '0': 8 }, onlyMarker, 5)).toEqual({ events: [], position: { '0': 9 } });
  });

  it('keeps partitions that returned nothing, and never goes back', () => {
    const { events, position } = assembleBatch(
      't',
      { '0': 20, '1': 3, '7': 1 },
      [{ partition: 0, records: [], end: null }],
      5,
    );
    expect(events).toEqual([]);
    expect(position).toEqual({ '0': 20, '1': 3, '7': 1 });
  });

  it('hands on undecodable messages as events', () => {
    const bad: FetchedPartition[] = [
      {
        partition: 0,
        records: [record(0, 1, null), { offset: 1, timestamp: 2, key: null, value: Buffer.from([0xff]) }],
        end: 2,
      },
    ];
    const { events } = assembleBatch('t', {}, bad, 5);
    expect(events.map((e) => [e.text, e.malformed, e.origin])).toEqual([
      ['', 'null value', 't[0]@0'],
      ['\uFFFD', 'invalid UTF-8', 't[0]@1'],
    ]);
  });
});

/** A records batch as the library encodes it for produce and decodes it from fetch responses. */
function batch(firstOffset: number, values: (string | null)[], timestamp = 1000n): RecordsBatch {
  const writer = createRecordsBatch(
    values.map((v, i) => ({
      topic: 't',
      key: Buffer.from(`k${i}`),
      value: v === null ? (null as unknown as Buffer) : Buffer.from(v),
      timestamp: timestamp + BigInt(i),
    })),
  );
  const [decoded] = readRecordsBatches(Reader.from(writer.buffer));
  return { ...decoded!, firstOffset: BigInt(firstOffset) };
}

function response(partitions: { partitionIndex: number; records?: RecordsBatch[] }[], topicId = TOPIC_ID) {
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topicId,
        partitions: partitions.map((p) => ({
          errorCode: 0,
          highWatermark: 0n,
          lastStableOffset: 0n,
          logStartOffset: 0n,
          abortedTransactions: [],
          preferredReadReplica: -1,
          ...p,
        })),
      },
    ],
  };
}

describe('fetchedPartitions', () => {
  it('reads offsets, timestamps, keys and values of real records batches', () => {
    const [p] = fetchedPartitions(
      response([{ partitionIndex: 3, records: [batch(100, ['a', 'b'])] }]),
      TOPIC_ID,
      {
        '3': 100,
      },
    );
    expect(p!.partition).toBe(3);
    expect(p!.end).toBe(102);
    expect(
      p!.records.map((r) => [
        r.offset,
        r.timestamp,
        Buffer.from(r.key!).toString(),
        Buffer.from(r.value!).toString(),
      ]),
    ).toEqual([
      [100, 1000, 'k0', 'a'],
      [101, 1001, 'k1', 'b'],
    ]);
  });

  it('drops records before the fetch offset (a batch starting earlier)', () => {
    const [p] = fetchedPartitions(
      response([{ partitionIndex: 0, records: [batch(10, ['a', 'b', 'c'])] }]),
      TOPIC_ID,
      {
        '0': 12,
      },
    );
    expect(p!.records.map((r) => r.offset)).toEqual([12]);
    expect(p!.end).toBe(13);
  });

  it('skips control batches but moves the end past them', () => {
    const marker = { ...batch(2, ['']), attributes: IS_CONTROL };
    const [p] = fetchedPartitions(
      response([{ partitionIndex: 0, records: [batch(0, ['a', 'b']), marker] }]),
      TOPIC_ID,
      { '0': 0 },
    );
    expect(p!.records.map((r) => r.offset)).toEqual([0, 1]);
    expect(p!.end).toBe(3);
    const { events, position } = assembleBatch('t', { '0': 0 }, [p!], 10);
    expect(events.map((e) => e.text)).toEqual(['a', 'b']);
    expect(position).toEqual({ '0': 3 });
  });

  it('keeps null values for the dead-letter path', () => {
    const [p] = fetchedPartitions(response([{ partitionIndex: 0, records: [batch(0, [null])] }]), TOPIC_ID, {
      '0': 0,
    });
    expect(p!.records[0]!.value).toBeNull();
    expect(assembleBatch('t', {}, [p!], 1).events[0]!.malformed).toBe('null value');
  });

  it('reports partitions without records, and ignores other topics', () => {
    expect(fetchedPartitions(response([{ partitionIndex: 1 }]), TOPIC_ID, { '1': 5 })).toEqual([
      { partition: 1, records: [], end: null },
    ]);
    expect(fetchedPartitions(response([{ partitionIndex: 1 }], 'other'), TOPIC_ID, {})).toEqual([]);
  });
});
