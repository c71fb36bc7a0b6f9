// String functions and the || operator, counting characters (code points) as PostgreSQL does.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { textFormatOf } from '../../catalog/system/reg-names.js';
import { formatValue } from '../../types/text-format.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import { similarToRegex } from './pattern.js';
import { regexSubstring } from './regex.js';
import { isAlnumCp, lowerText, toLowerCp, toUpperCp, upperText } from './unicode-case.js';
import { createHash } from 'node:crypto';

const { text, int4, int8, bool, bytea } = Types;
const bpchar: DataType = { id: 'bpchar', length: null };

/** SQLSTATE substring_error. */
const SUBSTRING_ERROR = '22011';

/** A text function over strict arguments. */
function textFn(
  name: string,
  description: string,
  args: DataType[],
  returns: DataType,
  fn: (v: Scalar[], ctx: EvalContext) => Scalar,
  example?: string,
  aliases?: string[],
): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    description,
    example,
    aliases,
    overloads: [{ args, returns, kernel: () => valueKernel(returns, fn) }],
  };
}

function chars(s: string): string[] {
  return Array.from(s);
}

/** Whether code units [0, end) of `s` hold a surrogate (then code units are not characters). */
function hasSurrogate(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) if ((s.charCodeAt(i) & 0xf800) === 0xd800) return true;
  return false;
}

/** Characters (code points) in `s`. */
function charCountOf(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) === 0xd800) n--;
  return n;
}

/** Like PostgreSQL's palloc limit: results of 1 GB or more are refused, as are JavaScript's maximum. */
function checkLength(units: number): void {
  if (units >= 0x1fffffe8) {
    throw new LarchError(SqlState.programLimitExceeded, 'requested length too large');
  }
}

function asText(v: Scalar, type: DataType, ctx: EvalContext): string {
  if (typeof v === 'string') return v;
  return formatValue(type, v, textFormatOf(ctx));
}

/** The value cast to text, as || sees it: booleans are true/false, character(n) loses its padding. */
function concatText(v: Scalar, type: DataType, ctx: EvalContext): string {
  if (type.id === 'bool') return v ? 'true' : 'false';
  const s = asText(v, type, ctx);
  return type.id === 'bpchar' ? s.replace(/ +$/, '') : s;
}

export const concatOperator: ScalarDefinition = {
  kind: 'scalar',
  name: '||',
  description: 'String concatenation (any non-array value is converted to text).',
  example: "SELECT 'a' || 'b' || 1",
  overloads: [
    {
      args: [text, text],
      returns: text,
      kernel: () => valueKernel(text, (v) => (v[0] as string) + (v[1] as string)),
    },
    {
      args: [text, 'anynonarray'],
      returns: text,
      kernel: (a) =>
        valueKernel(text, (v, ctx) => concatText(v[0]!, a[0]!, ctx) + concatText(v[1]!, a[1]!, ctx)),
    },
    {
      args: ['anynonarray', text],
      returns: text,
      kernel: (a) =>
        valueKernel(text, (v, ctx) => concatText(v[0]!, a[0]!, ctx) + concatText(v[1]!, a[1]!, ctx)),
    },
    {
      args: [bytea, bytea],
      returns: bytea,
      kernel: () =>
        valueKernel(bytea, (v) => {
          const [a, b] = v as [Uint8Array, Uint8Array];
          const out = new Uint8Array(a.length + b.length);
          out.set(a);
          out.set(b, a.length);
          return out;
        }),
    },
    {
      args: ['anyarray', 'anyarray'],
      returns: (a) => a[0]!,
      kernel: (_, r) => valueKernel(r, (v) => [...(v[0] as Scalar[]), ...(v[1] as Scalar[])]),
    },
  ],
};

export const concat: ScalarDefinition = {
  kind: 'scalar',
  name: 'concat',
  description: 'Concatenates the text of all arguments, skipping NULLs.',
  example: "SELECT concat('a', NULL, 1)",
  overloads: [
    {
      args: ['any'],
      variadic: 'any',
      returns: text,
      strict: false,
      kernel: (args) =>
        valueKernel(
          text,
          (v, ctx) => v.map((x, i) => (x === null ? '' : asText(x, args[i]!, ctx))).join(''),
          { strict: false },
        ),
    },
  ],
};

