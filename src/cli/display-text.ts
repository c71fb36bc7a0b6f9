// How psql lays text out on a terminal: display widths of characters, and a value split into
// display lines with tabs expanded and control characters escaped.

/** One display line of a value and its width in terminal columns. */
export interface DisplayLine {
  readonly text: string;
  readonly width: number;
}

// Ranges of East Asian wide and fullwidth characters (and emoji), which take two columns. An
// approximation of PostgreSQL's generated table, which JS cannot derive: regular expressions have no
// East_Asian_Width property.
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Terminal columns a character takes, as PostgreSQL's ucs_wcwidth: -1 for control characters. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code === 0) return 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return -1;
  if (ZERO_WIDTH.test(char)) return 0;
  for (const [lo, hi] of WIDE_RANGES) {
    if (code < lo) break;
    if (code <= hi) return 2;
  }
  return 1;
}

/** The width of the widest line. */
export function maxWidth(lines: readonly DisplayLine[]): number {
  let width = 0;
  for (const line of lines) width = Math.max(width, line.width);
  return width;
}

/** The value's display lines, as psql's pg_wcsformat: split at newlines, tabs to the next multiple of
 * eight columns, carriage returns as `\r`, other control characters as `\xNN` or `\uNNNN`. */
export function displayLines(value: string): DisplayLine[] {
  const lines: DisplayLine[] = [];
  let text = '';
  let width = 0;
  for (const char of value) {
    if (char === '\n') {
      lines.push({ text, width });
      text = '';
      width = 0;
    } else if (char === '\r') {
      text += '\\r';
      width += 2;
    } else if (char === '\t') {
      const spaces = 8 - (width % 8);
      text += ' '.repeat(spaces);
      width += spaces;
    } else {
      const w = charWidth(char);
      if (w >= 0) {
        text += char;
        width += w;
      } else {
        const code = char.codePointAt(0)!;
        const escaped =
          code < 0x80
            ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
            : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
        text += escaped;
        width += escaped.length;
      }
    }
  }
  lines.push({ text, width });
  return lines;
}
