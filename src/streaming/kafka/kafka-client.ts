// What the Kafka reader and writer share: client options (brokers, bounded connect and request
// timeouts, few retries), a guard against stray connection errors, and a deadline on every call.

import type { BaseOptions, Broker, Connection } from '@platformatic/kafka';
import { parseBroker } from './kafka-options.js';

/** How long to wait for brokers and trust what they said; tests shorten them. */
export interface KafkaTimeouts {
  /** Opening a connection to one broker. */
  readonly connectTimeoutMs?: number;
  /** One request, once sent (a fetch's long poll is kept well below it). */
  readonly requestTimeoutMs?: number;
  /** Retries of a failed request (after the first try). */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /** How long the topic's partitions and leaders are trusted before they are asked again. */
  readonly metadataMaxAgeMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<KafkaTimeouts> = {
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  retries: 1,
  retryDelayMs: 250,
  metadataMaxAgeMs: 5_000,
};

export function resolveTimeouts(timeouts: KafkaTimeouts | undefined): Required<KafkaTimeouts> {
  return { ...DEFAULT_TIMEOUTS, ...timeouts };
}

/** Longest one client call may take before it is given up: every try timing out, plus slack. */
export function callDeadlineMs(t: Required<KafkaTimeouts>): number {
  return (t.connectTimeoutMs + t.requestTimeoutMs + t.retryDelayMs) * (t.retries + 1) + 1_000;
}

export function brokerList(brokers: readonly string[]): Broker[] {
  return brokers.map((address) => {
    const broker = parseBroker(address);
    if (broker === null) throw new Error(`invalid broker address '${address}'`);
    return broker;
  });
}

export function baseClientOptions(
  clientId: string,
  brokers: readonly string[],
  t: Required<KafkaTimeouts>,
): BaseOptions {
  return {
    clientId,
    bootstrapBrokers: brokerList(brokers),
    connectTimeout: t.connectTimeoutMs,
    requestTimeout: t.requestTimeoutMs,
    // What the broker may take for a produce with acks=all: less than the client waits for the answer.
    timeout: Math.max(1, Math.floor(t.requestTimeoutMs * 0.8)),
    retries: t.retries,
    retryDelay: t.retryDelayMs,
    metadataMaxAge: t.metadataMaxAgeMs,
    autocreateTopics: false,
  };
}

/**
 * Gives every connection of the client a listener for 'error': the library reports failures to
 * the calls waiting on a connection, and an 'error' event nobody listens to would end the process.
 */
export function guardConnections(client: {
  readonly connections: {
    on(event: 'connecting', listener: (p: { connection: Connection }) => void): unknown;
  };
}): void {
  client.connections.on('connecting', ({ connection }) => {
    connection.on('error', () => {});
  });
}

/**
 * `promise`, or `onTimeout()`'s error when it has not settled after `ms`: a stuck call fails
 * instead of hanging. A late rejection of `promise` is ignored.
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  promise.catch(() => {});
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a client within the call deadline. Errors are not reported: closing only drops connections,
 * and every send has been acknowledged or has failed already.
 */
export async function closeClient(
  client: { close(): Promise<unknown> } | null,
  timeouts: Required<KafkaTimeouts>,
): Promise<void> {
  if (client === null) return;
  try {
    await withDeadline(client.close(), callDeadlineMs(timeouts), () => new Error('close timed out'));
  } catch {
    // Nothing to report (see above).
  }
}