export const concatWs: ScalarDefinition = {
  kind: 'scalar',
  name: 'concat_ws',
  description: 'Joins the non-NULL arguments after the first with the first as separator.',
  example: "SELECT concat_ws(',', 'a', NULL, 'b')",
  overloads: [
    {
      args: [text, 'any'],
      variadic: 'any',
      returns: text,
      strict: false,
      kernel: (args) =>
        valueKernel(
          text,
          (v, ctx) => {
            if (v[0] === null) return null;
            return v
              .slice(1)
              .map((x, i) => (x === null ? null : asText(x, args[i + 1]!, ctx)))
              .filter((x) => x !== null)
              .join(v[0] as string);
          },
          { strict: false },
        ),
    },
  ],
};

export const lower = textFn(
  'lower',
  'Lower case, character by character.',
  [text],
  text,
  (v) => lowerText(v[0] as string),
  "SELECT lower('ABC')",
);
export const upper = textFn(
  'upper',
  'Upper case, character by character.',
  [text],
  text,
  (v) => upperText(v[0] as string),
  "SELECT upper('abc')",
);
export const initcap = textFn(
  'initcap',
  'Upper case for the first letter of each word, lower case for the rest; words are runs of letters and digits.',
  [text],
  text,
  (v) => {
    const s = v[0] as string;
    const out: number[] = [];
    let afterAlnum = false;
    for (let i = 0; i < s.length; i++) {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(afterAlnum ? toLowerCp(cp) : toUpperCp(cp));
      afterAlnum = isAlnumCp(cp);
    }
    return fromCodePoints(out);
  },
  "SELECT initcap('hi THOMAS')",
);

/** Text from code points, in chunks small enough for a spread call. */
function fromCodePoints(cps: number[]): string {
  let out = '';
  for (let i = 0; i < cps.length; i += 8192) out += String.fromCodePoint(...cps.slice(i, i + 8192));
  return out;
}

function byteLength(v: Scalar): number {
  return typeof v === 'string' ? Buffer.byteLength(v) : (v as Uint8Array).length;
}

const charCount: ScalarDefinition['overloads'] = [
  { args: [text], returns: int4, kernel: () => valueKernel(int4, (v) => charCountOf(v[0] as string)) },
  {
    args: [bpchar],
    returns: int4,
    kernel: () => valueKernel(int4, (v) => charCountOf((v[0] as string).replace(/ +$/, ''))),
  },
];

export const charLength: ScalarDefinition = {
  kind: 'scalar',
  name: 'char_length',
  aliases: ['character_length'],
  description: 'Number of characters; character(n) does not count trailing spaces.',
  example: "SELECT char_length('abc')",
  overloads: charCount,
};

export const length: ScalarDefinition = {
  kind: 'scalar',
  name: 'length',
  description: 'Number of characters (of bytes for bytea); character(n) does not count trailing spaces.',
  example: "SELECT length('abc')",
  overloads: [
    ...charCount,
    { args: [bytea], returns: int4, kernel: () => valueKernel(int4, (v) => byteLength(v[0]!)) },
  ],
};

export const octetLength: ScalarDefinition = {
  kind: 'scalar',
  name: 'octet_length',
  description: 'Number of bytes (UTF-8 for text; character(n) counts its padding).',
  example: "SELECT octet_length('é')",
  overloads: [text, bpchar, bytea].map((t) => ({
    args: [t],
    returns: int4,
    kernel: () => valueKernel(int4, (v) => byteLength(v[0]!)),
  })),
};

export const bitLength: ScalarDefinition = {
  kind: 'scalar',
  name: 'bit_length',
  description: 'Number of bits (8 per byte of UTF-8 for text).',
  example: "SELECT bit_length('é')",
  overloads: [text, bytea].map((t) => ({
    args: [t],
    returns: int4,
    kernel: () => valueKernel(int4, (v) => 8 * byteLength(v[0]!)),
  })),
};

