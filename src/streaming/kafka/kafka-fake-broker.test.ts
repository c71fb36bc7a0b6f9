// The Kafka reader and writer against the in-process broker of kafka-fake-broker.test-kit.ts: the
// real client end to end on loopback.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarchError } from '../../engine/errors.js';
import { FakeBroker } from './kafka-fake-broker.test-kit.js';
import { kafkaSinkConfig, kafkaSourceConfig } from './kafka-options.js';
import type { KafkaPosition } from './kafka-position.js';
import { KafkaSinkWriter } from './kafka-sink.js';
import { KafkaSourceReader } from './kafka-source.js';

describe('Kafka reader and writer against a fake broker', () => {
  const broker = new FakeBroker();
  let brokers = '';
  beforeAll(async () => {
    await broker.start();
    brokers = `127.0.0.1:${broker.port}`;
  });
  afterAll(async () => {
    await broker.stop();
  });

  function reader(topic: string, start: 'earliest' | 'latest' = 'earliest'): KafkaSourceReader {
    return new KafkaSourceReader(kafkaSourceConfig('clicks', { brokers, topic, start }), {
      metadataMaxAgeMs: 0,
    });
  }

  it('writes rows with the sink and reads them back from a stored position', async () => {
    broker.createTopic('rt', 3);
    const source = reader('rt');
    const sink = new KafkaSinkWriter(kafkaSinkConfig('out', { brokers, topic: 'rt', key: 'id' }));
    try {
      const first = await source.read(null, 10, 0);
      expect(first).toEqual({ events: [], position: { '0': 0, '1': 0, '2': 0 } });
      const start = first.position;
      const rows = Array.from({ length: 20 }, (_, i) => ({ id: i, name: `n${i}`, big: i % 2 === 0 }));
      await sink.send(rows);
      expect(await source.lag(start)).toBe(20);

      const a = await source.read(start, 7, 1_000);
      expect(a.events).toHaveLength(7);
      const again = await source.read(start, 7, 1_000);
      expect(again.events.map((e) => [e.origin, e.text])).toEqual(a.events.map((e) => [e.origin, e.text]));
      expect(again.position).toEqual(a.position);

      const events = [...a.events];
      let position: KafkaPosition = a.position;
      for (let i = 0; i < 10 && events.length < 20; i++) {
        const b = await source.read(position, 7, 1_000);
        events.push(...b.events);
        position = b.position;
      }
      expect(events).toHaveLength(20);
      const back = events.map((e) => JSON.parse(e.text) as { id: number }).sort((x, y) => x.id - y.id);
      expect(back).toEqual(rows);
      for (const e of events) expect(e.key).toBe(String((JSON.parse(e.text) as { id: number }).id));
      expect(new Set(events.map((e) => e.origin)).size).toBe(20);
      expect(Object.values(position).reduce((x, y) => x + y, 0)).toBe(20);

      const started = Date.now();
      const after = await source.read(position, 100, 300);
      expect(after).toEqual({ events: [], position });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(await source.lag(position)).toBe(0);
    } finally {
      await source.close();
      await sink.close();
    }
  });

  it('spreads rows without keys over the partitions, and keeps each key in one partition', async () => {
    broker.createTopic('spread', 3);
    const keyed = new KafkaSinkWriter(kafkaSinkConfig('k', { brokers, topic: 'spread', key: 'user' }));
    const plain = new KafkaSinkWriter(kafkaSinkConfig('p', { brokers, topic: 'spread' }));
    try {
      await plain.send(Array.from({ length: 9 }, (_, i) => ({ i })));
      const counts = broker.topics.get('spread')!.partitions.map((p) => p.records.length);
      expect(counts).toEqual([3, 3, 3]);
      await keyed.send(Array.from({ length: 12 }, (_, i) => ({ user: `u${i % 4}`, i })));
      await keyed.send([{ user: null, i: 99 }]);
      const where = new Map<string, Set<number>>();
      broker.topics.get('spread')!.partitions.forEach((p, index) => {
        for (const r of p.records) {
          if (r.key === null) continue;
          const key = r.key.toString();
          where.set(key, (where.get(key) ?? new Set()).add(index));
        }
      });
      expect([...where.keys()].sort()).toEqual(['u0', 'u1', 'u2', 'u3']);
      for (const partitions of where.values()) expect(partitions.size).toBe(1);
      const values = broker.topics
        .get('spread')!
        .partitions.flatMap((p) => p.records.map((r) => r.value!.toString()));
      expect(values).toContain('{"user":null,"i":99}');
    } finally {
      await keyed.close();
      await plain.close();
    }
  });

  it('waits for the first message up to waitMs and returns it when it comes', async () => {
    broker.createTopic('wait', 1);
    const source = reader('wait');
    try {
      setTimeout(() => broker.append('wait', 0, ['late']), 300);
      const started = Date.now();
      const { events, position } = await source.read({ '0': 0 }, 10, 5_000);
      expect(events.map((e) => e.text)).toEqual(['late']);
      expect(position).toEqual({ '0': 1 });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await source.close();
    }
  });

  it("pins START 'latest' to where reading began", async () => {
    broker.createTopic('latest', 2);
    broker.append('latest', 0, ['old1', 'old2']);
    broker.append('latest', 1, ['old3']);
    const source = reader('latest', 'latest');
    try {
      expect(await source.lag(null)).toBe(0);
      const first = await source.read(null, 10, 0);
      expect(first).toEqual({ events: [], position: { '0': 2, '1': 1 } });
      broker.append('latest', 1, ['new']);
      const next = await source.read(first.position, 10, 0);
      expect(next.events.map((e) => [e.text, e.origin])).toEqual([['new', 'latest[1]@1']]);
      expect(next.position).toEqual({ '0': 2, '1': 2 });
    } finally {
      await source.close();
    }
  });

  it('skips what retention removed, and starts added partitions by START', async () => {
    broker.createTopic('ret', 1);
    broker.append('ret', 0, ['a', 'b', 'c', 'd', 'e']);
    broker.truncate('ret', 0, 3);
    const source = reader('ret');
    try {
      expect(await source.lag({ '0': 1 })).toBe(2);
      const { events, position } = await source.read({ '0': 1 }, 10, 0);
      expect(events.map((e) => e.text)).toEqual(['d', 'e']);
      expect(position).toEqual({ '0': 5 });
      broker.topics.get('ret')!.partitions.push({ records: [], logStart: 0, next: 0 });
      broker.append('ret', 1, ['new partition']);
      const next = await source.read(position, 10, 0);
      expect(next.events.map((e) => e.origin)).toEqual(['ret[1]@0']);
      expect(next.position).toEqual({ '0': 5, '1': 1 });
    } finally {
      await source.close();
    }
  });

  it('drops the records of a batch before the position', async () => {
    broker.createTopic('mid', 1);
    broker.append('mid', 0, ['0', '1', '2', '3', '4']);
    const source = reader('mid');
    try {
      const { events, position } = await source.read({ '0': 1 }, 2, 0);
      expect(events.map((e) => e.text)).toEqual(['1', '2']);
      expect(position).toEqual({ '0': 3 });
    } finally {
      await source.close();
    }
  });

  it('hands on null values and invalid UTF-8 as events', async () => {
    broker.createTopic('bad', 1);
    broker.append('bad', 0, [null, '{"ok":1}']);
    broker.topics.get('bad')!.partitions[0]!.records.push({
      offset: broker.topics.get('bad')!.partitions[0]!.next++,
      timestamp: 5n,
      key: null,
      value: Buffer.from([0x7b, 0xff, 0x7d]),
    });
    const source = reader('bad');
    try {
      const { events } = await source.read(null, 10, 0);
      expect(events.map((e) => [e.text, e.malformed, e.origin])).toEqual([
        ['', 'null value', 'bad[0]@0'],
        ['{"ok":1}', null, 'bad[0]@1'],
        ['{\uFFFD}', 'invalid UTF-8', 'bad[0]@2'],
      ]);
    } finally {
      await source.close();
    }
  });

  it('reports a missing topic, for sources and sinks', async () => {
    const source = reader('nope');
    const sink = new KafkaSinkWriter(kafkaSinkConfig('out', { brokers, topic: 'nope' }));
    try {
      const e = await source.read(null, 1, 0).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LarchError);
      expect((e as LarchError).code).toBe('42704');
      expect((e as LarchError).message).toBe('source "clicks": Kafka topic "nope" does not exist');
      const s = await sink.send([{ a: 1 }]).catch((x: unknown) => x);
      expect(s).toBeInstanceOf(LarchError);
      expect((s as LarchError).message).toBe('sink "out": Kafka topic "nope" does not exist');
    } finally {
      await source.close();
      await sink.close();
    }
  });

  it('refuses a position past the end of the log', async () => {
    broker.createTopic('short', 1);
    broker.append('short', 0, ['a']);
    const source = reader('short');
    try {
      const e = await source.read({ '0': 10 }, 1, 500).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LarchError);
      expect((e as LarchError).code).toBe('55000');
      expect((e as LarchError).message).toBe(
        'source "clicks": position 10 of partition 0 is past the end of topic "short" (offset 1)',
      );
    } finally {
      await source.close();
    }
  });
});
