// bytea functions: encode/decode (hex, base64, escape), convert_from/convert_to between text and
// a character set, and the SHA-2 hashes, with PostgreSQL's formats and error messages.

import { createHash } from 'node:crypto';
import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import { decodeText, encodeText, encodingName } from './text-encoding.js';

const { text, bytea } = Types;
const name: DataType = Types.name;

function formatName(format: string): 'hex' | 'base64' | 'escape' {
  const f = format.toLowerCase();
  if (f !== 'hex' && f !== 'base64' && f !== 'escape') {
    throw new LarchError(SqlState.invalidParameterValue, `unrecognized encoding: "${format}"`);
  }
  return f;
}

/** Base64 in lines of 76 characters, each ended by a newline once it is full (as PostgreSQL). */
function base64Encode(bytes: Uint8Array): string {
  const all = Buffer.from(bytes).toString('base64');
  let out = '';
  for (let i = 0; i < all.length; i += 76) {
    const line = all.slice(i, i + 76);
    out += line.length === 76 && (i + 76 < all.length || bytes.length % 57 === 0) ? `${line}\n` : line;
  }
  return out;
}

/** Non-ASCII bytes and NUL as \ooo, backslashes doubled. */
function escapeEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0 || b >= 0x80) out += `\\${b.toString(8).padStart(3, '0')}`;
    else if (b === 0x5c) out += '\\\\';
    else out += String.fromCharCode(b);
  }
  return out;
}

function encode(bytes: Uint8Array, format: string): string {
  switch (formatName(format)) {
    case 'hex':
      return Buffer.from(bytes).toString('hex');
    case 'base64':
      return base64Encode(bytes);
    case 'escape':
      return escapeEncode(bytes);
  }
}

function hexDecode(s: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  const digit = (c: string) => {
    const v = parseInt(c, 16);
    if (Number.isNaN(v) || !/[0-9a-fA-F]/.test(c)) {
      throw new LarchError(SqlState.invalidParameterValue, `invalid hexadecimal digit: "${c}"`);
    }
    return v;
  };
  const chars = Array.from(s);
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const hi = digit(c);
    if (++i >= chars.length) {
      throw new LarchError(SqlState.invalidParameterValue, 'invalid hexadecimal data: odd number of digits');
    }
    out.push((hi << 4) | digit(chars[i++]!));
  }
  return Uint8Array.from(out);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** PostgreSQL's base64 decoder: blanks skipped, padding checked, bytes after padding trimmed. */
function base64Decode(s: string): Uint8Array {
  const out: number[] = [];
  let buf = 0;
  let pos = 0;
  let end = 0;
  for (const c of s) {
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    let b = 0;
    if (c === '=') {
      if (end === 0) {
        if (pos === 2) end = 1;
        else if (pos === 3) end = 2;
        else {
          throw new LarchError(
            SqlState.invalidParameterValue,
            'unexpected "=" while decoding base64 sequence',
          );
        }
      }
    } else {
      b = B64.indexOf(c);
      if (b < 0) {
        throw new LarchError(
          SqlState.invalidParameterValue,
          `invalid symbol "${c}" found while decoding base64 sequence`,
        );
      }
    }
    buf = (buf << 6) + b;
    if (++pos === 4) {
      out.push((buf >> 16) & 255);
      if (end === 0 || end > 1) out.push((buf >> 8) & 255);
      if (end === 0 || end > 2) out.push(buf & 255);
      buf = 0;
      pos = 0;
    }
  }
  if (pos !== 0) {
    throw new LarchError(SqlState.invalidParameterValue, 'invalid base64 end sequence', {
      hint: 'Input data is missing padding, is truncated, or is otherwise corrupted.',
    });
  }
  return Uint8Array.from(out);
}

/** \\ for a backslash, \ooo (first digit 0-3) for a byte; any other backslash is an error. */
function escapeDecode(s: string): Uint8Array {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b !== 0x5c) {
      out.push(b);
      i++;
      continue;
    }
    const d = (k: number, max: number) => bytes[i + k]! >= 0x30 && bytes[i + k]! <= max;
    if (i + 3 < bytes.length && d(1, 0x33) && d(2, 0x37) && d(3, 0x37)) {
      out.push(((bytes[i + 1]! - 48) << 6) | ((bytes[i + 2]! - 48) << 3) | (bytes[i + 3]! - 48));
      i += 4;
    } else if (i + 1 < bytes.length && bytes[i + 1] === 0x5c) {
      out.push(0x5c);
      i += 2;
    } else {
      throw new LarchError(SqlState.invalidTextRepresentation, 'invalid input syntax for type bytea');
    }
  }
  return Uint8Array.from(out);
}

function decode(s: string, format: string): Uint8Array {
  switch (formatName(format)) {
    case 'hex':
      return hexDecode(s);
    case 'base64':
      return base64Decode(s);
    case 'escape':
      return escapeDecode(s);
  }
}

export const encodeFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'encode',
  description: 'Binary data as text in hex, base64 or escape format.',
  example: "SELECT encode('123\\000\\001', 'base64')",
  overloads: [
    {
      args: [bytea, text],
      returns: text,
      kernel: () => valueKernel(text, (v) => encode(v[0] as Uint8Array, v[1] as string)),
    },
  ],
};

export const decodeFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'decode',
  description: 'Binary data from text in hex, base64 or escape format.',
  example: "SELECT decode('MTIzAAE=', 'base64')",
  overloads: [
    {
      args: [text, text],
      returns: bytea,
      kernel: () => valueKernel(bytea, (v) => decode(v[0] as string, v[1] as string)),
    },
  ],
};

export const convertFrom: ScalarDefinition = {
  kind: 'scalar',
  name: 'convert_from',
  description: 'Text from bytes in the named encoding (UTF8, LATIN1, WIN1252 …).',
  example: "SELECT convert_from('\\x74657874e280a6', 'UTF8')",
  overloads: [
    {
      args: [bytea, name],
      returns: text,
      kernel: () =>
        valueKernel(text, (v) => decodeText(v[0] as Uint8Array, encodingName(v[1] as string, 'source'))),
    },
  ],
};

export const convertTo: ScalarDefinition = {
  kind: 'scalar',
  name: 'convert_to',
  description: 'The text as bytes in the named encoding (UTF8, LATIN1, WIN1252 …).',
  example: "SELECT convert_to('some text', 'UTF8')",
  overloads: [
    {
      args: [text, name],
      returns: bytea,
      kernel: () =>
        valueKernel(bytea, (v) => encodeText(v[0] as string, encodingName(v[1] as string, 'destination'))),
    },
  ],
};

function sha(bits: 224 | 256 | 384 | 512): ScalarDefinition {
  return {
    kind: 'scalar',
    name: `sha${bits}`,
    description: `SHA-${bits} hash of binary data.`,
    example: `SELECT sha${bits}('abc')`,
    overloads: [
      {
        args: [bytea],
        returns: bytea,
        kernel: () =>
          valueKernel(
            bytea,
            (v: Scalar[]) =>
              new Uint8Array(
                createHash(`sha${bits}`)
                  .update(v[0] as Uint8Array)
                  .digest(),
              ),
          ),
      },
    ],
  };
}

export const sha224 = sha(224);
export const sha256 = sha(256);
export const sha384 = sha(384);
export const sha512 = sha(512);
