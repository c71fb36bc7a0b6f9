// End-to-end test against a real Kafka broker, run only when LARCH_TEST_KAFKA_BROKERS names one
// (e.g. LARCH_TEST_KAFKA_BROKERS=localhost:9092): write rows with the sink writer, read them back
// with the source reader from a stored position, read the same position again, read past the end.

import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarchError } from '../../engine/errors.js';
import type { RawEvent } from './kafka-decode.js';
import { kafkaSinkConfig, kafkaSourceConfig } from './kafka-options.js';
import type { KafkaPosition } from './kafka-position.js';
import { KafkaSinkWriter } from './kafka-sink.js';
import { KafkaSourceReader } from './kafka-source.js';

const brokers = process.env['LARCH_TEST_KAFKA_BROKERS'];
const topic = `larch-test-${process.pid}-${Date.now().toString(36)}`;

describe('Kafka end to end', () => {
  let admin: Admin | null = null;

  beforeAll(async () => {
    if (!brokers) return;
    admin = new Admin({ clientId: 'larch-test', bootstrapBrokers: brokers.split(',') });
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
  });

  afterAll(async () => {
    if (admin === null) return;
    try {
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.close();
    }
  });

  /** Reads from `from` until `count` events came (or 20 s passed). */
  async function readAll(
    reader: KafkaSourceReader,
    from: KafkaPosition,
    count: number,
  ): Promise<{ events: RawEvent[]; position: KafkaPosition }> {
    const events: RawEvent[] = [];
    let position = from;
    const until = Date.now() + 20_000;
    while (events.length < count && Date.now() < until) {
      const batch = await reader.read(position, 7, 2_000);
      events.push(...batch.events);
      position = batch.position;
    }
    return { events, position };
  }

  it.skipIf(!brokers)(
    'writes rows and reads them back from a stored position (needs LARCH_TEST_KAFKA_BROKERS)',
    async () => {
      const reader = new KafkaSourceReader(
        kafkaSourceConfig('clicks', { brokers: brokers!, topic, start: 'earliest', format: 'json' }),
      );
      const writer = new KafkaSinkWriter(kafkaSinkConfig('out', { brokers: brokers!, topic, key: 'id' }));
      try {
        // The topic's leaders may take a moment after it was created.
        let start: KafkaPosition | null = null;
        for (let i = 0; start === null && i < 50; i++) {
          const first = await reader.read(null, 10, 0).catch(() => null);
          if (first !== null && Object.keys(first.position).length === 3) {
            expect(first.events).toEqual([]);
            start = first.position;
          } else await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(start).toEqual({ '0': 0, '1': 0, '2': 0 });

        const rows = Array.from({ length: 20 }, (_, i) => ({
          id: i,
          name: `n${i}`,
          ok: i % 2 === 0,
          v: i / 4,
        }));
        await writer.send(rows);
        expect(await reader.lag(start)).toBe(20);

        const firstBatch = await reader.read(start, 7, 10_000);
        expect(firstBatch.events.length).toBeGreaterThan(0);
        expect(firstBatch.events.length).toBeLessThanOrEqual(7);
        const again = await reader.read(start, 7, 10_000);
        expect(again.events.map((e) => [e.origin, e.text])).toEqual(
          firstBatch.events.map((e) => [e.origin, e.text]),
        );
        expect(again.position).toEqual(firstBatch.position);

        const all = await readAll(reader, start!, 20);
        expect(all.events).toHaveLength(20);
        const read = all.events.map((e) => JSON.parse(e.text) as { id: number }).sort((a, b) => a.id - b.id);
        expect(read).toEqual(rows);
        for (const e of all.events) {
          expect(e.malformed).toBeNull();
          expect(e.key).toBe(String((JSON.parse(e.text) as { id: number }).id));
          expect(e.origin).toMatch(new RegExp(`^${topic}\\[[0-2]\\]@\\d+$`));
        }
        expect(Object.values(all.position).reduce((a, b) => a + b, 0)).toBe(20);

        const after = await reader.read(all.position, 100, 500);
        expect(after.events).toEqual([]);
        expect(after.position).toEqual(all.position);
        expect(await reader.lag(all.position)).toBe(0);

        const latest = new KafkaSourceReader(
          kafkaSourceConfig('late', { brokers: brokers!, topic, start: 'latest' }),
        );
        try {
          const fromLatest = await latest.read(null, 100, 0);
          expect(fromLatest.events).toEqual([]);
          expect(fromLatest.position).toEqual(all.position);
          expect(await latest.lag(null)).toBe(0);
        } finally {
          await latest.close();
        }
      } finally {
        await reader.close();
        await writer.close();
      }
    },
  );

  it.skipIf(!brokers)('reports a missing topic (needs LARCH_TEST_KAFKA_BROKERS)', async () => {
    const reader = new KafkaSourceReader(
      kafkaSourceConfig('gone', { brokers: brokers!, topic: `${topic}-missing` }),
    );
    try {
      const error = await reader.read(null, 1, 0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LarchError);
      expect((error as LarchError).code).toBe('42704');
      expect((error as LarchError).message).toBe(
        `source "gone": Kafka topic "${topic}-missing" does not exist`,
      );
    } finally {
      await reader.close();
    }
  });
});
