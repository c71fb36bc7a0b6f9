// dbgen's comment text (text.c). On first use dbg_text() fills a 300 MiB pool with sentences drawn from
// stream 5 by the grammar of dists.dss; every comment is then a substring of that pool at a random offset
// with a random length. The pool is built once per process and kept until `releaseTextPool()`.

import {
  ADJECTIVES,
  ADVERBS,
  ARTICLES,
  AUXILLARIES,
  Distribution,
  GRAMMAR,
  NOUNS,
  NP,
  PREPOSITIONS,
  TERMINATORS,
  VERBS,
  VP,
  type WeightedList,
} from './dists.js';
import { nextRand, type RandomStream, RNG_MODULUS, SEEDS, TEXT_POOL_SD } from './rng.js';

export const TEXT_POOL_SIZE = 300 * 1024 * 1024;
const MAX_SENTENCE = 256; // MAX_SENT_LEN
const SPACE = 0x20;

const N = 0x4e;
const V = 0x56;
const P = 0x50;

/**
 * All words of the text distributions back to back, and for each distribution pick_str()'s lookup from a
 * draw in [1, total] to the word chosen (a global word number).
 */
class Lexicon {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  add(dist: Distribution): { readonly lookup: Int32Array; readonly total: number } {
    const first = this.starts.length;
    for (const token of dist.tokens) {
      const bytes = Buffer.from(token, 'latin1');
      this.chunks.push(bytes);
      this.starts.push(this.size);
      this.size += bytes.length;
      this.ends.push(this.size);
    }
    return { lookup: dist.lookup.map((i) => first + i), total: dist.total };
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A phrase form compiled to [lookup, total, punctuation byte or -1] per word. */
type PhraseForm = readonly (readonly [lookup: Int32Array, total: number, punct: number])[];

/** Compile np/vp forms ("J, J N"): each space-separated token is a part-of-speech letter plus punctuation. */
function phraseForms(
  dist: Distribution,
  lexicon: Lexicon,
  pos: Record<string, WeightedList>,
  kind: string,
): PhraseForm[] {
  const picks = new Map<string, { readonly lookup: Int32Array; readonly total: number }>();
  for (const [letter, list] of Object.entries(pos)) picks.set(letter, lexicon.add(new Distribution(list)));
  return dist.tokens.map((form) =>
    form.split(' ').map((token) => {
      const pick = picks.get(token[0]!);
      if (pick === undefined) throw new Error(`unknown ${kind} part of speech in '${form}'`);
      // txt_vp() mishandles punctuation (it skips a byte before writing it); dists.dss has none there.
      if (token.length > 1 && kind === 'vp') throw new Error(`punctuation in vp form '${form}'`);
      return [pick.lookup, pick.total, token.length > 1 ? token.charCodeAt(1) : -1] as const;
    }),
  );
}

/**
 * dbg_text()'s pre-load (with txt_sentence(), txt_np(), txt_vp() and pick_str() inlined): whole sentences
 * separated by one space, the last one cut at the pool size. A terminator replaces the space after the
 * sentence's last word.
 */
function buildPool(): string {
  const lexicon = new Lexicon();
  const grammar = new Distribution(GRAMMAR);
  const np = new Distribution(NP);
  const vp = new Distribution(VP);
  const nounForms = phraseForms(np, lexicon, { A: ARTICLES, J: ADJECTIVES, D: ADVERBS, N: NOUNS }, 'np');
  const verbForms = phraseForms(vp, lexicon, { D: ADVERBS, V: VERBS, X: AUXILLARIES }, 'vp');
  const prepositions = lexicon.add(new Distribution(PREPOSITIONS));
  const terminators = lexicon.add(new Distribution(TERMINATORS));
  const sentences = grammar.tokens.map((form) => {
    const tokens = form.split(' ');
    if (tokens.some((t) => t.length !== 1 || !'NVPT'.includes(t)) || tokens[tokens.length - 1] !== 'T') {
      throw new Error(`unsupported grammar form '${form}'`);
    }
    return tokens.map((t) => t.charCodeAt(0));
  });
  const words = lexicon.bytes();
  const starts = Int32Array.from(lexicon.starts);
  const ends = Int32Array.from(lexicon.ends);
  const the = Buffer.from(' the ', 'latin1');

  const pool = Buffer.allocUnsafe(TEXT_POOL_SIZE + 2 * MAX_SENTENCE);
  let seed = SEEDS[TEXT_POOL_SD]![0];
  let pos = 0;
  while (pos < TEXT_POOL_SIZE) {
    seed = nextRand(seed);
    const sentence = sentences[grammar.lookup[1 + Math.trunc((seed / RNG_MODULUS) * grammar.total)]!]!;
    for (let t = 0; t < sentence.length; t++) {
      const token = sentence[t]!;
      let form: PhraseForm;
      if (token === N || token === V) {
        seed = nextRand(seed);
        form =
          token === N
            ? nounForms[np.lookup[1 + Math.trunc((seed / RNG_MODULUS) * np.total)]!]!
            : verbForms[vp.lookup[1 + Math.trunc((seed / RNG_MODULUS) * vp.total)]!]!;
      } else {
        // P: a preposition then " the " and a noun phrase; T: a terminator in place of the last space.
        const pick = token === P ? prepositions : terminators;
        if (token !== P) pos--;
        seed = nextRand(seed);
        const w = pick.lookup[1 + Math.trunc((seed / RNG_MODULUS) * pick.total)]!;
        for (let k = starts[w]!, e = ends[w]!; k < e; k++) pool[pos++] = words[k]!;
        if (token !== P) continue;
        for (let k = 0; k < the.length; k++) pool[pos++] = the[k]!;
        seed = nextRand(seed);
        form = nounForms[np.lookup[1 + Math.trunc((seed / RNG_MODULUS) * np.total)]!]!;
      }
      for (let p = 0; p < form.length; p++) {
        const [lookup, total, punct] = form[p]!;
        seed = nextRand(seed);
        const w = lookup[1 + Math.trunc((seed / RNG_MODULUS) * total)]!;
        for (let k = starts[w]!, e = ends[w]!; k < e; k++) pool[pos++] = words[k]!;
        if (punct >= 0) pool[pos++] = punct;
        pool[pos++] = SPACE;
      }
    }
    pool[pos++] = SPACE;
  }
  return pool.toString('latin1', 0, TEXT_POOL_SIZE);
}

let pool: string | undefined;

/**
 * The text pool, built on first use (a few seconds). It is one 300 MiB string: comments are substrings of
 * it, which V8 represents as slices that keep the pool alive, and cost no copying.
 */
export function textPool(): string {
  pool ??= buildPool();
  return pool;
}

/** Drop the cached text pool (it stays in memory while comments sliced from it do); the next use rebuilds it. */
export function releaseTextPool(): void {
  pool = undefined;
}

/**
 * dbg_text() through the TEXT() macro: a substring of the pool with length in [avg * 0.4, avg * 1.6]
 * (V_STR_LOW, V_STR_HGH) at an offset in [0, TEXT_POOL_SIZE - max].
 */
export class TextSource {
  readonly min: number;
  readonly max: number;
  private readonly pool: string;

  constructor(avgLength: number) {
    this.min = Math.trunc(avgLength * 0.4);
    this.max = Math.trunc(avgLength * 1.6);
    this.pool = textPool();
  }

  text(s: RandomStream): string {
    const offset = s.int(0, TEXT_POOL_SIZE - this.max);
    const length = s.int(this.min, this.max);
    return this.pool.substring(offset, offset + length);
  }
}
