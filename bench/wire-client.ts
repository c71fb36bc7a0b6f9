// A minimal PostgreSQL protocol client for the wire benchmark: trust startup, simple queries and
// prepared statements, counting result rows without decoding them, so the client costs the same
// (and little) against every server.

import { connect, type Socket } from 'node:net';

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstr = (s: string) => Buffer.from(`${s}\0`);
const SYNC = message('S', Buffer.alloc(0));

export class WireClient {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private waiter: (() => void) | null = null;
  private error: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.buffered += d.length;
      this.waiter?.();
    });
    socket.on('error', (e) => {
      this.error = e;
      this.waiter?.();
    });
  }

  static async connect(port: number, user: string, database: string): Promise<WireClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const c = new WireClient(socket);
    const params = Buffer.concat([
      Buffer.from([0, 3, 0, 0]),
      cstr('user'),
      cstr(user),
      cstr('database'),
      cstr(database),
      Buffer.from([0]),
    ]);
    const len = Buffer.alloc(4);
    len.writeInt32BE(params.length + 4);
    socket.write(Buffer.concat([len, params]));
    await c.untilReady();
    return c;
  }

  /** Reads messages until ReadyForQuery; returns the number of DataRows (throws on ErrorResponse). */
  private async untilReady(): Promise<number> {
    let rows = 0;
    let failure: string | null = null;
    for (;;) {
      if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
      const buf = this.chunks[0];
      let at = 0;
      if (buf !== undefined) {
        while (at + 5 <= buf.length) {
          const len = buf.readInt32BE(at + 1);
          if (at + 1 + len > buf.length) break;
          const type = buf[at]!;
          if (type === 0x44) rows++;
          else if (type === 0x45) failure = buf.toString('utf8', at + 5, at + 1 + len).replace(/\0/g, ' ');
          else if (type === 0x5a) {
            const rest = buf.subarray(at + 1 + len);
            this.chunks = rest.length > 0 ? [rest] : [];
            this.buffered = rest.length;
            if (failure !== null) throw new Error(failure);
            return rows;
          }
          at += 1 + len;
        }
        const rest = buf.subarray(at);
        this.chunks = rest.length > 0 ? [rest] : [];
        this.buffered = rest.length;
      }
      if (this.error !== null) throw this.error;
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = null;
    }
  }

  /** A simple Query; resolves to the number of rows. */
  query(sql: string): Promise<number> {
    this.socket.write(message('Q', cstr(sql)));
    return this.untilReady();
  }

  /** Parse a named statement once. */
  async prepare(name: string, sql: string): Promise<void> {
    this.socket.write(
      Buffer.concat([message('P', Buffer.concat([cstr(name), cstr(sql), Buffer.from([0, 0])])), SYNC]),
    );
    await this.untilReady();
  }

  /** Bind + Execute + Sync of a prepared statement with text parameters; resolves to the row count. */
  execute(name: string, params: readonly string[]): Promise<number> {
    const parts: Buffer[] = [cstr(''), cstr(name), Buffer.from([0, 0])];
    const count = Buffer.alloc(2);
    count.writeInt16BE(params.length);
    parts.push(count);
    for (const p of params) {
      const len = Buffer.alloc(4);
      len.writeInt32BE(Buffer.byteLength(p));
      parts.push(len, Buffer.from(p));
    }
    parts.push(Buffer.from([0, 0]));
    this.socket.write(
      Buffer.concat([
        message('B', Buffer.concat(parts)),
        message('E', Buffer.concat([cstr(''), Buffer.alloc(4)])),
        SYNC,
      ]),
    );
    return this.untilReady();
  }

  close(): void {
    this.socket.end(message('X', Buffer.alloc(0)));
  }
}
