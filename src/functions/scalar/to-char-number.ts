// to_char for numbers: templates of 9, 0, '.', ',', D, G, S, PL, MI, SG, PR, FM, V, EEEE, RN, TH,
// ported from PostgreSQL's NUM_processor (C locale: '.', ',' and a blank currency symbol).

import { LarchError, SqlState } from '../../engine/errors.js';
import type { DataType } from '../../types/data-type.js';
import {
  type Decimal,
  decimalFromNumber,
  decimalMul,
  decimalRound,
  decimalToString,
  pow10n,
  roundShift,
} from '../../types/decimal.js';
import { printfExponent, printfFixed } from './c-printf.js';
import { quotedText } from './format-pattern.js';

const F_DECIMAL = 1 << 1;
const F_LDECIMAL = 1 << 2;
const F_ZERO = 1 << 3;
const F_BLANK = 1 << 4;
const F_FILLMODE = 1 << 5;
const F_LSIGN = 1 << 6;
const F_BRACKET = 1 << 7;
const F_MINUS = 1 << 8;
const F_PLUS = 1 << 9;
const F_ROMAN = 1 << 10;
const F_MULTI = 1 << 11;
const F_EEEE = 1 << 14;

type LSign = 'none' | 'pre' | 'post';

interface NumDesc {
  flag: number;
  lsign: LSign;
  pre: number;
  post: number;
  preLsignNum: number;
  multi: number;
  zeroStart: number;
  zeroEnd: number;
}

type NumNode =
  { readonly type: 'action'; readonly id: string } | { readonly type: 'text'; readonly text: string };

// In PostgreSQL's table order; lower-case variants share ids except rn and th.
const NUM_KEYWORDS: readonly [string, string][] = [
  [',', ','],
  ['.', '.'],
  ['0', '0'],
  ['9', '9'],
  ['B', 'B'],
  ['C', 'C'],
  ['D', 'D'],
  ['EEEE', 'E'],
  ['FM', 'FM'],
  ['G', 'G'],
  ['L', 'L'],
  ['MI', 'MI'],
  ['PL', 'PL'],
  ['PR', 'PR'],
  ['RN', 'RN'],
  ['SG', 'SG'],
  ['SP', 'SP'],
  ['S', 'S'],
  ['TH', 'TH'],
  ['V', 'V'],
  ['b', 'B'],
  ['c', 'C'],
  ['d', 'D'],
  ['eeee', 'E'],
  ['fm', 'FM'],
  ['g', 'G'],
  ['l', 'L'],
  ['mi', 'MI'],
  ['pl', 'PL'],
  ['pr', 'PR'],
  ['rn', 'rn'],
  ['sg', 'SG'],
  ['sp', 'SP'],
  ['s', 'S'],
  ['th', 'th'],
  ['v', 'V'],
];

function syntaxError(message: string, detail?: string): LarchError {
  return new LarchError(SqlState.syntaxError, message, detail === undefined ? {} : { detail });
}

