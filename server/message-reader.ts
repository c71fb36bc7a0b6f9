// Reads the fields of one frontend message body: integers, NUL-terminated strings and byte runs,
// with a protocol violation (08P01) instead of a crash when the message is shorter than it claims.

import { LarchError, SqlState } from '../src/index.js';

export class MessageReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.offset + n > this.buf.length) {
      throw new LarchError(SqlState.protocolViolation, 'invalid message format');
    }
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  byte(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }

  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new LarchError(SqlState.protocolViolation, 'invalid string in message');
    const s = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  rest(): Buffer {
    const b = this.buf.subarray(this.offset);
    this.offset = this.buf.length;
    return b;
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }
}
