// Tests of the KAFKA options of sources and sinks: defaults, normalization and every error.

import { describe, expect, it } from 'vitest';
import { LarchError } from '../../engine/errors.js';
import { kafkaSinkConfig, kafkaSourceConfig, parseBroker } from './kafka-options.js';

function error(run: () => unknown): LarchError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(LarchError);
    return e as LarchError;
  }
  throw new Error('expected an error');
}

describe('kafkaSourceConfig', () => {
  it('fills in defaults', () => {
    expect(kafkaSourceConfig('clicks', { brokers: 'localhost:9092', topic: 'clicks' })).toEqual({
      brokers: ['localhost:9092'],
      topic: 'clicks',
      format: 'json',
      groupId: 'larch-clicks',
      start: 'latest',
      clientId: 'larch',
      name: 'clicks',
    });
  });

  it('takes every option, values case-insensitive where they are keywords', () => {
    const config = kafkaSourceConfig('clicks', {
      brokers: ' kafka-1.example.com:9092 , 10.0.0.7:9093,[::1]:9094 ',
      topic: 'web.clicks_v2-x',
      format: 'CSV',
      group_id: 'my-group',
      start: 'Earliest',
      client_id: 'larch-prod',
    });
    expect(config).toMatchObject({
      brokers: ['kafka-1.example.com:9092', '10.0.0.7:9093', '[::1]:9094'],
      topic: 'web.clicks_v2-x',
      format: 'csv',
      groupId: 'my-group',
      start: 'earliest',
      clientId: 'larch-prod',
    });
    expect(kafkaSourceConfig('s', { brokers: 'h:1', topic: 't', format: 'text' }).format).toBe('text');
  });

  it('accepts upper-case option names and drops repeated brokers', () => {
    const config = kafkaSourceConfig('s', { BROKERS: 'h:1,h:1', TOPIC: 't' });
    expect(config.brokers).toEqual(['h:1']);
  });

  it('requires BROKERS and TOPIC', () => {
    const e = error(() => kafkaSourceConfig('clicks', { brokers: 'localhost:9092' }));
    expect(e.message).toBe('source "clicks": KAFKA option TOPIC is required');
    expect(e.code).toBe('42601');
    expect(error(() => kafkaSourceConfig('clicks', { topic: 't' })).message).toBe(
      'source "clicks": KAFKA option BROKERS is required',
    );
  });

  it('rejects unknown and repeated options', () => {
    const e = error(() => kafkaSourceConfig('clicks', { brokers: 'h:1', topic: 't', key: 'id' }));
    expect(e.message).toBe('source "clicks": unknown KAFKA option KEY');
    expect(e.code).toBe('42601');
    expect(e.hint).toContain('BROKERS, TOPIC, FORMAT, GROUP_ID, START, CLIENT_ID');
    expect(error(() => kafkaSourceConfig('c', { brokers: 'h:1', topic: 't', TOPIC: 'u' })).message).toBe(
      'source "c": KAFKA option TOPIC is given more than once',
    );
  });

  it('rejects values of the wrong type', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ brokers: 9092, topic: 't' }, 'KAFKA option BROKERS must be a string, not number 9092'],
      [{ brokers: 'h:1', topic: true }, 'KAFKA option TOPIC must be a string, not boolean true'],
      [{ brokers: 'h:1', topic: 't', format: 1 }, 'KAFKA option FORMAT must be a string, not number 1'],
      [{ brokers: 'h:1', topic: 't', group_id: 7 }, 'KAFKA option GROUP_ID must be a string, not number 7'],
      [
        { brokers: 'h:1', topic: 't', start: false },
        'KAFKA option START must be a string, not boolean false',
      ],
      [{ brokers: 'h:1', topic: 't', client_id: null }, 'KAFKA option CLIENT_ID must be a string, not null'],
    ];
    for (const [options, message] of cases) {
      const e = error(() => kafkaSourceConfig('clicks', options));
      expect(e.message).toBe(`source "clicks": ${message}`);
      expect(e.code).toBe('22023');
    }
  });

  it('rejects bad values', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ brokers: 'h:1', topic: '' }, 'KAFKA option TOPIC must not be empty'],
      [{ brokers: 'h:1', topic: '   ' }, 'KAFKA option TOPIC must not be empty'],
      [{ brokers: 'h:1', topic: 'a b' }, "KAFKA option TOPIC is not a valid Kafka topic name: 'a b'"],
      [{ brokers: 'h:1', topic: '..' }, "KAFKA option TOPIC is not a valid Kafka topic name: '..'"],
      [{ brokers: 'h:1', topic: 'x'.repeat(250) }, 'KAFKA option TOPIC is not a valid Kafka topic name'],
      [
        { brokers: 'h:1', topic: 't', format: 'avro' },
        "KAFKA option FORMAT must be 'json' or 'csv' or 'text', not 'avro'",
      ],
      [
        { brokers: 'h:1', topic: 't', start: 'beginning' },
        "KAFKA option START must be 'earliest' or 'latest', not 'beginning'",
      ],
      [
        { brokers: 'h:1', topic: 't', group_id: 'a b' },
        "KAFKA option GROUP_ID must not contain blanks: 'a b'",
      ],
      [{ brokers: 'h:1', topic: 't', client_id: '' }, 'KAFKA option CLIENT_ID must not be empty'],
    ];
    for (const [options, message] of cases) {
      const e = error(() => kafkaSourceConfig('clicks', options));
      expect(e.message.startsWith(`source "clicks": ${message}`), e.message).toBe(true);
      expect(e.code).toBe('22023');
    }
  });

  it('rejects broker lists that are not host:port', () => {
    for (const [brokers, message] of [
      ['', 'must not be empty'],
      ['localhost', "has an invalid broker address 'localhost'"],
      ['localhost:', "has an invalid broker address 'localhost:'"],
      [':9092', "has an invalid broker address ':9092'"],
      ['localhost:0', "has an invalid broker address 'localhost:0'"],
      ['localhost:65536', "has an invalid broker address 'localhost:65536'"],
      ['localhost:90x2', "has an invalid broker address 'localhost:90x2'"],
      ['h:1,,h:2', "has an empty entry in 'h:1,,h:2'"],
      ['h:1, ', "has an empty entry in 'h:1,'"],
      ['http://h:1', "has an invalid broker address 'http://h:1'"],
      ['::1:9092', "has an invalid broker address '::1:9092'"],
      ['bad_host-:1', "has an invalid broker address 'bad_host-:1'"],
    ]) {
      const e = error(() => kafkaSourceConfig('clicks', { brokers, topic: 't' }));
      expect(e.message).toBe(`source "clicks": KAFKA option BROKERS ${message}`);
      expect(e.code).toBe('22023');
    }
  });
});