/** Records one template keyword in the description, as PostgreSQL's NUMDesc_prepare. */
function prepare(num: NumDesc, id: string): void {
  const has = (f: number) => (num.flag & f) !== 0;
  if (has(F_EEEE) && id !== 'E') throw syntaxError('"EEEE" must be the last pattern used');
  switch (id) {
    case '9':
      if (has(F_BRACKET)) throw syntaxError('"9" must be ahead of "PR"');
      if (has(F_MULTI)) num.multi++;
      else if (has(F_DECIMAL)) num.post++;
      else num.pre++;
      return;
    case '0':
      if (has(F_BRACKET)) throw syntaxError('"0" must be ahead of "PR"');
      if (!has(F_ZERO) && !has(F_DECIMAL)) {
        num.flag |= F_ZERO;
        num.zeroStart = num.pre + 1;
      }
      if (!has(F_DECIMAL)) num.pre++;
      else num.post++;
      num.zeroEnd = num.pre + num.post;
      return;
    case 'B':
      if (num.pre === 0 && num.post === 0 && !has(F_ZERO)) num.flag |= F_BLANK;
      return;
    case 'D':
    case '.':
      if (id === 'D') num.flag |= F_LDECIMAL;
      if (has(F_DECIMAL)) throw syntaxError('multiple decimal points');
      if (has(F_MULTI)) throw syntaxError('cannot use "V" and decimal point together');
      num.flag |= F_DECIMAL;
      return;
    case 'FM':
      num.flag |= F_FILLMODE;
      return;
    case 'S':
      if (has(F_LSIGN)) throw syntaxError('cannot use "S" twice');
      if (has(F_PLUS) || has(F_MINUS) || has(F_BRACKET)) {
        throw syntaxError('cannot use "S" and "PL"/"MI"/"SG"/"PR" together');
      }
      if (!has(F_DECIMAL)) {
        num.lsign = 'pre';
        num.preLsignNum = num.pre;
        num.flag |= F_LSIGN;
      } else if (num.lsign === 'none') {
        num.lsign = 'post';
        num.flag |= F_LSIGN;
      }
      return;
    case 'MI':
      if (has(F_LSIGN)) throw syntaxError('cannot use "S" and "MI" together');
      num.flag |= F_MINUS;
      return;
    case 'PL':
      if (has(F_LSIGN)) throw syntaxError('cannot use "S" and "PL" together');
      num.flag |= F_PLUS;
      return;
    case 'SG':
      if (has(F_LSIGN)) throw syntaxError('cannot use "S" and "SG" together');
      num.flag |= F_MINUS | F_PLUS;
      return;
    case 'PR':
      if (has(F_LSIGN) || has(F_PLUS) || has(F_MINUS)) {
        throw syntaxError('cannot use "PR" and "S"/"PL"/"MI"/"SG" together');
      }
      num.flag |= F_BRACKET;
      return;
    case 'RN':
    case 'rn':
      num.flag |= F_ROMAN;
      return;
    case 'V':
      if (has(F_DECIMAL)) throw syntaxError('cannot use "V" and decimal point together');
      num.flag |= F_MULTI;
      return;
    case 'E':
      if (has(F_EEEE)) throw syntaxError('cannot use "EEEE" twice');
      if (has(F_BLANK | F_FILLMODE | F_LSIGN | F_BRACKET | F_MINUS | F_PLUS | F_ROMAN | F_MULTI)) {
        throw syntaxError(
          '"EEEE" is incompatible with other formats',
          '"EEEE" may only be used together with digit and decimal point patterns.',
        );
      }
      num.flag |= F_EEEE;
      return;
  }
}

const templates = new Map<string, { nodes: NumNode[]; num: NumDesc }>();

/** A parsed template with a fresh description (formatting adjusts it as it goes). */
function numberTemplate(format: string): { nodes: NumNode[]; num: NumDesc } {
  let t = templates.get(format);
  if (t === undefined) {
    t = parseNumberFormat(format);
    if (templates.size > 256) templates.clear();
    templates.set(format, t);
  }
  return { nodes: t.nodes, num: { ...t.num } };
}

function parseNumberFormat(format: string): { nodes: NumNode[]; num: NumDesc } {
  const num: NumDesc = {
    flag: 0,
    lsign: 'none',
    pre: 0,
    post: 0,
    preLsignNum: 0,
    multi: 0,
    zeroStart: 0,
    zeroEnd: 0,
  };
  const nodes: NumNode[] = [];
  let pos = 0;
  while (pos < format.length) {
    const key = NUM_KEYWORDS.find(([name]) => format.startsWith(name, pos));
    if (key !== undefined) {
      prepare(num, key[1]);
      nodes.push({ type: 'action', id: key[1] });
      pos += key[0].length;
      continue;
    }
    if (format[pos] === '"') {
      const quoted = quotedText(format, pos);
      for (const text of quoted.chars) nodes.push({ type: 'text', text });
      pos = quoted.end;
      continue;
    }
    if (format[pos] === '\\' && format[pos + 1] === '"') pos++;
    const ch = String.fromCodePoint(format.codePointAt(pos)!);
    nodes.push({ type: 'text', text: ch });
    pos += ch.length;
  }
  return { nodes, num };
}

