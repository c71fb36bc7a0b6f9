// The options of CREATE SOURCE ... FROM KAFKA (...) and CREATE SINK ... INTO KAFKA (...): checked
// and turned into configurations, with errors that name the source or sink and the option.

import { LarchError, SqlState } from '../../engine/errors.js';

export interface KafkaSourceConfig {
  /** Bootstrap brokers as 'host:port' ('[v6 address]:port' for IPv6 literals). */
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly format: 'json' | 'csv' | 'text';
  /** Only names the client to the brokers: positions are kept by Larch, not committed to the group. */
  readonly groupId: string;
  /** Where a partition without a stored position starts. */
  readonly start: 'earliest' | 'latest';
  readonly clientId: string;
  /** The source's name, for error messages (the topic's when missing). */
  readonly name?: string;
}

export interface KafkaSinkConfig {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly format: 'json';
  /** Column whose value, as text, is each message's key; null: messages without keys. */
  readonly keyColumn: string | null;
  readonly clientId: string;
  /** The sink's name, for error messages (the topic's when missing). */
  readonly name?: string;
}

/** Defaults of the options that may be left out. */
export const KAFKA_DEFAULTS = {
  format: 'json',
  start: 'latest',
  clientId: 'larch',
  /** GROUP_ID is `larch-<source name>` unless given. */
  groupIdPrefix: 'larch-',
} as const;

const SOURCE_OPTIONS = ['brokers', 'topic', 'format', 'group_id', 'start', 'client_id'] as const;
const SINK_OPTIONS = ['brokers', 'topic', 'format', 'key'] as const;

type Owner = { readonly kind: 'source' | 'sink'; readonly name: string };

function label(owner: Owner): string {
  return `${owner.kind} "${owner.name}"`;
}

function invalid(owner: Owner, option: string, message: string, hint?: string): LarchError {
  return new LarchError(
    SqlState.invalidParameterValue,
    `${label(owner)}: KAFKA option ${option.toUpperCase()} ${message}`,
    hint === undefined ? {} : { hint },
  );
}

/** The options by lowercased name; unknown and repeated names are errors. */
function collect(
  owner: Owner,
  options: Readonly<Record<string, unknown>>,
  known: readonly string[],
): Map<string, unknown> {
  const given = new Map<string, unknown>();
  for (const [key, value] of Object.entries(options)) {
    const name = key.toLowerCase();
    if (!known.includes(name)) {
      throw new LarchError(
        SqlState.syntaxError,
        `${label(owner)}: unknown KAFKA option ${key.toUpperCase()}`,
        {
          hint: `Valid options are ${known.map((k) => k.toUpperCase()).join(', ')}.`,
        },
      );
    }
    if (given.has(name)) {
      throw new LarchError(
        SqlState.syntaxError,
        `${label(owner)}: KAFKA option ${name.toUpperCase()} is given more than once`,
      );
    }
    if (value !== undefined) given.set(name, value);
  }
  return given;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

function required(owner: Owner, given: Map<string, unknown>, option: string): unknown {
  const value = given.get(option);
  if (value === undefined) {
    throw new LarchError(
      SqlState.syntaxError,
      `${label(owner)}: KAFKA option ${option.toUpperCase()} is required`,
    );
  }
  return value;
}

/** A non-empty string without surrounding blanks (they are trimmed). */
function text(owner: Owner, option: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(owner, option, `must be a string, not ${describe(value)}`);
  const trimmed = value.trim();
  if (trimmed === '') throw invalid(owner, option, 'must not be empty');
  return trimmed;
}

function oneOf<T extends string>(owner: Owner, option: string, value: unknown, allowed: readonly T[]): T {
  const t = text(owner, option, value).toLowerCase();
  const found = allowed.find((a) => a === t);
  if (found === undefined) {
    throw invalid(
      owner,
      option,
      `must be ${allowed.map((a) => `'${a}'`).join(' or ')}, not ${describe(value)}`,
    );
  }
  return found;
}

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9._-]+)?\]$/;

