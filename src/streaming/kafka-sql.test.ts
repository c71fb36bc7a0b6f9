// Kafka sources and sinks from SQL, against the in-process broker of the Kafka test kit (the real
// client on loopback; no broker can be installed here): JSON messages from two partitions scored
// into a table, malformed messages dead-lettered, offsets stored with the sink's progress, and a
// sink producing keyed JSON messages to a second topic.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../index.js';
import { eventually } from './stream.test-kit.js';
import { FakeBroker } from './kafka/kafka-fake-broker.test-kit.js';

let broker: FakeBroker;
let e: Engine;

beforeAll(async () => {
  broker = new FakeBroker();
  await broker.start();
  e = await Engine.open(undefined, { threads: 1 });
});

afterAll(async () => {
  await e.close();
  await broker.stop();
});

describe('Kafka from SQL', () => {
  it('scores JSON messages into a table and a topic, offsets kept with the output', async () => {
    broker.createTopic('reviews', 2);
    broker.createTopic('shouts', 1);
    const brokers = `127.0.0.1:${broker.port}`;
    await e.sql(`CREATE SOURCE review_topic FROM KAFKA (BROKERS '${brokers}', TOPIC 'reviews',
      START 'earliest', COLUMNS (id integer, review text))`);
    await e.sql(`CREATE SINK review_lengths INTO TABLE review_lengths
      AS SELECT id, length(review) AS n FROM review_topic`);
    await e.sql(`CREATE SINK review_shouts INTO KAFKA (BROKERS '${brokers}', TOPIC 'shouts', KEY 'id')
      AS SELECT id, upper(review) AS shout FROM review_topic`);
    broker.append('reviews', 0, ['{"id": 1, "review": "good"}', 'not json', null]);
    broker.append('reviews', 1, ['{"id": 2, "review": "so bad"}']);

    const lengths = await eventually(
      () => e.sql('SELECT * FROM review_lengths ORDER BY id'),
      (r) => r.rows.length >= 2,
    );
    expect(lengths.rows).toEqual([
      { id: 1, n: 4 },
      { id: 2, n: 6 },
    ]);
    const dead = await eventually(
      () => e.sql('SELECT origin, sqlstate, error FROM review_lengths_dead_letter ORDER BY origin'),
      (r) => r.rows.length >= 2,
    );
    expect(dead.rows.map((r) => [r['origin'], r['sqlstate']])).toEqual([
      ['reviews[0]@1', '22P02'],
      ['reviews[0]@2', '22P02'],
    ]);
    expect(dead.rows[1]!['error']).toBe('malformed message: null value');
    const positions = await e.sql(
      `SELECT positions FROM information_schema.sinks WHERE sink_name = 'review_lengths'`,
    );
    expect(positions.rows).toEqual([{ positions: { review_topic: { '0': 3, '1': 1 } } }]);

    const shouts = await eventually(
      async () => broker.topics.get('shouts')!.partitions[0]!.records,
      (r) => r.length >= 2,
    );
    expect(shouts.map((r) => [r.key?.toString(), r.value?.toString()]).sort()).toEqual([
      ['1', '{"id":1,"shout":"GOOD"}'],
      ['2', '{"id":2,"shout":"SO BAD"}'],
    ]);

    // A new message is read from the stored offsets: nothing is read twice.
    broker.append('reviews', 1, ['{"id": 3, "review": "fine"}']);
    const more = await eventually(
      () => e.sql('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM review_lengths'),
      (r) => Number(r.rows[0]!['n']) >= 3,
    );
    expect(more.rows).toEqual([{ n: 3, ids: 3 }]);
    const lag = await eventually(
      () => e.sql(`SELECT lag FROM information_schema.sinks WHERE sink_name = 'review_lengths'`),
      (r) => r.rows[0]!['lag'] === 0,
    );
    expect(lag.rows).toEqual([{ lag: 0 }]);
  });
});
