// The ML call syntax PostgreSQL's grammar does not know, rewritten into forms it parses, keeping every
// other character where it was so that AST locations and error positions still point into the text as
// written:
//   MODEL name@2            → 'name@2'   (a string literal, padded with spaces)
//   , TABLE t               → ,       t  (a column reference the ML functions read as a table)
//   STRUCT(0.5 AS threshold) → STRUCT(0.5 ,'threshold')
// and a bracketed list where an argument starts, `(x, [4.5])`, becomes `ARRAY[4.5]` (the only rewrite
// that moves later text, by six characters).

import { isPunct, isWord, type MlToken, mlTokens } from './ml-tokens.js';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** `'…'` quoting of a name, padded with spaces to `width` when shorter. */
function padded(literal: string, width: number): string {
  return literal.length >= width ? literal : literal + ' '.repeat(width - literal.length);
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** MODEL name[@n] at tokens[i]: the edit and the index after it, or null. */
function modelReference(tokens: readonly MlToken[], i: number): [Edit, number] | null {
  const name = tokens[i + 1];
  if (name === undefined || (name.kind !== 'word' && name.kind !== 'quoted')) return null;
  if (!isPunct(tokens[i - 1], '(') && !isPunct(tokens[i - 1], ',')) return null;
  let end = name.end;
  let value = name.value;
  let next = i + 2;
  // schema.name is accepted and names the model by its last part.
  if (isPunct(tokens[next], '.') && tokens[next + 1] !== undefined) {
    value = tokens[next + 1]!.value;
    end = tokens[next + 1]!.end;
    next += 2;
  }
  if (isPunct(tokens[next], '@') && tokens[next + 1]?.kind === 'number') {
    value += `@${tokens[next + 1]!.value}`;
    end = tokens[next + 1]!.end;
    next += 2;
  }
  if (!isPunct(tokens[next], ',') && !isPunct(tokens[next], ')')) return null;
  const start = tokens[i]!.start;
  return [{ start, end, text: padded(quote(value), end - start) }, next];
}

/** Edits inside STRUCT( … ): each top-level `AS name` becomes `,'name'`. */
function structFields(tokens: readonly MlToken[], open: number, edits: Edit[]): void {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, ')') || isPunct(t, ']')) {
      depth--;
      if (depth === 0) return;
    } else if (depth === 1 && isWord(t, 'as')) {
      const name = tokens[j + 1];
      if (name === undefined || (name.kind !== 'word' && name.kind !== 'quoted')) continue;
      edits.push({
        start: t.start,
        end: name.end,
        text: padded(`,${quote(name.value)}`, name.end - t.start),
      });
    }
  }
}

/**
 * The text with ML call syntax rewritten, or the text itself when it has none.
 * @example rewriteMlCallSyntax("SELECT * FROM ML.PREDICT(MODEL m, TABLE t)")
 *   // "SELECT * FROM ML.PREDICT('m'    ,       t)"
 */
export function rewriteMlCallSyntax(text: string): string {
  if (!/\b(model|struct)\b|\[/i.test(text)) return text;
  const tokens = mlTokens(text);
  const edits: Edit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isWord(t, 'model')) {
      const ref = modelReference(tokens, i);
      if (ref !== null) {
        edits.push(ref[0]);
        i = ref[1] - 1;
      }
    } else if (isWord(t, 'table') && isPunct(tokens[i - 1], ',') && tokens[i + 1]?.kind !== 'punct') {
      edits.push({ start: t.start, end: t.end, text: ' '.repeat(t.end - t.start) });
    } else if (isWord(t, 'struct') && isPunct(tokens[i + 1], '(')) {
      structFields(tokens, i + 1, edits);
    } else if (isPunct(t, '[') && (isPunct(tokens[i - 1], '(') || isPunct(tokens[i - 1], ','))) {
      edits.push({ start: t.start, end: t.start, text: 'ARRAY' });
    }
  }
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}
