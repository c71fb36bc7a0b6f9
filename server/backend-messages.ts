// The backend (server → client) messages, written into a MessageWriter.

import { type Field, type LarchError, typeModifier, typeOid, typeLength } from '../src/index.js';
import type { MessageWriter } from './message-writer.js';

export function authenticationOk(w: MessageWriter): void {
  w.start('R').int32(0).end();
}

export function authenticationMd5(w: MessageWriter, salt: Buffer): void {
  w.start('R').int32(5).bytes(salt).end();
}

export function authenticationCleartext(w: MessageWriter): void {
  w.start('R').int32(3).end();
}

export function authenticationSasl(w: MessageWriter, mechanisms: readonly string[]): void {
  w.start('R').int32(10);
  for (const m of mechanisms) w.cstring(m);
  w.byte(0).end();
}

export function authenticationSaslContinue(w: MessageWriter, data: string): void {
  w.start('R').int32(11).bytes(Buffer.from(data, 'utf8')).end();
}

export function authenticationSaslFinal(w: MessageWriter, data: string): void {
  w.start('R').int32(12).bytes(Buffer.from(data, 'utf8')).end();
}

export function parameterStatus(w: MessageWriter, name: string, value: string): void {
  w.start('S').cstring(name).cstring(value).end();
}

export function backendKeyData(w: MessageWriter, pid: number, secret: number): void {
  w.start('K').int32(pid).int32(secret).end();
}

/** NotificationResponse: a NOTIFY on a channel the session listens on. */
export function notificationResponse(w: MessageWriter, pid: number, channel: string, payload: string): void {
  w.start('A').int32(pid).cstring(channel).cstring(payload).end();
}

export function negotiateProtocolVersion(
  w: MessageWriter,
  minor: number,
  unrecognized: readonly string[],
): void {
  w.start('v').int32(minor).int32(unrecognized.length);
  for (const o of unrecognized) w.cstring(o);
  w.end();
}

export function readyForQuery(w: MessageWriter, status: 'I' | 'T' | 'E'): void {
  w.start('Z').byte(status.charCodeAt(0)).end();
}

/** RowDescription; `formats` holds one code per column (0 text, 1 binary). */
export function rowDescription(w: MessageWriter, fields: readonly Field[], formats: readonly number[]): void {
  w.start('T').int16(fields.length);
  fields.forEach((f, i) => {
    // Table oid and column number 0: pgjdbc then skips its per-column metadata queries.
    w.cstring(f.name)
      .int32(0)
      .int16(0)
      .uint32(typeOid(f.type))
      .int16(typeLength(f.type))
      .int32(typeModifier(f.type))
      .int16(formats[i] ?? 0);
  });
  w.end();
}

export function parameterDescription(w: MessageWriter, oids: readonly number[]): void {
  w.start('t').int16(oids.length);
  for (const o of oids) w.uint32(o);
  w.end();
}

export function noData(w: MessageWriter): void {
  w.start('n').end();
}

export function commandComplete(w: MessageWriter, tag: string): void {
  w.start('C').cstring(tag).end();
}

export function emptyQueryResponse(w: MessageWriter): void {
  w.start('I').end();
}

export function parseComplete(w: MessageWriter): void {
  w.start('1').end();
}

export function bindComplete(w: MessageWriter): void {
  w.start('2').end();
}

export function closeComplete(w: MessageWriter): void {
  w.start('3').end();
}

export function portalSuspended(w: MessageWriter): void {
  w.start('s').end();
}

/** CopyInResponse / CopyOutResponse: overall format 0 (text) and one text format per column. */
export function copyResponse(w: MessageWriter, direction: 'in' | 'out', columns: number): void {
  w.start(direction === 'in' ? 'G' : 'H')
    .byte(0)
    .int16(columns);
  for (let i = 0; i < columns; i++) w.int16(0);
  w.end();
}

export function copyData(w: MessageWriter, text: string): void {
  w.start('d');
  w.ensure(text.length * 3);
  w.length += w.raw.write(text, w.length, 'utf8');
  w.end();
}

export function copyDone(w: MessageWriter): void {
  w.start('c').end();
}

export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

/** ErrorResponse ('E') or NoticeResponse ('N') with every field the error has. */
export function errorResponse(
  w: MessageWriter,
  e: Pick<LarchError, 'code' | 'message'> &
    Partial<Pick<LarchError, 'detail' | 'hint' | 'position' | 'context'>>,
  severity: Severity = 'ERROR',
  type: 'E' | 'N' = 'E',
): void {
  w.start(type);
  w.byte(0x53).cstring(severity); // S: localized severity
  w.byte(0x56).cstring(severity); // V: severity, never localized
  w.byte(0x43).cstring(e.code); // C: SQLSTATE
  w.byte(0x4d).cstring(e.message); // M
  if (e.detail !== undefined) w.byte(0x44).cstring(e.detail); // D
  if (e.hint !== undefined) w.byte(0x48).cstring(e.hint); // H
  if (e.position !== undefined) w.byte(0x50).cstring(String(e.position)); // P
  if (e.context !== undefined) w.byte(0x57).cstring(e.context); // W: where
  w.byte(0).end();
}
