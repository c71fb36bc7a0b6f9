// Failures of the Kafka client as LarchErrors that name the source or sink: unreachable brokers
// (08xxx), missing topics, refused permissions, other broker errors; the library's nested
// errors are flattened into one reason.

import { LarchError, SqlState, toLarchError } from '../../engine/errors.js';

/** Who talks to Kafka, for error messages. */
export interface KafkaParty {
  readonly kind: 'source' | 'sink';
  readonly name: string;
  readonly brokers: readonly string[];
  readonly topic: string;
}

/** SQLSTATEs of PostgreSQL's connection_exception class used here. */
export const KafkaSqlState = {
  /** sqlclient_unable_to_establish_sqlconnection: no broker could be reached. */
  unableToConnect: '08001',
  /** connection_does_not_exist: the reader or writer was closed. */
  connectionDoesNotExist: '08003',
  /** connection_failure: a broker stopped answering after connecting. */
  connectionFailure: '08006',
  /** system_error: an error the brokers reported. */
  systemError: '58000',
} as const;

export function partyLabel(party: KafkaParty): string {
  return `${party.kind} "${party.name}"`;
}

interface Walked {
  /** Every error in the tree: aggregates, their members and causes. */
  readonly all: Error[];
  /** Messages of the innermost errors, each once. */
  readonly reasons: string[];
}

function walk(e: unknown): Walked {
  const all: Error[] = [];
  const reasons: string[] = [];
  const seen = new Set<unknown>();
  const visit = (x: unknown, depth: number): void => {
    if (!(x instanceof Error) || seen.has(x) || depth > 20) return;
    seen.add(x);
    all.push(x);
    const members = x instanceof AggregateError ? (x.errors as unknown[]) : [];
    const cause = x.cause;
    if (members.length > 0) {
      for (const m of members) visit(m, depth + 1);
    } else if (cause instanceof Error) {
      visit(cause, depth + 1);
    } else {
      const message = x.message.trim() || x.name;
      if (!reasons.includes(message)) reasons.push(message);
    }
  };
  visit(e, 0);
  if (reasons.length === 0) reasons.push(e instanceof Error ? e.message : String(e));
  return { all, reasons };
}

function field(e: Error, name: string): unknown {
  return (e as unknown as Record<string, unknown>)[name];
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

function reasonText(reasons: readonly string[]): string {
  const text = reasons.join('; ');
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

export function topicMissing(party: KafkaParty, cause?: unknown): LarchError {
  return new LarchError(
    SqlState.undefinedObject,
    `${partyLabel(party)}: Kafka topic "${party.topic}" does not exist`,
    {
      cause,
      hint: 'Create the topic, or check the TOPIC and BROKERS options.',
    },
  );
}

/** The failure as a LarchError naming the source or sink (LarchErrors pass unchanged). */
export function kafkaError(party: KafkaParty, e: unknown): LarchError {
  if (e instanceof LarchError) return e;
  const { all, reasons } = walk(e);
  const who = partyLabel(party);
  const reason = reasonText(reasons);
  const apiIds = all.map((x) => field(x, 'apiId')).filter((id): id is string => typeof id === 'string');
  const codes = all.map((x) => field(x, 'code'));
  const options = { cause: e };

  if (
    apiIds.some((id) => id === 'UNKNOWN_TOPIC_OR_PARTITION' || id === 'UNKNOWN_TOPIC_ID') ||
    reasons.some((r) => r.startsWith('Unknown topic '))
  ) {
    return topicMissing(party, e);
  }
  if (apiIds.some((id) => id.endsWith('_AUTHORIZATION_FAILED'))) {
    return new LarchError(
      SqlState.insufficientPrivilege,
      `${who}: not authorized by Kafka for topic "${party.topic}": ${reason}`,
      options,
    );
  }
  if (codes.includes('PLT_KFK_AUTHENTICATION') || apiIds.includes('SASL_AUTHENTICATION_FAILED')) {
    return new LarchError(
      SqlState.invalidAuthorizationSpecification,
      `${who}: Kafka brokers ${party.brokers.join(',')} refused authentication: ${reason}`,
      options,
    );
  }
  if (all.some((x) => field(x, 'closed') === true) || reasons.some((r) => /client is closed/i.test(r))) {
    return new LarchError(
      KafkaSqlState.connectionDoesNotExist,
      `${who}: the Kafka connection is closed`,
      options,
    );
  }
  const network = all.some(
    (x) =>
      field(x, 'code') === 'PLT_KFK_NETWORK' ||
      field(x, 'code') === 'PLT_KFK_TIMEOUT' ||
      x.constructor.name === 'TimeoutError' ||
      NETWORK_CODES.has(String(field(x, 'code'))),
  );
  if (network) {
    const connecting = reasons.some((r) =>
      /connect|getaddrinfo|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/i.test(r),
    );
    return new LarchError(
      connecting ? KafkaSqlState.unableToConnect : KafkaSqlState.connectionFailure,
      `${who}: cannot reach Kafka brokers ${party.brokers.join(',')}: ${reason}`,
      options,
    );
  }
  if (codes.some((c) => typeof c === 'string' && c.startsWith('PLT_KFK_'))) {
    return new LarchError(KafkaSqlState.systemError, `${who}: Kafka error: ${reason}`, options);
  }
  const internal = toLarchError(e);
  return new LarchError(internal.code, `${who}: ${internal.message}`, options);
}
