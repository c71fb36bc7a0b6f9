// dbgen's random number streams (rnd.c, rnd.h, speed_seed.c). Below scale factor 30000 every column uses
// Park & Miller's "minimum standard" generator, seed = seed * 16807 mod (2^31 - 1), one stream per column
// with the seeds of rnd.h. All of its arithmetic is exact in doubles: a seed times 16807 is below 2^46, and
// the skip-ahead product of two residues is split into 16-bit halves. (rng64.c's 64-bit LCG is only used for
// o_custkey and l_partkey at SF >= 30000, beyond what this port supports: see `tpchScale` in generate.ts.)

export const RNG_MODULUS = 2147483647; // nM = 2^31 - 1; dM in rnd.h is the same value as a double
const TWO_31 = 2147483648;

/** x mod (2^31 - 1) for an integer 0 <= x < 2^53, using 2^31 = 1 (mod 2^31 - 1) instead of a division. */
function reduce(x: number): number {
  const hi = Math.floor(x / TWO_31);
  const r = x - hi * TWO_31 + hi; // < 2^31 + 2^22
  return r >= RNG_MODULUS ? r - RNG_MODULUS : r;
}

/** NextRand(): seed * 16807 mod (2^31 - 1). */
export function nextRand(seed: number): number {
  return reduce(seed * 16807); // < 2^46: exact
}

/** a * b mod (2^31 - 1) for a, b in [0, 2^31 - 1), exact in doubles. */
export function mulMod(a: number, b: number): number {
  const r = reduce(a * (b >>> 16)); // < 2^46
  return reduce(r * 65536 + a * (b & 0xffff)); // < 2^48
}

/** 16807^n mod (2^31 - 1): the multiplier NthElement() applies to skip n draws. */
export function skipMultiplier(n: number): number {
  let result = 1;
  let mult = 16807;
  while (n > 0) {
    if (n % 2 !== 0) result = mulMod(result, mult);
    n = Math.floor(n / 2);
    mult = mulMod(mult, mult);
  }
  return result;
}

const MAX_BOUNDARY = 92; // P_NAME_SD, the largest per-row boundary in rnd.h
const SKIP = Array.from({ length: MAX_BOUNDARY + 1 }, (_, n) => skipMultiplier(n));

/**
 * One column's stream (seed_t). Every row uses at most `boundary` draws of it; row_stop() then skips the
 * unused rest (NthElement(boundary - usage)), so row n always starts at draw (n - 1) * boundary whatever the
 * data of earlier rows. That makes the tables independent of each other and of the generation order.
 */
export class RandomStream {
  value: number;
  usage = 0;

  constructor(
    seed: number,
    readonly boundary: number,
  ) {
    if (boundary > MAX_BOUNDARY) throw new RangeError(`boundary ${boundary} > ${MAX_BOUNDARY}`);
    this.value = seed;
  }

  /** UnifInt(low, high) through dss_random(): uniform in [low, high], computed in doubles as in C. */
  int(low: number, high: number): number {
    const v = nextRand(this.value);
    this.value = v;
    this.usage++;
    return low + Math.trunc((v / RNG_MODULUS) * (high - low + 1));
  }

  /**
   * UnifInt(0, MAX_LONG): rnd.c takes this range through int32_t, where MAX_LONG - 0 + 1 wraps to -2^31, so
   * the result is in (-2^31, 0]. a_rnd() uses it six bits at a time (its & 077 and >>= 6 see the two's
   * complement bits, which JavaScript's int32 operators reproduce).
   */
  intMaxLong(): number {
    const v = nextRand(this.value);
    this.value = v;
    this.usage++;
    return Math.trunc((v / RNG_MODULUS) * -2147483648);
  }

  /** row_stop() and the next row_start(): skip to the row boundary and reset the usage count. */
  endRow(): void {
    const skip = this.boundary - this.usage;
    if (skip > 0) this.value = mulMod(this.value, SKIP[skip]!);
    this.usage = 0;
  }
}

