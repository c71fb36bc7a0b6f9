// The distributions of TPC-H dbgen 2.17.3's dists.dss that the data generator reads (load_dists() in
// driver.c), embedded as data. Each entry is [token, weight] exactly as in the file; read_dist() turns the
// weights into running totals, which is what pick_str() searches (see `Distribution`). Lists whose weights
// are all 1 are written as plain token lists.

export type WeightedList = readonly (readonly [string, number])[];

function uniform(tokens: readonly string[]): WeightedList {
  return tokens.map((t) => [t, 1] as const);
}

function product(...parts: readonly (readonly string[])[]): string[] {
  let out: string[] = [''];
  for (const part of parts)
    out = out.flatMap((prefix) => part.map((p) => (prefix === '' ? p : `${prefix} ${p}`)));
  return out;
}

/** p_cntr: 40 containers, SM CASE … WRAP DRUM in file order. */
export const P_CNTR = uniform(
  product(['SM', 'LG', 'MED', 'JUMBO', 'WRAP'], ['CASE', 'BOX', 'BAG', 'JAR', 'PACK', 'PKG', 'CAN', 'DRUM']),
);

/** p_types: 150 types, STANDARD ANODIZED TIN … PROMO BRUSHED COPPER in file order. */
export const P_TYPES = uniform(
  product(
    ['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'],
    ['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'],
    ['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'],
  ),
);

/** colors: 92 words for p_name (agg_str permutes this list, so it is never searched by weight). */
// prettier-ignore
export const COLORS = uniform([
  'almond', 'antique', 'aquamarine', 'azure', 'beige', 'bisque', 'black', 'blanched', 'blue', 'blush',
  'brown', 'burlywood', 'burnished', 'chartreuse', 'chiffon', 'chocolate', 'coral', 'cornflower',
  'cornsilk', 'cream', 'cyan', 'dark', 'deep', 'dim', 'dodger', 'drab', 'firebrick', 'floral', 'forest',
  'frosted', 'gainsboro', 'ghost', 'goldenrod', 'green', 'grey', 'honeydew', 'hot', 'indian', 'ivory',
  'khaki', 'lace', 'lavender', 'lawn', 'lemon', 'light', 'lime', 'linen', 'magenta', 'maroon', 'medium',
  'metallic', 'midnight', 'mint', 'misty', 'moccasin', 'navajo', 'navy', 'olive', 'orange', 'orchid',
  'pale', 'papaya', 'peach', 'peru', 'pink', 'plum', 'powder', 'puff', 'purple', 'red', 'rose', 'rosy',
  'royal', 'saddle', 'salmon', 'sandy', 'seashell', 'sienna', 'sky', 'slate', 'smoke', 'snow', 'spring',
  'steel', 'tan', 'thistle', 'tomato', 'turquoise', 'violet', 'wheat', 'white', 'yellow',
]);

/**
 * nations: the weights are not a distribution but adjustments whose running total is the nation's region
 * key (mk_nation() stores the running total as n_regionkey).
 */
// prettier-ignore
export const NATIONS: WeightedList = [
  ['ALGERIA', 0], ['ARGENTINA', 1], ['BRAZIL', 0], ['CANADA', 0], ['EGYPT', 3], ['ETHIOPIA', -4],
  ['FRANCE', 3], ['GERMANY', 0], ['INDIA', -1], ['INDONESIA', 0], ['IRAN', 2], ['IRAQ', 0], ['JAPAN', -2],
  ['JORDAN', 2], ['KENYA', -4], ['MOROCCO', 0], ['MOZAMBIQUE', 0], ['PERU', 1], ['CHINA', 1],
  ['ROMANIA', 1], ['SAUDI ARABIA', 1], ['VIETNAM', -2], ['RUSSIA', 1], ['UNITED KINGDOM', 0],
  ['UNITED STATES', -2],
];

export const REGIONS = uniform(['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST']);
export const O_OPRIO = uniform(['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW']);
export const INSTRUCT = uniform(['DELIVER IN PERSON', 'COLLECT COD', 'TAKE BACK RETURN', 'NONE']);
export const SMODE = uniform(['REG AIR', 'AIR', 'RAIL', 'TRUCK', 'MAIL', 'FOB', 'SHIP']);
export const RFLAG = uniform(['R', 'A']);
export const MSEGMNT = uniform(['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY']);

// Pseudo-text distributions (text.c).

// prettier-ignore
export const NOUNS: WeightedList = [
  ['packages', 40], ['requests', 40], ['accounts', 40], ['deposits', 40], ['foxes', 20], ['ideas', 20],
  ['theodolites', 20], ['pinto beans', 20], ['instructions', 20], ['dependencies', 10], ['excuses', 10],
  ['platelets', 10], ['asymptotes', 10], ['courts', 5], ['dolphins', 5], ['multipliers', 1],
  ['sauternes', 1], ['warthogs', 1], ['frets', 1], ['dinos', 1], ['attainments', 1], ['somas', 1],
  ['Tiresias', 1], ['patterns', 1], ['forges', 1], ['braids', 1], ['frays', 1], ['warhorses', 1],
  ['dugouts', 1], ['notornis', 1], ['epitaphs', 1], ['pearls', 1], ['tithes', 1], ['waters', 1],
  ['orbits', 1], ['gifts', 1], ['sheaves', 1], ['depths', 1], ['sentiments', 1], ['decoys', 1],
  ['realms', 1], ['pains', 1], ['grouches', 1], ['escapades', 1], ['hockey players', 1],
];

