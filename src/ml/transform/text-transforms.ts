// Stateless text transforms: ML.TOKENIZE (Spark's RegexTokenizer), ML.STOP_WORDS_REMOVE and ML.NGRAMS.

import { mlError } from '../core/ml-error.js';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';
import type { MlColumn } from './ml-column.js';

/** Lowercases and splits on `pattern` (default whitespace), dropping empty tokens; NULL stays NULL. */
export function tokenize(texts: readonly (string | null)[], pattern = '\\s+'): MlColumn {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    throw mlError(`ML.TOKENIZE: invalid pattern '${pattern}'`);
  }
  return {
    kind: 'tokens',
    values: texts.map((t) =>
      t === null
        ? null
        : t
            .toLowerCase()
            .split(re)
            .filter((x) => x.length > 0),
    ),
  };
}

/** Removes stop words (case-insensitive); only the 'english' list is built in. */
export function removeStopWords(
  tokens: readonly (readonly string[] | null)[],
  language = 'english',
): MlColumn {
  if (language.toLowerCase() !== 'english')
    throw mlError(`ML.STOP_WORDS_REMOVE: unknown stop word list '${language}'`);
  return {
    kind: 'tokens',
    values: tokens.map((row) =>
      row === null ? null : row.filter((t) => !ENGLISH_STOP_WORDS.has(t.toLowerCase())),
    ),
  };
}

/** Space-joined runs of n consecutive tokens; rows shorter than n give no n-grams. */
export function ngrams(tokens: readonly (readonly string[] | null)[], n: number): MlColumn {
  if (!Number.isInteger(n) || n < 1) throw mlError(`ML.NGRAMS: n must be a positive integer, got ${n}`);
  return {
    kind: 'tokens',
    values: tokens.map((row) => {
      if (row === null) return null;
      const out: string[] = [];
      for (let i = 0; i + n <= row.length; i++) out.push(row.slice(i, i + n).join(' '));
      return out;
    }),
  };
}