/** Initial seed and per-row boundary of each stream (Seed[] in rnd.h), indexed by the *_SD constants. */
export const SEEDS: readonly (readonly [seed: number, boundary: number])[] = [
  [1, 1], // 0 P_MFG_SD
  [46831694, 1], // 1 P_BRND_SD
  [1841581359, 1], // 2 P_TYPE_SD
  [1193163244, 1], // 3 P_SIZE_SD
  [727633698, 1], // 4 P_CNTR_SD
  [933588178, 1], // 5 text pool pre-generation
  [804159733, 2], // 6 P_CMNT_SD
  [1671059989, 4], // 7 PS_QTY_SD (SUPP_PER_PART)
  [1051288424, 4], // 8 PS_SCST_SD
  [1961692154, 8], // 9 PS_CMNT_SD (SUPP_PER_PART * 2)
  [1227283347, 1], // 10 O_SUPP_SD
  [1171034773, 1], // 11 O_CLRK_SD
  [276090261, 2], // 12 O_CMNT_SD
  [1066728069, 1], // 13 O_ODATE_SD
  [209208115, 7], // 14 L_QTY_SD (O_LCNT_MAX)
  [554590007, 7], // 15 L_DCNT_SD
  [721958466, 7], // 16 L_TAX_SD
  [1371272478, 7], // 17 L_SHIP_SD
  [675466456, 7], // 18 L_SMODE_SD
  [1808217256, 7], // 19 L_PKEY_SD
  [2095021727, 7], // 20 L_SKEY_SD
  [1769349045, 7], // 21 L_SDTE_SD
  [904914315, 7], // 22 L_CDTE_SD
  [373135028, 7], // 23 L_RDTE_SD
  [717419739, 7], // 24 L_RFLG_SD
  [1095462486, 14], // 25 L_CMNT_SD (O_LCNT_MAX * 2)
  [881155353, 9], // 26 C_ADDR_SD
  [1489529863, 1], // 27 C_NTRG_SD
  [1521138112, 3], // 28 C_PHNE_SD
  [298370230, 1], // 29 C_ABAL_SD
  [1140279430, 1], // 30 C_MSEG_SD
  [1335826707, 2], // 31 C_CMNT_SD
  [706178559, 9], // 32 S_ADDR_SD
  [110356601, 1], // 33 S_NTRG_SD
  [884434366, 3], // 34 S_PHNE_SD
  [962338209, 1], // 35 S_ABAL_SD
  [1341315363, 2], // 36 S_CMNT_SD
  [709314158, 92], // 37 P_NAME_SD
  [591449447, 1], // 38 O_PRIO_SD
  [431918286, 1], // 39 HVAR_SD
  [851767375, 1], // 40 O_CKEY_SD
  [606179079, 2], // 41 N_CMNT_SD
  [1500869201, 2], // 42 R_CMNT_SD
  [1434868289, 1], // 43 O_LCNT_SD
  [263032577, 1], // 44 BBB_JNK_SD
  [753643799, 1], // 45 BBB_TYPE_SD
  [202794285, 1], // 46 BBB_CMNT_SD
  [715851524, 1], // 47 BBB_OFFSET_SD
];

/** A fresh stream positioned at row 1 (each table generation starts from the rnd.h seeds). */
export function stream(sd: number): RandomStream {
  const s = SEEDS[sd];
  if (s === undefined) throw new RangeError(`no stream ${sd}`);
  return new RandomStream(s[0], s[1]);
}

// Stream indexes (dss.h, shared.h).
export const P_MFG_SD = 0;
export const P_BRND_SD = 1;
export const P_TYPE_SD = 2;
export const P_SIZE_SD = 3;
export const P_CNTR_SD = 4;
export const TEXT_POOL_SD = 5;
export const P_CMNT_SD = 6;
export const PS_QTY_SD = 7;
export const PS_SCST_SD = 8;
export const PS_CMNT_SD = 9;
export const O_CLRK_SD = 11;
export const O_CMNT_SD = 12;
export const O_ODATE_SD = 13;
export const L_QTY_SD = 14;
export const L_DCNT_SD = 15;
export const L_TAX_SD = 16;
export const L_SHIP_SD = 17;
export const L_SMODE_SD = 18;
export const L_PKEY_SD = 19;
export const L_SKEY_SD = 20;
export const L_SDTE_SD = 21;
export const L_CDTE_SD = 22;
export const L_RDTE_SD = 23;
export const L_RFLG_SD = 24;
export const L_CMNT_SD = 25;
export const C_ADDR_SD = 26;
export const C_NTRG_SD = 27;
export const C_PHNE_SD = 28;
export const C_ABAL_SD = 29;
export const C_MSEG_SD = 30;
export const C_CMNT_SD = 31;
export const S_ADDR_SD = 32;
export const S_NTRG_SD = 33;
export const S_PHNE_SD = 34;
export const S_ABAL_SD = 35;
export const S_CMNT_SD = 36;
export const P_NAME_SD = 37;
export const O_PRIO_SD = 38;
export const O_CKEY_SD = 40;
export const N_CMNT_SD = 41;
export const R_CMNT_SD = 42;
export const O_LCNT_SD = 43;
export const BBB_JNK_SD = 44;
export const BBB_TYPE_SD = 45;
export const BBB_CMNT_SD = 46;
export const BBB_OFFSET_SD = 47;
