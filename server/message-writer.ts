// Builds backend messages into one growing buffer (type byte, length, body), so a burst of
// messages (RowDescription, thousands of DataRows, CommandComplete) becomes a single socket write.

const INITIAL_SIZE = 64 * 1024;
/** Outputs up to this size are copied out of the buffer rather than handed over. */
const SMALL_OUTPUT = 8 * 1024;
/** Strings up to this length are tried as ASCII before UTF-8 encoding. */
const SHORT_TEXT = 64;

export class MessageWriter {
  private buf = Buffer.allocUnsafe(INITIAL_SIZE);
  /** Bytes written so far. */
  length = 0;
  private messageStart = -1;

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** Starts a message with its type byte; `end()` fills in the length. */
  start(type: string): this {
    this.ensure(5);
    this.messageStart = this.length;
    this.buf[this.length] = type.charCodeAt(0);
    this.length += 5;
    return this;
  }

  end(): void {
    this.buf.writeInt32BE(this.length - this.messageStart - 1, this.messageStart + 1);
    this.messageStart = -1;
  }

  byte(b: number): this {
    this.ensure(1);
    this.buf[this.length++] = b;
    return this;
  }

  int16(n: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(n, this.length);
    this.length += 2;
    return this;
  }

  int32(n: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(n | 0, this.length);
    this.length += 4;
    return this;
  }

  uint32(n: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(n >>> 0, this.length);
    this.length += 4;
    return this;
  }

  /** A NUL-terminated string. */
  cstring(s: string): this {
    this.ensure(s.length * 3 + 1);
    this.length += this.buf.write(s, this.length, 'utf8');
    this.buf[this.length++] = 0;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** A length-prefixed value (DataRow column, CopyData): int32 byte count then the UTF-8 text. */
  lengthPrefixedString(s: string): this {
    const n = s.length;
    this.ensure(n * 3 + 4);
    const at = this.length;
    const buf = this.buf;
    if (n <= SHORT_TEXT) {
      // Short ASCII text (most cells) is copied byte by byte: cheaper than a call into UTF-8 encoding.
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        buf[at + 4 + i] = c;
      }
      if (i === n) {
        buf[at] = 0;
        buf[at + 1] = 0;
        buf[at + 2] = n >>> 8;
        buf[at + 3] = n & 0xff;
        this.length = at + 4 + n;
        return this;
      }
    }
    const written = buf.write(s, at + 4, 'utf8');
    buf.writeInt32BE(written, at);
    this.length = at + 4 + written;
    return this;
  }

  /** A length-prefixed ASCII value (numbers, dates): one byte per character, no UTF-8 scan. */
  lengthPrefixedAscii(s: string): this {
    const n = s.length;
    this.ensure(n + 4);
    const buf = this.buf;
    let at = this.length;
    buf.writeInt32BE(n, at);
    at += 4;
    for (let i = 0; i < n; i++) buf[at + i] = s.charCodeAt(i);
    this.length = at + n;
    return this;
  }

  /** The raw buffer and position, for encoders that write in place (after `ensure`). */
  get raw(): Buffer {
    return this.buf;
  }

  /**
   * Takes the bytes written so far and starts over. Small outputs (a query's reply) are copied so
   * the buffer is reused; large ones hand the buffer over, since the socket may still be sending it.
   */
  take(): Buffer {
    if (this.length <= SMALL_OUTPUT) {
      const copy = Buffer.from(this.buf.subarray(0, this.length));
      this.length = 0;
      return copy;
    }
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(Math.max(INITIAL_SIZE, Math.min(this.buf.length, 1 << 20)));
    this.length = 0;
    return out;
  }
}
