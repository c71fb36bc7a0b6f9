// Kafka messages as events: UTF-8 text of the value, where it came from; never throws, so that a
// message that cannot be decoded still reaches the caller (and its dead-letter table).

/** One message of a source's topic, as text. */
export interface RawEvent {
  /** The value as UTF-8 text: '' for a null value, the lossy decoding (U+FFFD) of invalid bytes. */
  readonly text: string;
  /** topic[partition]@offset, e.g. "clicks[2]@1045": names the message in dead-letter rows. */
  readonly origin: string;
  /** Why the value is not usable text ('null value', 'invalid UTF-8'); null when it is. */
  readonly malformed: string | null;
  /** The key as text (lossy), null when the message has none. */
  readonly key: string | null;
  /** The message's timestamp, milliseconds since the epoch. */
  readonly timestamp: number;
  readonly partition: number;
  readonly offset: number;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** The bytes as text; `malformed` says why they are not valid text. */
export function decodeText(bytes: Uint8Array | null | undefined): { text: string; malformed: string | null } {
  if (bytes === null || bytes === undefined) return { text: '', malformed: 'null value' };
  try {
    return { text: strict.decode(bytes), malformed: null };
  } catch {
    return { text: lossy.decode(bytes), malformed: 'invalid UTF-8' };
  }
}

/** topic[partition]@offset */
export function messageOrigin(topic: string, partition: number, offset: number): string {
  return `${topic}[${partition}]@${offset}`;
}

/** A fetched record as an event. */
export function toRawEvent(
  topic: string,
  partition: number,
  offset: number,
  timestamp: number,
  key: Uint8Array | null | undefined,
  value: Uint8Array | null | undefined,
): RawEvent {
  const { text, malformed } = decodeText(value);
  return {
    text,
    origin: messageOrigin(topic, partition, offset),
    malformed,
    key: key === null || key === undefined ? null : lossy.decode(key),
    timestamp,
    partition,
    offset,
  };
}