/** Characters from 1-based `start`, `count` of them (to the end when null), as PostgreSQL clips. */
function substring(s: string, start: number, count: number | null): string {
  if (count !== null && count < 0) {
    throw new LarchError(SUBSTRING_ERROR, 'negative substring length not allowed');
  }
  const from = Math.max(start - 1, 0);
  const to = Math.max(count === null ? Infinity : start - 1 + count, 0);
  if (to <= from) return '';
  if (!hasSurrogate(s, Math.min(to, s.length))) return s.slice(from, to);
  return chars(s).slice(from, to).join('');
}

export const substr: ScalarDefinition = {
  kind: 'scalar',
  name: 'substring',
  aliases: ['substr'],
  description:
    'Characters from a 1-based start, optionally a count of them; or the first match of a POSIX regex (its first group when it has one); or with three texts, the part of a SIMILAR pattern between escape-double-quotes.',
  example: "SELECT substring('hello' FROM 2 FOR 3)",
  overloads: [
    {
      args: [text, int4],
      returns: text,
      kernel: () => valueKernel(text, (v) => substring(v[0] as string, v[1] as number, null)),
    },
    {
      args: [text, int4, int4],
      returns: text,
      kernel: () => valueKernel(text, (v) => substring(v[0] as string, v[1] as number, v[2] as number)),
    },
    {
      args: [text, text],
      returns: text,
      kernel: () => valueKernel(text, (v) => regexSubstring(v[0] as string, v[1] as string)),
    },
    {
      args: [text, text, text],
      returns: text,
      kernel: () =>
        valueKernel(text, (v) =>
          regexSubstring(v[0] as string, similarToRegex(v[1] as string, v[2] as string)),
        ),
    },
  ],
};

export const position: ScalarDefinition = {
  kind: 'scalar',
  name: 'strpos',
  aliases: ['position'],
  description: 'Position (1-based) of a substring, 0 if absent. position(sub IN s) calls position(s, sub).',
  example: "SELECT strpos('hello', 'l')",
  overloads: [
    {
      args: [text, text],
      returns: int4,
      kernel: () =>
        valueKernel(int4, (v) => {
          const i = (v[0] as string).indexOf(v[1] as string);
          return i < 0 ? 0 : chars((v[0] as string).slice(0, i)).length + 1;
        }),
    },
  ],
};

export const replace = textFn(
  'replace',
  'Replaces every occurrence of a substring.',
  [text, text, text],
  text,
  (v) =>
    (v[1] as string) === '' ? (v[0] as string) : (v[0] as string).split(v[1] as string).join(v[2] as string),
  "SELECT replace('abc', 'b', 'x')",
);

function trimChars(s: string, set: string, left: boolean, right: boolean): string {
  const cs = chars(s);
  const remove = new Set(chars(set));
  let start = 0;
  let end = cs.length;
  if (left) while (start < end && remove.has(cs[start]!)) start++;
  if (right) while (end > start && remove.has(cs[end - 1]!)) end--;
  return cs.slice(start, end).join('');
}

function trimFunction(name: string, left: boolean, right: boolean): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    description: `Removes characters (spaces by default) from the ${left && right ? 'both ends' : left ? 'start' : 'end'}.`,
    example: `SELECT ${name}('  x  ')`,
    overloads: [
      {
        args: [text],
        returns: text,
        kernel: () => valueKernel(text, (v) => trimChars(v[0] as string, ' ', left, right)),
      },
      {
        args: [text, text],
        returns: text,
        kernel: () => valueKernel(text, (v) => trimChars(v[0] as string, v[1] as string, left, right)),
      },
    ],
  };
}

export const btrim = trimFunction('btrim', true, true);
export const ltrim = trimFunction('ltrim', true, false);
export const rtrim = trimFunction('rtrim', false, true);
export const trim = { ...trimFunction('trim', true, true), name: 'trim' } satisfies ScalarDefinition;