describe('parseBroker', () => {
  it('splits host and port, IPv6 literals in brackets', () => {
    expect(parseBroker('localhost:9092')).toEqual({ host: 'localhost', port: 9092 });
    expect(parseBroker('[::1]:9092')).toEqual({ host: '::1', port: 9092 });
    expect(parseBroker('10.1.2.3:1')).toEqual({ host: '10.1.2.3', port: 1 });
    expect(parseBroker('localhost')).toBeNull();
  });
});

describe('kafkaSinkConfig', () => {
  it('fills in defaults', () => {
    expect(kafkaSinkConfig('out', { brokers: 'h:9092', topic: 'totals' })).toEqual({
      brokers: ['h:9092'],
      topic: 'totals',
      format: 'json',
      keyColumn: null,
      clientId: 'larch',
      name: 'out',
    });
  });

  it('takes KEY as written and FORMAT json', () => {
    const config = kafkaSinkConfig('out', { brokers: 'h:9092', topic: 't', format: 'JSON', key: 'User Id' });
    expect(config.keyColumn).toBe('User Id');
    expect(config.format).toBe('json');
  });

  it('reports every error with the sink name', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ topic: 't' }, 'KAFKA option BROKERS is required', '42601'],
      [{ brokers: 'h:1' }, 'KAFKA option TOPIC is required', '42601'],
      [{ brokers: 'h:1', topic: 't', start: 'earliest' }, 'unknown KAFKA option START', '42601'],
      [{ brokers: 'h:1', topic: 't', group_id: 'g' }, 'unknown KAFKA option GROUP_ID', '42601'],
      [
        { brokers: 'h:1', topic: 't', format: 'csv' },
        "KAFKA option FORMAT must be 'json', not 'csv'",
        '22023',
      ],
      [{ brokers: 'h:1', topic: 't', key: '' }, 'KAFKA option KEY must not be empty', '22023'],
      [{ brokers: 'h:1', topic: 't', key: 3 }, 'KAFKA option KEY must be a string, not number 3', '22023'],
      [{ brokers: 'nope', topic: 't' }, "KAFKA option BROKERS has an invalid broker address 'nope'", '22023'],
      [
        { brokers: 'h:1', topic: 'a/b' },
        "KAFKA option TOPIC is not a valid Kafka topic name: 'a/b'",
        '22023',
      ],
    ];
    for (const [options, message, code] of cases) {
      const e = error(() => kafkaSinkConfig('out', options));
      expect(e.message).toBe(`sink "out": ${message}`);
      expect(e.code).toBe(code);
    }
  });
});
