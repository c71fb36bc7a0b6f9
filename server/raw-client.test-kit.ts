// A client that speaks the protocol message by message, for tests of what drivers rarely send:
// pipelines, row limits, garbage, oversized lengths, unfinished startups.

import { connect, type Socket } from 'node:net';

export interface BackendMessage {
  readonly type: string;
  readonly body: Buffer;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');
const i16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** Frontend messages. */
export const fe = {
  startup(params: Record<string, string>): Buffer {
    const body = Buffer.concat([
      i32(196608),
      ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]),
      Buffer.from([0]),
    ]);
    return Buffer.concat([i32(body.length + 4), body]);
  },
  sslRequest: (): Buffer => Buffer.concat([i32(8), i32(80877103)]),
  gssRequest: (): Buffer => Buffer.concat([i32(8), i32(80877104)]),
  query: (sql: string): Buffer => message('Q', cstr(sql)),
  parse: (name: string, sql: string, types: number[] = []): Buffer =>
    message('P', Buffer.concat([cstr(name), cstr(sql), i16(types.length), ...types.map(i32)])),
  bind: (portal: string, statement: string, params: (string | null)[] = [], resultFormat = 0): Buffer =>
    message(
      'B',
      Buffer.concat([
        cstr(portal),
        cstr(statement),
        i16(0),
        i16(params.length),
        ...params.flatMap((p) => (p === null ? [i32(-1)] : [i32(Buffer.byteLength(p)), Buffer.from(p)])),
        i16(1),
        i16(resultFormat),
      ]),
    ),
  describe: (target: 'S' | 'P', name: string): Buffer =>
    message('D', Buffer.concat([Buffer.from(target), cstr(name)])),
  execute: (portal: string, maxRows = 0): Buffer => message('E', Buffer.concat([cstr(portal), i32(maxRows)])),
  close: (target: 'S' | 'P', name: string): Buffer =>
    message('C', Buffer.concat([Buffer.from(target), cstr(name)])),
  sync: (): Buffer => message('S', Buffer.alloc(0)),
  flush: (): Buffer => message('H', Buffer.alloc(0)),
  terminate: (): Buffer => message('X', Buffer.alloc(0)),
};

export class RawClient {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Connects and finishes startup (trust), returning after the first ReadyForQuery. */
  static async ready(port: number, params: Record<string, string> = {}): Promise<RawClient> {
    const c = await RawClient.open(port);
    c.send(fe.startup({ user: 'raw', database: 'larch', ...params }));
    await c.until('Z');
    return c;
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(...parts: Buffer[]): void {
    this.socket.write(Buffer.concat(parts));
  }

  /** The next single byte (the answer to SSLRequest / GSSENCRequest). */
  async byte(): Promise<string> {
    while (this.buffer.length < 1) await this.wait();
    const b = String.fromCharCode(this.buffer[0]!);
    this.buffer = this.buffer.subarray(1);
    return b;
  }

  private wait(): Promise<void> {
    if (this.ended) throw new Error('connection closed');
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async next(): Promise<BackendMessage> {
    while (this.buffer.length < 5 || this.buffer.length < 1 + this.buffer.readInt32BE(1)) await this.wait();
    const len = this.buffer.readInt32BE(1);
    const m = { type: String.fromCharCode(this.buffer[0]!), body: this.buffer.subarray(5, 1 + len) };
    this.buffer = this.buffer.subarray(1 + len);
    return m;
  }

  /** Messages up to and including the first of type `type`. */
  async until(type: string): Promise<BackendMessage[]> {
    const out: BackendMessage[] = [];
    for (;;) {
      const m = await this.next();
      out.push(m);
      if (m.type === type) return out;
    }
  }

  /** Resolves when the server closes the connection. */
  async closed(): Promise<void> {
    while (!this.ended) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  end(): void {
    this.socket.end(fe.terminate());
  }
}

/** An ErrorResponse / NoticeResponse's fields by their code letter. */
export function fields(m: BackendMessage): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < m.body.length && m.body[at] !== 0) {
    const code = String.fromCharCode(m.body[at]!);
    const end = m.body.indexOf(0, at + 1);
    out[code] = m.body.toString('utf8', at + 1, end);
    at = end + 1;
  }
  return out;
}

/** The type letters of a list of messages, e.g. '12TDCZ'. */
export function types(messages: readonly BackendMessage[]): string {
  return messages.map((m) => m.type).join('');
}
