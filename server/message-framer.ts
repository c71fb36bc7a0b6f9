// Cuts the client's byte stream into messages. The first messages (startup, SSL/GSS requests,
// cancel) have no type byte; after startup every message is a type byte plus an int32 length.
// A length beyond the limit is refused before anything is allocated for it.

import { LarchError, SqlState } from '../src/index.js';

export interface RawMessage {
  /** The type byte as a character; '' for an untagged startup-phase message. */
  readonly type: string;
  readonly body: Buffer;
}

/** Type bytes of the frontend messages after startup: Q P B D E C S H X d c f p F. */
const FRONTEND_TYPES = new Set([...'QPBDECSHXdcfpF'].map((c) => c.charCodeAt(0)));

/** Startup packets are small; PostgreSQL refuses those over 10,000 bytes. */
const MAX_STARTUP_LENGTH = 10_000;

export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Whether messages still come untagged (before the StartupMessage). */
  startup = true;

  constructor(private readonly maxMessageBytes: number) {}

  /** Adds bytes and returns the messages they complete. */
  push(data: Buffer): RawMessage[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const out: RawMessage[] = [];
    for (;;) {
      const m = this.next();
      if (m === null) break;
      out.push(m);
      // After a StartupMessage the rest of the stream is tagged; SSL / GSS requests keep it untagged.
      if (m.type === '' && m.body.length >= 4 && m.body.readInt32BE(0) >>> 16 === 3) this.startup = false;
    }
    return out;
  }

  private peek(n: number): Buffer | null {
    if (this.buffered < n) return null;
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private consume(n: number): Buffer {
    const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const taken = head.subarray(0, n);
    const rest = head.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered -= n;
    return taken;
  }

  private next(): RawMessage | null {
    if (!this.startup && this.buffered > 0) {
      // Check the type byte before waiting for a body: garbage is refused at once, as PostgreSQL does.
      const type = this.peek(1)![0]!;
      if (!FRONTEND_TYPES.has(type)) {
        throw new LarchError(SqlState.protocolViolation, `invalid frontend message type ${type}`);
      }
    }
    const header = this.startup ? 4 : 5;
    const head = this.peek(header);
    if (head === null) return null;
    const length = head.readInt32BE(this.startup ? 0 : 1);
    if (this.startup ? length < 8 || length > MAX_STARTUP_LENGTH : length < 4) {
      throw new LarchError(
        SqlState.protocolViolation,
        this.startup ? 'invalid length of startup packet' : 'invalid message length',
      );
    }
    if (length > this.maxMessageBytes) {
      throw new LarchError(
        SqlState.protocolViolation,
        `invalid message length: ${length} bytes is more than the limit of ${this.maxMessageBytes}`,
      );
    }
    const total = length + (this.startup ? 0 : 1);
    if (this.buffered < total) return null;
    const bytes = this.consume(total);
    if (this.startup) return { type: '', body: bytes.subarray(4) };
    return { type: String.fromCharCode(bytes[0]!), body: bytes.subarray(5) };
  }

  /** Bytes held for messages not yet complete. */
  get pending(): number {
    return this.buffered;
  }
}
