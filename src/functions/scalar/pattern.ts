// LIKE, ILIKE, SIMILAR TO and POSIX regular expression operators (~, ~*, !~, !~*).

import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

const cache = new Map<string, RegExp>();

function cached(key: string, build: () => RegExp): RegExp {
  let re = cache.get(key);
  if (re === undefined) {
    if (cache.size > 1000) cache.clear();
    re = build();
    cache.set(key, re);
  }
  return re;
}

/** Translates a LIKE pattern (with `_`, `%` and an escape character) into a regular expression. */
export function likeToRegExp(pattern: string, caseInsensitive: boolean, escape = '\\'): RegExp {
  return cached(`like:${caseInsensitive}:${escape}:${pattern}`, () => {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (escape !== '' && c === escape) {
        i++;
        if (i >= pattern.length) {
          throw new LarchError(
            SqlState.invalidParameterValue,
            'LIKE pattern must not end with escape character',
          );
        }
        re += pattern[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      } else if (c === '%') re += '[\\s\\S]*';
      else if (c === '_') re += '[\\s\\S]';
      else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return new RegExp(`^${re}$`, caseInsensitive ? 'isu' : 'su');
  });
}

function similarToRegExp(pattern: string, escape = '\\'): RegExp {
  return cached(`similar:${escape}:${pattern}`, () => {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === escape) {
        i++;
        re += (pattern[i] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      } else if (c === '%') re += '[\\s\\S]*';
      else if (c === '_') re += '[\\s\\S]';
      else if (c === '.') re += '\\.';
      else re += c;
    }
    return new RegExp(`^(?:${re})$`, 'su');
  });
}

/** Compiles a POSIX regular expression (PostgreSQL's ARE flavour, as far as JS regexes carry it). */
export function posixRegExp(pattern: string, flags = ''): RegExp {
  return cached(`re:${flags}:${pattern}`, () => {
    try {
      const translated = pattern
        .replace(/\[\[:alpha:\]\]/g, '[A-Za-z]')
        .replace(/\[\[:digit:\]\]/g, '[0-9]')
        .replace(/\[\[:alnum:\]\]/g, '[A-Za-z0-9]')
        .replace(/\[\[:space:\]\]/g, '\\s')
        .replace(/\[\[:upper:\]\]/g, '[A-Z]')
        .replace(/\[\[:lower:\]\]/g, '[a-z]')
        .replace(/\[\[:punct:\]\]/g, '[!-\\/:-@\\[-`{-~]')
        .replace(/\\m/g, '\\b')
        .replace(/\\M/g, '\\b')
        .replace(/\\y/g, '\\b');
      return new RegExp(translated, `u${flags}`);
    } catch (e) {
      throw new LarchError(
        SqlState.invalidRegularExpression,
        `invalid regular expression: ${(e as Error).message}`,
      );
    }
  });
}

const { text, bool } = Types;

export const like: ScalarDefinition = {
  kind: 'scalar',
  name: 'like',
  aliases: ['~~'],
  description: 'Pattern match: % matches any string, _ any one character.',
  example: "SELECT 'abc' LIKE 'a%'",
  overloads: [
    {
      args: [text, text],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => likeToRegExp(v[1] as string, false).test(v[0] as string)),
    },
    {
      args: [text, text, text],
      returns: bool,
      kernel: () =>
        valueKernel(bool, (v) => likeToRegExp(v[1] as string, false, v[2] as string).test(v[0] as string)),
    },
  ],
};

export const notLike: ScalarDefinition = {
  kind: 'scalar',
  name: '!~~',
  description: 'NOT LIKE.',
  overloads: [
    {
      args: [text, text],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => !likeToRegExp(v[1] as string, false).test(v[0] as string)),
    },
  ],
};

export const ilike: ScalarDefinition = {
  kind: 'scalar',
  name: 'ilike',
  aliases: ['~~*'],
  description: 'Case-insensitive LIKE.',
  example: "SELECT 'ABC' ILIKE 'a%'",
  overloads: [
    {
      args: [text, text],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => likeToRegExp(v[1] as string, true).test(v[0] as string)),
    },
    {
      args: [text, text, text],
      returns: bool,
      kernel: () =>
        valueKernel(bool, (v) => likeToRegExp(v[1] as string, true, v[2] as string).test(v[0] as string)),
    },
  ],
};

export const notIlike: ScalarDefinition = {
  kind: 'scalar',
  name: '!~~*',
  description: 'NOT ILIKE.',
  overloads: [
    {
      args: [text, text],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => !likeToRegExp(v[1] as string, true).test(v[0] as string)),
    },
  ],
};

export const similarTo: ScalarDefinition = {
  kind: 'scalar',
  name: 'similar_to',
  description: 'SQL regular expression match.',
  example: "SELECT 'abc' SIMILAR TO '(a|b)%'",
  overloads: [
    {
      args: [text, text],
      returns: bool,
      kernel: () => valueKernel(bool, (v) => similarToRegExp(v[1] as string).test(v[0] as string)),
    },
    {
      args: [text, text, text],
      returns: bool,
      kernel: () =>
        valueKernel(bool, (v) => similarToRegExp(v[1] as string, v[2] as string).test(v[0] as string)),
    },
  ],
};

function regexOperator(name: string, insensitive: boolean, negated: boolean): ScalarDefinition {
  return {
    kind: 'scalar',
    name,
    description: `POSIX regular expression match${insensitive ? ' (case-insensitive)' : ''}${negated ? ', negated' : ''}.`,
    overloads: [
      {
        args: [text, text],
        returns: bool,
        kernel: () =>
          valueKernel(
            bool,
            (v) => posixRegExp(v[1] as string, insensitive ? 'i' : '').test(v[0] as string) !== negated,
          ),
      },
    ],
  };
}

export const regexMatch = regexOperator('~', false, false);
export const regexMatchInsensitive = regexOperator('~*', true, false);
export const regexNotMatch = regexOperator('!~', false, true);
export const regexNotMatchInsensitive = regexOperator('!~*', true, true);
