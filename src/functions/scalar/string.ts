// String functions and the || operator.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { formatValue } from '../../types/text-format.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import { createHash } from 'node:crypto';

const { text, int4, bool } = Types;

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

function asText(v: Scalar, type: DataType, ctx: EvalContext): string {
  return typeof v === 'string' ? v : formatValue(type, v, { timeZone: ctx.timeZone });
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
      kernel: (a) => valueKernel(text, (v, ctx) => (v[0] as string) + asText(v[1]!, a[1]!, ctx)),
    },
    {
      args: ['anynonarray', text],
      returns: text,
      kernel: (a) => valueKernel(text, (v, ctx) => asText(v[0]!, a[0]!, ctx) + (v[1] as string)),
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
  'Lower case.',
  [text],
  text,
  (v) => (v[0] as string).toLowerCase(),
  "SELECT lower('ABC')",
);
export const upper = textFn(
  'upper',
  'Upper case.',
  [text],
  text,
  (v) => (v[0] as string).toUpperCase(),
  "SELECT upper('abc')",
);
export const initcap = textFn(
  'initcap',
  'First letter of each word upper case, the rest lower case.',
  [text],
  text,
  (v) =>
    (v[0] as string)
      .toLowerCase()
      .replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()),
);
export const length: ScalarDefinition = {
  kind: 'scalar',
  name: 'length',
  aliases: ['char_length', 'character_length'],
  description: 'Number of characters.',
  example: "SELECT length('abc')",
  overloads: [
    { args: [text], returns: int4, kernel: () => valueKernel(int4, (v) => chars(v[0] as string).length) },
    {
      args: [{ id: 'bpchar', length: null }],
      returns: int4,
      kernel: () => valueKernel(int4, (v) => chars((v[0] as string).replace(/ +$/, '')).length),
    },
  ],
};
export const octetLength = textFn('octet_length', 'Number of bytes (UTF-8).', [text], int4, (v) =>
  Buffer.byteLength(v[0] as string),
);

function substring(s: string, start: number, count: number | null): string {
  const cs = chars(s);
  if (count !== null && count < 0)
    throw new LarchError(SqlState.invalidParameterValue, 'negative substring length not allowed');
  const from = start - 1;
  const to = count === null ? cs.length : from + count;
  return cs.slice(Math.max(from, 0), Math.max(to, 0)).join('');
}

export const substr: ScalarDefinition = {
  kind: 'scalar',
  name: 'substring',
  aliases: ['substr'],
  description: 'Characters from a 1-based start, optionally a count of them; or the first match of a regex.',
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
      kernel: () =>
        valueKernel(text, (v) => {
          const m = new RegExp(v[1] as string, 'u').exec(v[0] as string);
          if (m === null) return null;
          return m.length > 1 ? (m[1] ?? null) : m[0];
        }),
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
  'Whether the string starts with the prefix.',
  [text, text],
  bool,
  (v) => (v[0] as string).startsWith(v[1] as string),
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
export const md5 = textFn('md5', 'MD5 hash as hex.', [text], text, (v) =>
  createHash('md5')
    .update(v[0] as string)
    .digest('hex'),
);
export const reverse = textFn('reverse', 'Characters in reverse order.', [text], text, (v) =>
  chars(v[0] as string)
    .reverse()
    .join(''),
);
export const repeat = textFn('repeat', 'The string repeated n times.', [text, int4], text, (v) =>
  (v[0] as string).repeat(Math.max(v[1] as number, 0)),
);
export const ascii = textFn(
  'ascii',
  'Code point of the first character.',
  [text],
  int4,
  (v) => (v[0] as string).codePointAt(0) ?? 0,
);
export const chr = textFn('chr', 'The character with the code point.', [int4], text, (v) => {
  if ((v[0] as number) <= 0)
    throw new LarchError(SqlState.invalidParameterValue, 'null character not permitted');
  return String.fromCodePoint(v[0] as number);
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

function overlayText(s: string, r: string, start: number, count: number): string {
  const cs = chars(s);
  return cs.slice(0, start - 1).join('') + r + cs.slice(start - 1 + count).join('');
}