export const left = textFn(
  'left',
  'The first n characters (all but the last -n when negative).',
  [text, int4],
  text,
  (v) => {
    const cs = chars(v[0] as string);
    const n = v[1] as number;
    return (n >= 0 ? cs.slice(0, n) : cs.slice(0, Math.max(cs.length + n, 0))).join('');
  },
);
export const right = textFn(
  'right',
  'The last n characters (all but the first -n when negative).',
  [text, int4],
  text,
  (v) => {
    const cs = chars(v[0] as string);
    const n = v[1] as number;
    return (n >= 0 ? cs.slice(Math.max(cs.length - n, 0)) : cs.slice(Math.min(-n, cs.length))).join('');
  },
);

function pad(name: 'lpad' | 'rpad'): ScalarDefinition {
  const f = (s: string, n: number, fill: string) => {
    // PostgreSQL sizes the result for 4-byte characters before it pads.
    if (n > 0 && n * 4 + 4 > 0x3fffffff) {
      throw new LarchError(SqlState.programLimitExceeded, 'requested length too large');
    }
    const cs = chars(s);
    if (n <= cs.length) return cs.slice(0, Math.max(n, 0)).join('');
    const fc = chars(fill);
    if (fc.length === 0) return s;
    const padding: string[] = [];
    while (padding.length < n - cs.length) padding.push(fc[padding.length % fc.length]!);
    return name === 'lpad' ? padding.join('') + s : s + padding.join('');
  };
  return {
    kind: 'scalar',
    name,
    description: `Pads to a length on the ${name === 'lpad' ? 'left' : 'right'} (with spaces by default), truncating longer strings.`,
    example: `SELECT ${name}('7', 3, '0')`,
    overloads: [
      {
        args: [text, int4],
        returns: text,
        kernel: () => valueKernel(text, (v) => f(v[0] as string, v[1] as number, ' ')),
      },
      {
        args: [text, int4, text],
        returns: text,
        kernel: () => valueKernel(text, (v) => f(v[0] as string, v[1] as number, v[2] as string)),
      },
    ],
  };
}

export const lpad = pad('lpad');
export const rpad = pad('rpad');

export const startsWith = textFn(
  'starts_with',
  'Whether the string starts with the prefix (also the ^@ operator).',
  [text, text],
  bool,
  (v) => (v[0] as string).startsWith(v[1] as string),
  "SELECT starts_with('alphabet', 'alph')",
  ['^@'],
);
export const splitPart = textFn(
  'split_part',
  'The n-th field after splitting on a delimiter (from the end when n < 0).',
  [text, text, int4],
  text,
  (v) => {
    const n = v[2] as number;
    if (n === 0) throw new LarchError(SqlState.invalidParameterValue, 'field position must not be zero');
    const parts = (v[1] as string) === '' ? [v[0] as string] : (v[0] as string).split(v[1] as string);
    const i = n > 0 ? n - 1 : parts.length + n;
    return parts[i] ?? '';
  },
);

export const md5: ScalarDefinition = {
  kind: 'scalar',
  name: 'md5',
  description: 'MD5 hash as hex (of the UTF-8 bytes for text).',
  example: "SELECT md5('abc')",
  overloads: [text, bytea].map((t) => ({
    args: [t],
    returns: text,
    kernel: () =>
      valueKernel(text, (v) =>
        createHash('md5')
          .update(v[0] as string | Uint8Array)
          .digest('hex'),
      ),
  })),
};
export const reverse = textFn('reverse', 'Characters in reverse order.', [text], text, (v) =>
  chars(v[0] as string)
    .reverse()
    .join(''),
);
export const repeat = textFn('repeat', 'The string repeated n times.', [text, int4], text, (v) => {
  const s = v[0] as string;
  const n = Math.max(v[1] as number, 0);
  checkLength(s.length * n);
  return s.repeat(n);
});
export const ascii = textFn(
  'ascii',
  'Code point of the first character.',
  [text],
  int4,
  (v) => (v[0] as string).codePointAt(0) ?? 0,
);
export const chr = textFn('chr', 'The character with the code point.', [int4], text, (v) => {
  const cp = v[0] as number;
  if (cp === 0) throw new LarchError(SqlState.programLimitExceeded, 'null character not permitted');
  if (cp < 0) throw new LarchError(SqlState.invalidParameterValue, 'character number must be positive');
  if (cp > 0x10ffff) {
    throw new LarchError(SqlState.programLimitExceeded, `requested character too large for encoding: ${cp}`);
  }
  if (cp >= 0xd800 && cp <= 0xdfff) {
    throw new LarchError(SqlState.programLimitExceeded, `requested character not valid for encoding: ${cp}`);
  }
  return String.fromCodePoint(cp);
});
export const translate = textFn(
  'translate',
  'Replaces each character of `from` by the matching one of `to` (deleting when `to` is shorter).',
  [text, text, text],
  text,
  (v) => {
    const from = chars(v[1] as string);
    const to = chars(v[2] as string);
    return chars(v[0] as string)
      .map((c) => {
        const i = from.indexOf(c);
        return i < 0 ? c : (to[i] ?? '');
      })
      .join('');
  },
);

