// The frontend (client → server) messages of protocol 3.0 after startup, decoded into a union.

import { LarchError, SqlState } from '../src/index.js';
import { MessageReader } from './message-reader.js';
import type { RawMessage } from './message-framer.js';

export type FrontendMessage =
  | { readonly kind: 'query'; readonly sql: string }
  | {
      readonly kind: 'parse';
      readonly name: string;
      readonly sql: string;
      readonly paramTypes: readonly number[];
    }
  | {
      readonly kind: 'bind';
      readonly portal: string;
      readonly statement: string;
      readonly paramFormats: readonly number[];
      readonly params: readonly (Buffer | null)[];
      readonly resultFormats: readonly number[];
    }
  | { readonly kind: 'describe'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly kind: 'execute'; readonly portal: string; readonly maxRows: number }
  | { readonly kind: 'close'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly kind: 'sync' }
  | { readonly kind: 'flush' }
  | { readonly kind: 'terminate' }
  | { readonly kind: 'copy_data'; readonly data: Buffer }
  | { readonly kind: 'copy_done' }
  | { readonly kind: 'copy_fail'; readonly message: string }
  /** PasswordMessage, SASLInitialResponse and SASLResponse share type 'p'; their reader decides. */
  | { readonly kind: 'password'; readonly body: Buffer }
  | { readonly kind: 'function_call' };

function target(r: MessageReader): 'S' | 'P' {
  const t = String.fromCharCode(r.byte());
  if (t !== 'S' && t !== 'P')
    throw new LarchError(SqlState.protocolViolation, `invalid DESCRIBE/CLOSE message subtype ${t}`);
  return t;
}

function int16List(r: MessageReader): number[] {
  const n = r.int16();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.int16());
  return out;
}

export function decodeFrontendMessage(m: RawMessage): FrontendMessage {
  const r = new MessageReader(m.body);
  switch (m.type) {
    case 'Q':
      return { kind: 'query', sql: r.cstring() };
    case 'P': {
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      const paramTypes: number[] = [];
      for (let i = 0; i < n; i++) paramTypes.push(r.uint32());
      return { kind: 'parse', name, sql, paramTypes };
    }
    case 'B': {
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = int16List(r);
      const n = r.int16();
      const params: (Buffer | null)[] = [];
      for (let i = 0; i < n; i++) {
        const len = r.int32();
        params.push(len < 0 ? null : r.bytes(len));
      }
      return { kind: 'bind', portal, statement, paramFormats, params, resultFormats: int16List(r) };
    }
    case 'D':
      return { kind: 'describe', target: target(r), name: r.cstring() };
    case 'E':
      return { kind: 'execute', portal: r.cstring(), maxRows: r.int32() };
    case 'C':
      return { kind: 'close', target: target(r), name: r.cstring() };
    case 'S':
      return { kind: 'sync' };
    case 'H':
      return { kind: 'flush' };
    case 'X':
      return { kind: 'terminate' };
    case 'd':
      return { kind: 'copy_data', data: m.body };
    case 'c':
      return { kind: 'copy_done' };
    case 'f':
      return { kind: 'copy_fail', message: r.cstring() };
    case 'p':
      return { kind: 'password', body: m.body };
    case 'F':
      return { kind: 'function_call' };
    default:
      throw new LarchError(
        SqlState.protocolViolation,
        `invalid frontend message type ${m.type.charCodeAt(0)}`,
      );
  }
}