const RM1 = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
const RM10 = ['X', 'XX', 'XXX', 'XL', 'L', 'LX', 'LXX', 'LXXX', 'XC'];
const RM100 = ['C', 'CC', 'CCC', 'CD', 'D', 'DC', 'DCC', 'DCCC', 'CM'];

/** Roman numerals for 1..3999, fifteen '#' otherwise. */
export function toRoman(n: number): string {
  if (n > 3999 || n < 1) return '#'.repeat(15);
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]) - 1;
    if (d < 0) continue;
    const place = digits.length - i;
    if (place === 4) out += 'M'.repeat(d + 1);
    else if (place === 3) out += RM100[d];
    else if (place === 2) out += RM10[d];
    else out += RM1[d];
  }
  return out;
}

/** The ordinal suffix of the number text (PostgreSQL's get_th). */
function th(num: string, upper: boolean): string {
  const last = num[num.length - 1] ?? '';
  if (!/[0-9]/.test(last))
    throw new LarchError(SqlState.invalidTextRepresentation, `"${num}" is not a number`);
  const d = num.length > 1 && num[num.length - 2] === '1' ? '0' : last;
  const s = d === '1' ? 'st' : d === '2' ? 'nd' : d === '3' ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}

/** Applies the template to the digits `number` (no sign), PostgreSQL's NUM_processor for to_char. */
function processTemplate(
  nodes: readonly NumNode[],
  num: NumDesc,
  number: string,
  outPreSpaces: number,
  sign: string,
): string {
  const is = (f: number) => (num.flag & f) !== 0;
  if (num.zeroStart) num.zeroStart--;
  if (is(F_EEEE)) return number;
  if (is(F_ROMAN)) {
    num.lsign = 'none';
    num.preLsignNum = num.post = num.pre = 0;
    num.flag = is(F_FILLMODE) ? F_FILLMODE | F_ROMAN : F_ROMAN;
  }
  let signWrote: boolean;
  if (is(F_PLUS) || is(F_MINUS)) {
    signWrote = !(is(F_PLUS) && !is(F_MINUS));
  } else {
    if (sign !== '-' && is(F_FILLMODE)) num.flag &= ~F_BRACKET;
    signWrote = sign === '+' && is(F_FILLMODE) && !is(F_LSIGN);
    if (num.lsign === 'pre' && num.pre === num.preLsignNum) num.lsign = 'post';
  }
  let numCount = num.post + num.pre - 1;
  // Index in `number` of the last digit worth printing in fill mode (-1: none).
  let lastRelevant = -1;
  if (is(F_FILLMODE) && is(F_DECIMAL)) {
    const point = number.indexOf('.');
    if (point !== -1) {
      lastRelevant = point;
      for (let i = point + 1; i < number.length; i++) if (number[i] !== '0') lastRelevant = i;
      if (num.zeroEnd > outPreSpaces) {
        const lastZero = Math.min(number.length - 1, num.zeroEnd - outPreSpaces);
        if (lastRelevant < lastZero) lastRelevant = lastZero;
      }
    }
  }
  if (!signWrote && outPreSpaces === 0) numCount++;
  let numIn = false;
  let numCurr = 0;
  let p = 0;
  let out = '';
  const relevantIsPoint = () => lastRelevant !== -1 && number[lastRelevant] === '.';

  const digitPart = (id: string): void => {
    if (is(F_ROMAN)) return;
    numIn = false;
    const predecSpace = !is(F_ZERO) && p === 0 && number[0] === '0' && num.post !== 0;
    if (
      !signWrote &&
      (numCurr >= outPreSpaces || (is(F_ZERO) && num.zeroStart === numCurr)) &&
      (!predecSpace || relevantIsPoint())
    ) {
      if (is(F_LSIGN)) {
        if (num.lsign === 'pre') {
          out += sign === '-' ? '-' : '+';
          signWrote = true;
        }
      } else if (is(F_BRACKET)) {
        out += sign === '+' ? ' ' : '<';
        signWrote = true;
      } else if (sign === '+') {
        if (!is(F_FILLMODE)) out += ' ';
        signWrote = true;
      } else if (sign === '-') {
        out += '-';
        signWrote = true;
      }
    }
    if (numCurr < outPreSpaces && (num.zeroStart > numCurr || !is(F_ZERO))) {
      if (!is(F_FILLMODE)) out += ' ';
    } else if (is(F_ZERO) && numCurr < outPreSpaces && num.zeroStart <= numCurr) {
      out += '0';
      numIn = true;
    } else {
      if (number[p] === '.') {
        if (!relevantIsPoint() || is(F_FILLMODE)) out += '.';
      } else if (lastRelevant !== -1 && p > lastRelevant && id !== '0') {
        // trailing zeros dropped in fill mode
      } else if (predecSpace) {
        if (!is(F_FILLMODE)) out += ' ';
        else if (relevantIsPoint()) out += '0';
      } else {
        // Past the end of the digits C writes a NUL, which ends the result there.
        out += p < number.length ? number[p] : '\0';
        numIn = true;
      }
      if (p < number.length) p++;
    }
    let end = numCount + (outPreSpaces ? 1 : 0) + (is(F_DECIMAL) ? 1 : 0);
    if (lastRelevant !== -1 && lastRelevant === p) end = numCurr;
    if (numCurr + 1 === end) {
      if (signWrote && is(F_BRACKET)) out += sign === '+' ? ' ' : '>';
      else if (is(F_LSIGN) && num.lsign === 'post') out += sign === '-' ? '-' : '+';
    }
    numCurr++;
  };

  for (const n of nodes) {
    if (n.type === 'text') {
      out += n.text;
      continue;
    }
    switch (n.id) {
      case '9':
      case '0':
      case '.':
      case 'D':
        digitPart(n.id);
        break;
      case ',':
      case 'G':
        if (numIn) out += ',';
        else if (!is(F_FILLMODE)) out += ' ';
        break;
      case 'L':
        out += ' ';
        break;
      case 'RN':
      case 'rn': {
        const text = n.id === 'rn' ? number.slice(p).toLowerCase() : number.slice(p);
        out += is(F_FILLMODE) ? text : text.padStart(15, ' ');
        break;
      }
      case 'TH':
      case 'th':
        if (is(F_ROMAN) || number[0] === '#' || sign === '-' || is(F_DECIMAL)) break;
        out += th(number, n.id === 'TH');
        break;
      case 'MI':
        if (sign === '-') out += '-';
        else if (!is(F_FILLMODE)) out += ' ';
        break;
      case 'PL':
        if (sign === '+') out += '+';
        else if (!is(F_FILLMODE)) out += ' ';
        break;
      case 'SG':
        out += sign;
        break;
    }
  }
  const nul = out.indexOf('\0');
  return nul === -1 ? out : out.slice(0, nul);
}