/** One broker address, 'host:port' or '[v6]:port'; null when it is not one. */
export function parseBroker(address: string): { host: string; port: number } | null {
  const colon = address.lastIndexOf(':');
  if (colon <= 0) return null;
  const host = address.slice(0, colon);
  const portText = address.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port < 1 || port > 65535) return null;
  if (IPV6.test(host)) return { host: host.slice(1, -1), port };
  if (!HOST.test(host)) return null;
  return { host, port };
}

function brokers(owner: Owner, value: unknown): string[] {
  const list = text(owner, 'brokers', value);
  const out: string[] = [];
  for (const part of list.split(',')) {
    const address = part.trim();
    if (address === '') throw invalid(owner, 'brokers', `has an empty entry in '${list}'`);
    if (parseBroker(address) === null) {
      throw invalid(
        owner,
        'brokers',
        `has an invalid broker address '${address}'`,
        "Write brokers as a comma-separated list of host:port, e.g. 'kafka1:9092,kafka2:9092'.",
      );
    }
    if (!out.includes(address)) out.push(address);
  }
  return out;
}

/** Kafka's rule for topic names: 1 to 249 of [a-zA-Z0-9._-], and neither '.' nor '..'. */
function topic(owner: Owner, value: unknown): string {
  const name = text(owner, 'topic', value);
  if (name.length > 249 || !/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') {
    throw invalid(
      owner,
      'topic',
      `is not a valid Kafka topic name: ${describe(value)}`,
      'Topic names are 1 to 249 letters, digits, dots, underscores and hyphens.',
    );
  }
  return name;
}

/** Client and group ids travel in every request; Kafka allows any text but blanks confuse tools. */
function identifier(owner: Owner, option: string, value: unknown): string {
  const id = text(owner, option, value);
  if (/\s/.test(id)) throw invalid(owner, option, `must not contain blanks: ${describe(value)}`);
  if (id.length > 255) throw invalid(owner, option, 'must be at most 255 characters');
  return id;
}

/** A column name, as written (not trimmed: quoted names may hold blanks). */
function column(owner: Owner, value: unknown): string {
  if (typeof value !== 'string') throw invalid(owner, 'key', `must be a string, not ${describe(value)}`);
  if (value === '') throw invalid(owner, 'key', 'must not be empty');
  return value;
}

/** Checks the options of CREATE SOURCE ... FROM KAFKA (BROKERS, TOPIC, FORMAT, GROUP_ID, START, CLIENT_ID). */
export function kafkaSourceConfig(
  sourceName: string,
  options: Readonly<Record<string, unknown>>,
): KafkaSourceConfig {
  const owner: Owner = { kind: 'source', name: sourceName };
  const given = collect(owner, options, SOURCE_OPTIONS);
  const format = given.get('format');
  const start = given.get('start');
  const groupId = given.get('group_id');
  const clientId = given.get('client_id');
  return {
    brokers: brokers(owner, required(owner, given, 'brokers')),
    topic: topic(owner, required(owner, given, 'topic')),
    format:
      format === undefined ? KAFKA_DEFAULTS.format : oneOf(owner, 'format', format, ['json', 'csv', 'text']),
    groupId:
      groupId === undefined
        ? `${KAFKA_DEFAULTS.groupIdPrefix}${sourceName}`
        : identifier(owner, 'group_id', groupId),
    start: start === undefined ? KAFKA_DEFAULTS.start : oneOf(owner, 'start', start, ['earliest', 'latest']),
    clientId: clientId === undefined ? KAFKA_DEFAULTS.clientId : identifier(owner, 'client_id', clientId),
    name: sourceName,
  };
}

/** Checks the options of CREATE SINK ... INTO KAFKA (BROKERS, TOPIC, FORMAT, KEY). */
export function kafkaSinkConfig(
  sinkName: string,
  options: Readonly<Record<string, unknown>>,
): KafkaSinkConfig {
  const owner: Owner = { kind: 'sink', name: sinkName };
  const given = collect(owner, options, SINK_OPTIONS);
  const format = given.get('format');
  const key = given.get('key');
  return {
    brokers: brokers(owner, required(owner, given, 'brokers')),
    topic: topic(owner, required(owner, given, 'topic')),
    format: format === undefined ? 'json' : oneOf(owner, 'format', format, ['json']),
    keyColumn: key === undefined ? null : column(owner, key),
    clientId: KAFKA_DEFAULTS.clientId,
    name: sinkName,
  };
}