// prettier-ignore
export const VERBS: WeightedList = [
  ['sleep', 20], ['wake', 20], ['are', 20], ['cajole', 20], ['haggle', 20], ['nag', 10], ['use', 10],
  ['boost', 10], ['affix', 5], ['detect', 5], ['integrate', 5], ['maintain', 1], ['nod', 1], ['was', 1],
  ['lose', 1], ['sublate', 1], ['solve', 1], ['thrash', 1], ['promise', 1], ['engage', 1], ['hinder', 1],
  ['print', 1], ['x-ray', 1], ['breach', 1], ['eat', 1], ['grow', 1], ['impress', 1], ['mold', 1],
  ['poach', 1], ['serve', 1], ['run', 1], ['dazzle', 1], ['snooze', 1], ['doze', 1], ['unwind', 1],
  ['kindle', 1], ['play', 1], ['hang', 1], ['believe', 1], ['doubt', 1],
];

// prettier-ignore
export const ADVERBS: WeightedList = [
  ['sometimes', 1], ['always', 1], ['never', 1], ['furiously', 50], ['slyly', 50], ['carefully', 50],
  ['blithely', 40], ['quickly', 30], ['fluffily', 20], ['slowly', 1], ['quietly', 1], ['ruthlessly', 1],
  ['thinly', 1], ['closely', 1], ['doggedly', 1], ['daringly', 1], ['bravely', 1], ['stealthily', 1],
  ['permanently', 1], ['enticingly', 1], ['idly', 1], ['busily', 1], ['regularly', 1], ['finally', 1],
  ['ironically', 1], ['evenly', 1], ['boldly', 1], ['silently', 1],
];

export const ARTICLES: WeightedList = [
  ['the', 50],
  ['a', 20],
  ['an', 5],
];

// prettier-ignore
export const PREPOSITIONS: WeightedList = [
  ['about', 50], ['above', 50], ['according to', 50], ['across', 50], ['after', 50], ['against', 40],
  ['along', 40], ['alongside of', 30], ['among', 30], ['around', 20], ['at', 10], ['atop', 1],
  ['before', 1], ['behind', 1], ['beneath', 1], ['beside', 1], ['besides', 1], ['between', 1],
  ['beyond', 1], ['by', 1], ['despite', 1], ['during', 1], ['except', 1], ['for', 1], ['from', 1],
  ['in place of', 1], ['inside', 1], ['instead of', 1], ['into', 1], ['near', 1], ['of', 1], ['on', 1],
  ['outside', 1], ['over', 1], ['past', 1], ['since', 1], ['through', 1], ['throughout', 1], ['to', 1],
  ['toward', 1], ['under', 1], ['until', 1], ['up', 1], ['upon', 1], ['whithout', 1], ['with', 1],
  ['within', 1],
];

// prettier-ignore
export const AUXILLARIES = uniform([
  'do', 'may', 'might', 'shall', 'will', 'would', 'can', 'could', 'should', 'ought to', 'must',
  'will have to', 'shall have to', 'could have to', 'should have to', 'must have to', 'need to', 'try to',
]);

export const TERMINATORS: WeightedList = [
  ['.', 50],
  [';', 1],
  [':', 1],
  ['?', 1],
  ['!', 1],
  ['--', 1],
];

// prettier-ignore
export const ADJECTIVES: WeightedList = [
  ['special', 20], ['pending', 20], ['unusual', 20], ['express', 20], ['furious', 1], ['sly', 1],
  ['careful', 1], ['blithe', 1], ['quick', 1], ['fluffy', 1], ['slow', 1], ['quiet', 1], ['ruthless', 1],
  ['thin', 1], ['close', 1], ['dogged', 1], ['daring', 1], ['brave', 1], ['stealthy', 1],
  ['permanent', 1], ['enticing', 1], ['idle', 1], ['busy', 1], ['regular', 50], ['final', 40],
  ['ironic', 40], ['even', 30], ['bold', 20], ['silent', 10],
];

/** Sentence forms: N noun phrase, V verb phrase, P prepositional phrase, T terminator. */
export const GRAMMAR: WeightedList = [
  ['N V T', 3],
  ['N V P T', 3],
  ['N V N T', 3],
  ['N P V N T', 1],
  ['N P V P T', 1],
];

/** Noun phrases: N noun, A article, J adjective, D adverb; a trailing character is punctuation. */
export const NP: WeightedList = [
  ['N', 10],
  ['J N', 20],
  ['J, J N', 10],
  ['D J N', 50],
];

/** Verb phrases: V verb, X auxiliary, D adverb. */
export const VP: WeightedList = [
  ['V', 30],
  ['X V', 1],
  ['V D', 40],
  ['X V D', 1],
];

/** A distribution as read_dist() stores it: tokens with running-total weights. */
export class Distribution {
  readonly tokens: readonly string[];
  /** Running totals of the weights (set_member.weight after read_dist()). */
  readonly cumulative: Int32Array;
  /** The largest running total: pick_str() draws uniformly from [1, total]. */
  readonly total: number;
  /** lookup[j] = the index pick_str() returns for draw j (the first running total >= j). */
  readonly lookup: Int32Array;

  constructor(list: WeightedList) {
    this.tokens = list.map(([t]) => t);
    this.cumulative = new Int32Array(list.length);
    let max = 0;
    list.forEach(([, w], i) => {
      max += w;
      this.cumulative[i] = max;
    });
    this.total = this.cumulative[list.length - 1]!;
    this.lookup = new Int32Array(Math.max(this.total, 0) + 1);
    for (let j = 1; j <= this.total; j++) {
      let i = 0;
      while (this.cumulative[i]! < j) i++;
      this.lookup[j] = i;
    }
  }
}