/** '#' placeholders for a number too wide for the template: pre '#', '.', post '#'. */
function overflowDigits(num: NumDesc): string {
  return '#'.repeat(num.pre) + '.' + '#'.repeat(num.post);
}

/** Digits and sign of a value printed by its own output function; sets padding or overflow. */
function layout(text: string, num: NumDesc): { number: string; sign: string; preSpaces: number } {
  const sign = text.startsWith('-') ? '-' : '+';
  let number = sign === '-' ? text.slice(1) : text;
  const point = number.indexOf('.');
  const preLen = point === -1 ? number.length : point;
  let preSpaces = 0;
  if (preLen < num.pre) preSpaces = num.pre - preLen;
  else if (preLen > num.pre) number = overflowDigits(num);
  return { number, sign, preSpaces };
}

/** numeric_out_sci: the significand rounded to `scale` digits and a two-digit exponent. */
function decimalScientific(d: Decimal, scale: number): string {
  let exponent = 0;
  if (d.m !== 0n) {
    const digits = (d.m < 0n ? -d.m : d.m).toString().length;
    exponent = digits - 1 - d.s;
  }
  // d / 10^exponent = m / 10^(s + exponent), rounded half away from zero to `scale` digits.
  const shift = d.s + exponent - scale;
  const m = shift >= 0 ? roundShift(d.m, shift) : d.m * pow10n(-shift);
  const sig = decimalToString({ m, s: scale });
  const abs = Math.abs(exponent);
  return `${sig}e${exponent < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** Rounds half away from zero to an int4, INT32_MAX when out of range (numeric_int4_opt_error). */
function decimalToRomanInput(d: Decimal): number {
  const r = decimalRound(d, 0).m;
  return r > 2147483647n || r < -2147483648n ? 2147483647 : Number(r);
}

function integerText(value: number | bigint, num: NumDesc): string {
  let text = String(value);
  if (num.post > 0) text += '.' + '0'.repeat(num.post);
  return text;
}

function floatDigits(value: number, num: NumDesc, maxDigits: number): string {
  const preLen = printfFixed(Math.abs(value), 0).length;
  if (preLen >= maxDigits) num.post = 0;
  else if (preLen + num.post > maxDigits) num.post = maxDigits - preLen;
  return printfFixed(value, num.post);
}

/** to_char(number, template) for int4, int8, float4, float8 and numeric values. */
export function numberToChar(value: number | Decimal, type: DataType, format: string): string {
  if (format === '') return '';
  const { nodes, num } = numberTemplate(format);
  let number: string;
  let sign = '';
  let preSpaces = 0;
  const isFloat = type.id === 'float4' || type.id === 'float8';
  if (num.flag & F_ROMAN) {
    let n: number;
    if (type.id === 'numeric') n = decimalToRomanInput(value as Decimal);
    else {
      const x = isFloat ? roundHalfEven(value as number) : (value as number);
      n = Number.isFinite(x) && x <= 2147483647 && x >= -2147483648 ? x : 2147483647;
    }
    number = toRoman(n);
  } else if (num.flag & F_EEEE) {
    if (isFloat && !Number.isFinite(value as number)) {
      number = ' ' + '#'.repeat(num.pre) + '.' + '#'.repeat(num.post + 4);
    } else {
      const text =
        type.id === 'int4' || isFloat
          ? printfExponent(value as number, num.post)
          : decimalScientific(
              type.id === 'numeric' ? (value as Decimal) : decimalFromNumber(value as number),
              num.post,
            );
      number = text.startsWith('-') ? text : ' ' + text;
    }
  } else {
    let text: string;
    if (type.id === 'numeric') {
      let d = value as Decimal;
      if (num.flag & F_MULTI) {
        d = decimalMul(d, { m: pow10n(num.multi), s: 0 });
        num.pre += num.multi;
      }
      text = decimalToString(decimalRound(d, num.post));
    } else if (isFloat) {
      let x = value as number;
      if (num.flag & F_MULTI) {
        x *= 10 ** num.multi;
        num.pre += num.multi;
      }
      text = floatDigits(x, num, type.id === 'float4' ? 6 : 15);
    } else {
      let x = BigInt(value as number);
      if (num.flag & F_MULTI) {
        x *= 10n ** BigInt(num.multi);
        num.pre += num.multi;
      }
      text = integerText(x, num);
    }
    ({ number, sign, preSpaces } = layout(text, num));
  }
  return processTemplate(nodes, num, number, preSpaces, sign);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