export const overlay: ScalarDefinition = {
  kind: 'scalar',
  name: 'overlay',
  description: 'Replaces characters: overlay(s PLACING r FROM start [FOR count]).',
  example: "SELECT overlay('Txxxxas' PLACING 'hom' FROM 2 FOR 4)",
  overloads: [
    {
      args: [text, text, int4],
      returns: text,
      kernel: () =>
        valueKernel(text, (v) =>
          overlayText(v[0] as string, v[1] as string, v[2] as number, chars(v[1] as string).length),
        ),
    },
    {
      args: [text, text, int4, int4],
      returns: text,
      kernel: () =>
        valueKernel(text, (v) => overlayText(v[0] as string, v[1] as string, v[2] as number, v[3] as number)),
    },
  ],
};

/** substring(s, 1, start - 1) || r || substring(s, start + count), as PostgreSQL defines it. */
function overlayText(s: string, r: string, start: number, count: number): string {
  if (start + count <= count) {
    throw new LarchError(SUBSTRING_ERROR, 'negative substring length not allowed');
  }
  const cs = chars(s);
  return cs.slice(0, start - 1).join('') + r + cs.slice(Math.max(start - 1 + count, 0)).join('');
}

function toHex(n: number | bigint, bits: 32 | 64): string {
  return BigInt.asUintN(bits, BigInt(n)).toString(16);
}

export const toHexFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'to_hex',
  description: "Hexadecimal text of an integer (two's complement for negatives).",
  example: 'SELECT to_hex(2147483647)',
  overloads: [
    { args: [int4], returns: text, kernel: () => valueKernel(text, (v) => toHex(v[0] as number, 32)) },
    {
      args: [int8],
      returns: text,
      kernel: () => valueKernel(text, (v) => toHex(v[0] as number | bigint, 64)),
    },
  ],
};

const NORMAL_FORMS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

function normalForm(form: string): 'NFC' | 'NFD' | 'NFKC' | 'NFKD' {
  const f = form.toUpperCase();
  if (!NORMAL_FORMS.has(f)) {
    throw new LarchError(SqlState.invalidParameterValue, `invalid normalization form: ${form}`);
  }
  return f as 'NFC' | 'NFD' | 'NFKC' | 'NFKD';
}

export const normalize: ScalarDefinition = {
  kind: 'scalar',
  name: 'normalize',
  description: 'Unicode normalization to NFC (default), NFD, NFKC or NFKD.',
  example: "SELECT normalize(U&'\\0061\\0308bc', NFC)",
  overloads: [
    {
      args: [text],
      returns: text,
      kernel: () => valueKernel(text, (v) => (v[0] as string).normalize('NFC')),
    },
    {
      args: [text, text],
      returns: text,
      kernel: () => valueKernel(text, (v) => (v[0] as string).normalize(normalForm(v[1] as string))),
    },
  ],
};

export const isNormalized: ScalarDefinition = {
  kind: 'scalar',
  name: 'is_normalized',
  description: 'Whether the string is in a Unicode normalization form: x IS [NFC|NFD|NFKC|NFKD] NORMALIZED.',
  example: "SELECT U&'\\0061\\0308bc' IS NFD NORMALIZED",
  overloads: [
    {
      args: [text],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => (v[0] as string).normalize('NFC') === v[0]),
    },
    {
      args: [text, text],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => (v[0] as string).normalize(normalForm(v[1] as string)) === v[0]),
    },
  ],
};
