// A small SQL tokenizer for the ML statements and ML call syntax that PostgreSQL's grammar does not know
// (CREATE MODEL, MODEL name@n, TABLE t and STRUCT(x AS name) arguments): words, quoted names, strings,
// numbers and punctuation with their character offsets; comments and whitespace are skipped.

export type MlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface MlToken {
  readonly kind: MlTokenKind;
  /** Words lowercased, quoted names and strings unquoted, numbers and punctuation as written. */
  readonly value: string;
  /** Character offsets of the token in the text: [start, end). */
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The end of a quoted run starting at `start` (quote char `q`, doubled quotes escape it), or -1. */
function quotedEnd(text: string, start: number, q: string, backslash: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslash && c === '\\') i += 2;
    else if (c === q && text[i + 1] === q) i += 2;
    else if (c === q) return i + 1;
    else i++;
  }
  return -1;
}

/** Tokens of `text`; an unterminated quote ends the list (libpg-query reports it later). */
export function mlTokens(text: string): MlToken[] {
  const out: MlToken[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'")) {
      const escapes = c !== "'";
      const start = escapes ? i + 1 : i;
      const end = quotedEnd(text, start, "'", escapes);
      if (end < 0) return out;
      const raw = text.slice(start + 1, end - 1).replace(/''/g, "'");
      out.push({ kind: 'string', value: escapes ? raw.replace(/\\(.)/g, '$1') : raw, start: i, end });
      i = end;
    } else if (c === '"') {
      const end = quotedEnd(text, i, '"', false);
      if (end < 0) return out;
      out.push({ kind: 'quoted', value: text.slice(i + 1, end - 1).replace(/""/g, '"'), start: i, end });
      i = end;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))![0];
      const end = text.indexOf(tag, i + tag.length);
      const stop = end < 0 ? n : end + tag.length;
      out.push({ kind: 'string', value: text.slice(i + tag.length, end < 0 ? n : end), start: i, end: stop });
      i = stop;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))!;
      out.push({ kind: 'number', value: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j]!)) j++;
      out.push({ kind: 'word', value: text.slice(i, j).toLowerCase(), start: i, end: j });
      i = j;
    } else {
      out.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

/** Whether token `t` is the keyword `word` (lowercase). */
export function isWord(t: MlToken | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'word' && t.value === word;
}

/** Whether token `t` is the punctuation `p`. */
export function isPunct(t: MlToken | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.value === p;
}

/** The name a word or quoted token stands for (words fold to lowercase), or undefined. */
export function nameOf(t: MlToken | undefined): string | undefined {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted') ? t.value : undefined;
}
