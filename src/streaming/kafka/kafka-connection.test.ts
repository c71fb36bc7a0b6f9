// Tests of Kafka failures without a broker: a closed local port and a port that accepts but never
// answers must fail fast with an error naming the source or sink, never hang, never leave an
// unhandled rejection; rows the sink cannot write fail before anything is sent.

import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LarchError } from '../../engine/errors.js';
import { withDeadline } from './kafka-client.js';
import { kafkaSinkConfig, kafkaSourceConfig } from './kafka-options.js';
import { KafkaSinkWriter, keyText } from './kafka-sink.js';
import { KafkaSourceReader } from './kafka-source.js';

async function failure(run: () => Promise<unknown>): Promise<{ error: LarchError; ms: number }> {
  const started = Date.now();
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(LarchError);
    return { error: e as LarchError, ms: Date.now() - started };
  }
  throw new Error('expected an error');
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  // Late timers of the client (retries, deadlines) would report here.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(unhandled).toEqual([]);
});

describe('brokers that cannot be reached', () => {
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
  });

  it('fails a source read fast with a clear error', async () => {
    const reader = new KafkaSourceReader(
      kafkaSourceConfig('clicks', { brokers: `127.0.0.1:${port}`, topic: 'clicks' }),
    );
    try {
      const { error, ms } = await failure(() => reader.read(null, 100, 30_000));
      expect(error.code).toBe('08001');
      expect(error.message).toBe(
        `source "clicks": cannot reach Kafka brokers 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
      expect(ms).toBeLessThan(5_000);
      const lag = await failure(() => reader.lag({ '0': 1 }));
      expect(lag.error.code).toBe('08001');
      expect(lag.error.message).toMatch(/^source "clicks": cannot reach Kafka brokers/);
    } finally {
      await reader.close();
    }
  });

  it('names every broker tried', async () => {
    const other = await closedPort();
    const reader = new KafkaSourceReader(
      kafkaSourceConfig('clicks', { brokers: `127.0.0.1:${port},localhost:${other}`, topic: 'clicks' }),
    );
    try {
      const { error } = await failure(() => reader.read({ '0': 5 }, 10, 0));
      expect(error.message).toContain(`cannot reach Kafka brokers 127.0.0.1:${port},localhost:${other}: `);
      expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    } finally {
      await reader.close();
    }
  });

  it('fails a sink send fast with a clear error', async () => {
    const writer = new KafkaSinkWriter(
      kafkaSinkConfig('totals', { brokers: `127.0.0.1:${port}`, topic: 'totals' }),
    );
    try {
      const { error, ms } = await failure(() => writer.send([{ id: 1, total: 2.5 }]));
      expect(error.code).toBe('08001');
      expect(error.message).toBe(
        `sink "totals": cannot reach Kafka brokers 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
      expect(ms).toBeLessThan(5_000);
    } finally {
      await writer.close();
    }
  });
});

describe('a broker that never answers', () => {
  let server: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const timeouts = { connectTimeoutMs: 300, requestTimeoutMs: 600, retries: 1, retryDelayMs: 50 };

  it('times the source out instead of hanging', async () => {
    const reader = new KafkaSourceReader(
      kafkaSourceConfig('clicks', { brokers: `127.0.0.1:${port}`, topic: 'clicks' }),
      timeouts,
    );
    try {
      const { error, ms } = await failure(() => reader.read(null, 10, 60_000));
      expect(error.code).toMatch(/^08/);
      expect(error.message).toMatch(
        new RegExp(`^source "clicks": (cannot reach|Kafka brokers) .*127\\.0\\.0\\.1:${port}`),
      );
      expect(ms).toBeLessThan(5_000);
    } finally {
      await reader.close();
    }
  });

  it('times the sink out instead of hanging', async () => {
    const writer = new KafkaSinkWriter(
      kafkaSinkConfig('totals', { brokers: `127.0.0.1:${port}`, topic: 't' }),
      timeouts,
    );
    try {
      const { error, ms } = await failure(() => writer.send([{ a: 1 }]));
      expect(error.code).toMatch(/^08/);
      expect(error.message).toMatch(/^sink "totals": /);
      expect(ms).toBeLessThan(5_000);
    } finally {
      await writer.close();
    }
  });
});

describe('closed readers and writers, bad arguments', () => {
  const brokers = '127.0.0.1:1';

  it('refuses to read after close', async () => {
    const reader = new KafkaSourceReader(kafkaSourceConfig('clicks', { brokers, topic: 't' }));
    await reader.close();
    const { error } = await failure(() => reader.read(null, 1, 0));
    expect(error.code).toBe('08003');
    expect(error.message).toBe('source "clicks": the Kafka reader is closed');
  });

  it('refuses to send after close', async () => {
    const writer = new KafkaSinkWriter(kafkaSinkConfig('out', { brokers, topic: 't' }));
    await writer.close();
    const { error } = await failure(() => writer.send([{ a: 1 }]));
    expect(error.code).toBe('08003');
    expect(error.message).toBe('sink "out": the Kafka writer is closed');
  });

  it('checks the batch size', async () => {
    const reader = new KafkaSourceReader(kafkaSourceConfig('clicks', { brokers, topic: 't' }));
    try {
      for (const max of [0, -1, 1.5, Number.NaN]) {
        const { error } = await failure(() => reader.read(null, max, 0));
        expect(error.code).toBe('22023');
        expect(error.message).toBe('source "clicks": batch size must be a positive integer');
      }
    } finally {
      await reader.close();
    }
  });

  it('checks the key column before sending anything', async () => {
    const writer = new KafkaSinkWriter(kafkaSinkConfig('out', { brokers, topic: 't', key: 'user_id' }));
    try {
      const { error } = await failure(() => writer.send([{ user_id: 1 }, { id: 2 }]));
      expect(error.code).toBe('42703');
      expect(error.message).toBe('sink "out": KEY column "user_id" is not in the rows');
      await expect(writer.send([])).resolves.toBeUndefined();
    } finally {
      await writer.close();
    }
  });

  it('writes keys as text', () => {
    expect(keyText('abc')).toBe('abc');
    expect(keyText(42)).toBe('42');
    expect(keyText(12345678901234567890n)).toBe('12345678901234567890');
    expect(keyText(true)).toBe('true');
    expect(keyText(null)).toBeNull();
    expect(keyText(undefined)).toBeNull();
    expect(keyText({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });
});

describe('withDeadline', () => {
  it('fails a call that never settles, and ignores its late rejection', async () => {
    const started = Date.now();
    await expect(withDeadline(new Promise(() => {}), 50, () => new Error('too slow'))).rejects.toThrow(
      'too slow',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 20));
    await expect(withDeadline(late, 5, () => new Error('first'))).rejects.toThrow('first');
    await new Promise((resolve) => setTimeout(resolve, 40));
  });

  it('passes results and errors through', async () => {
    await expect(withDeadline(Promise.resolve(7), 1_000, () => new Error('x'))).resolves.toBe(7);
    await expect(
      withDeadline(Promise.reject(new Error('boom')), 1_000, () => new Error('x')),
    ).rejects.toThrow('boom');
  });
});
