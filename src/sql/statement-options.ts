// Option lists of the model and stream statements: OPTIONS ( name = value, … ) with strings,
// numbers, booleans, lists, structs and the hyperparameter forms.

import type { RawOptionValue } from '../ml/index.js';
import { isPunct, isWord } from './ml-tokens.js';
import type { TokenCursor } from './token-cursor.js';

function numberValue(c: TokenCursor, negative: boolean): number {
  const t = c.peek()!;
  c.i++;
  return negative ? -Number(t.value) : Number(t.value);
}

/** One option value: string, number, TRUE/FALSE, [list], HPARAM_CANDIDATES([…]), HPARAM_RANGE(a, b). */
export function optionValue(c: TokenCursor): RawOptionValue {
  const t = c.peek();
  if (t === undefined) throw c.error('syntax error: expected an option value');
  if (t.kind === 'string') {
    c.i++;
    return t.value;
  }
  if (t.kind === 'number') return numberValue(c, false);
  if (isPunct(t, '-') && c.peek(1)?.kind === 'number') {
    c.i++;
    return numberValue(c, true);
  }
  if (isWord(t, 'true') || isWord(t, 'false')) {
    c.i++;
    return t.value === 'true';
  }
  if (isWord(t, 'hparam_candidates')) {
    c.i++;
    c.expectPunct('(');
    const values = listValue(c);
    c.expectPunct(')');
    if (values.some((v) => typeof v !== 'number' && typeof v !== 'string'))
      throw c.error('HPARAM_CANDIDATES takes a list of numbers or strings', t);
    return { kind: 'candidates', values: values as (number | string)[] };
  }
  if (isWord(t, 'hparam_range')) {
    c.i++;
    c.expectPunct('(');
    const min = optionValue(c);
    c.expectPunct(',');
    const max = optionValue(c);
    c.expectPunct(')');
    if (typeof min !== 'number' || typeof max !== 'number')
      throw c.error('HPARAM_RANGE takes two numbers', t);
    return { kind: 'range', min, max };
  }
  if (isPunct(t, '[') || isWord(t, 'array')) {
    if (isWord(t, 'array')) c.i++;
    const values = listValue(c);
    // class_weights = [STRUCT('label', 0.5), …] or [('label', 0.5), …].
    if (values.length > 0 && values.every((v) => Array.isArray(v))) {
      const weights: Record<string, number> = {};
      for (const pair of values as unknown as [string, number][]) weights[String(pair[0])] = Number(pair[1]);
      return weights;
    }
    if (values.every((v) => typeof v === 'number')) return values as number[];
    return values.map(String);
  }
  if (isWord(t, 'struct') || isPunct(t, '(')) {
    if (isWord(t, 'struct')) c.i++;
    c.expectPunct('(');
    const first = optionValue(c);
    c.expectPunct(',');
    const second = optionValue(c);
    c.expectPunct(')');
    return [first, second] as unknown as RawOptionValue;
  }
  if (t.kind === 'word' || t.kind === 'quoted') {
    c.i++;
    return t.value;
  }
  throw c.error('syntax error: expected an option value');
}

function listValue(c: TokenCursor): unknown[] {
  c.expectPunct('[');
  const values: unknown[] = [];
  if (c.punct(']')) return values;
  do values.push(optionValue(c));
  while (c.punct(','));
  c.expectPunct(']');
  return values;
}

/** OPTIONS ( name = value, … ); with `equalsOptional`, also ( name value, … ) as in COPY. */
export function options(c: TokenCursor, equalsOptional = false): Record<string, RawOptionValue> {
  const out: Record<string, RawOptionValue> = {};
  c.expectPunct('(');
  if (c.punct(')')) return out;
  do {
    const nameToken = c.peek();
    const name = c.name('option');
    if (name.toLowerCase() in out) throw c.error(`option "${name.toLowerCase()}" is given twice`, nameToken);
    if (!equalsOptional || isPunct(c.peek(), '=')) c.expectPunct('=');
    out[name.toLowerCase()] = optionValue(c);
  } while (c.punct(','));
  c.expectPunct(')');
  return out;
}
