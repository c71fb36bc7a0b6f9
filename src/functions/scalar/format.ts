// format() and the quoting functions quote_ident, quote_literal and quote_nullable, following
// PostgreSQL's text_format, quote_identifier and quote_literal_cstr.

import type { Scalar } from '../../columnar/vector.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { textFormatOf } from '../../catalog/system/reg-names.js';
import { formatValue } from '../../types/text-format.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';
import { isQuotedKeyword } from './sql-keywords.js';

const { text } = Types;

/** SQLSTATE null_value_not_allowed. */
const NULL_VALUE_NOT_ALLOWED = '22004';

/** An identifier, double-quoted unless it is lower-case letters, digits and _ and not a keyword. */
export function quoteIdentifier(ident: string): string {
  const safe = /^[a-z_][a-z0-9_]*$/.test(ident) && !isQuotedKeyword(ident);
  return safe ? ident : `"${ident.replace(/"/g, '""')}"`;
}

/** A string literal; with E'' syntax when it holds backslashes, which are doubled like quotes. */
export function quoteLiteral(s: string): string {
  const body = s.replace(/['\\]/g, '$&$&');
  return s.includes('\\') ? `E'${body}'` : `'${body}'`;
}

/** A value's output text, as the type's output function writes it. */
function outputText(v: Scalar, type: DataType, ctx: EvalContext): string {
  return typeof v === 'string' ? v : formatValue(type, v, textFormatOf(ctx));
}

/** A value cast to text: booleans become true/false and character(n) loses its padding. */
function castText(v: Scalar, type: DataType, ctx: EvalContext): string {
  if (type.id === 'bool') return v ? 'true' : 'false';
  const s = outputText(v, type, ctx);
  return type.id === 'bpchar' ? s.replace(/ +$/, '') : s;
}

export const quoteIdent: ScalarDefinition = {
  kind: 'scalar',
  name: 'quote_ident',
  description: 'The string as an SQL identifier, double-quoted only when needed.',
  example: "SELECT quote_ident('Foo bar')",
  overloads: [
    { args: [text], returns: text, kernel: () => valueKernel(text, (v) => quoteIdentifier(v[0] as string)) },
  ],
};

export const quoteLiteralFn: ScalarDefinition = {
  kind: 'scalar',
  name: 'quote_literal',
  description: 'The value as an SQL string literal (NULL for NULL).',
  example: "SELECT quote_literal(E'O\\'Reilly')",
  overloads: [
    { args: [text], returns: text, kernel: () => valueKernel(text, (v) => quoteLiteral(v[0] as string)) },
    {
      args: ['anyelement'],
      returns: text,
      kernel: (a) => valueKernel(text, (v, ctx) => quoteLiteral(castText(v[0]!, a[0]!, ctx))),
    },
  ],
};

export const quoteNullable: ScalarDefinition = {
  kind: 'scalar',
  name: 'quote_nullable',
  description: 'The value as an SQL string literal, or the word NULL.',
  example: 'SELECT quote_nullable(NULL)',
  overloads: [
    {
      args: [text],
      returns: text,
      strict: false,
      kernel: () =>
        valueKernel(text, (v) => (v[0] === null ? 'NULL' : quoteLiteral(v[0] as string)), { strict: false }),
    },
    {
      args: ['anyelement'],
      returns: text,
      strict: false,
      kernel: (a) =>
        valueKernel(text, (v, ctx) => (v[0] === null ? 'NULL' : quoteLiteral(castText(v[0], a[0]!, ctx))), {
          strict: false,
        }),
    },
  ],
};

function formatError(message: string, hint = true): LarchError {
  return new LarchError(SqlState.invalidParameterValue, message, {
    hint: hint ? 'For a single "%" use "%%".' : undefined,
  });
}

const tooFewArguments = () => formatError('too few arguments for format()', false);
const argumentZero = () =>
  formatError('format specifies argument 0, but arguments are numbered from 1', false);
const outOfRange = () => new LarchError(SqlState.numericValueOutOfRange, 'number is out of range');

/** pg_strtoint32 on a width given as another type's text. */
function widthFromText(s: string): number {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) {
    throw new LarchError(SqlState.invalidTextRepresentation, `invalid input syntax for type integer: "${s}"`);
  }
  const n = Number(t);
  if (n < -2147483648 || n > 2147483647) {
    throw new LarchError(SqlState.numericValueOutOfRange, `value "${s}" is out of range for type integer`);
  }
  return n;
}

/** The format string walker (PostgreSQL's text_format). */
class Formatter {
  private i = 0;
  /** Index of the next argument to use; 0 is the format string itself. */
  private next = 1;
  private out = '';

  constructor(
    private readonly fmt: string,
    private readonly values: readonly Scalar[],
    private readonly types: readonly DataType[],
    private readonly ctx: EvalContext,
  ) {}

  private advance(): void {
    if (++this.i >= this.fmt.length) throw formatError('unterminated format() type specifier');
  }

  /** Digits at the cursor, or null when there are none. */
  private digits(): number | null {
    let n: number | null = null;
    while (this.fmt[this.i]! >= '0' && this.fmt[this.i]! <= '9') {
      n = (n ?? 0) * 10 + Number(this.fmt[this.i]);
      if (n > 2147483647) throw outOfRange();
      this.advance();
    }
    return n;
  }

  run(): string {
    const fmt = this.fmt;
    for (this.i = 0; this.i < fmt.length; this.i++) {
      if (fmt[this.i] !== '%') {
        this.out += fmt[this.i];
        continue;
      }
      this.advance();
      if (fmt[this.i] === '%') {
        this.out += '%';
        continue;
      }
      this.conversion();
    }
    return this.out;
  }

  private conversion(): void {
    let argPos = -1;
    let widthPos = -1;
    let width = 0;
    let left = false;
    const first = this.digits();
    if (first !== null && this.fmt[this.i] !== '$') {
      width = first;
    } else {
      if (first !== null) {
        if (first === 0) throw argumentZero();
        argPos = first;
        this.advance();
      }
      while (this.fmt[this.i] === '-') {
        left = true;
        this.advance();
      }
      if (this.fmt[this.i] === '*') {
        this.advance();
        const n = this.digits();
        if (n !== null) {
          if (this.fmt[this.i] !== '$')
            throw formatError('width argument position must be ended by "$"', false);
          if (n === 0) throw argumentZero();
          widthPos = n;
          this.advance();
        } else {
          widthPos = 0;
        }
      } else {
        width = this.digits() ?? 0;
      }
    }
    const type = String.fromCodePoint(this.fmt.codePointAt(this.i)!);
    if (type !== 's' && type !== 'I' && type !== 'L') {
      throw formatError(`unrecognized format() type specifier "${type}"`);
    }
    if (widthPos >= 0) {
      if (widthPos > 0) this.next = widthPos;
      const w = this.take();
      width = w.value === null ? 0 : this.widthOf(w.value, w.type);
    }
    if (argPos > 0) this.next = argPos;
    const arg = this.take();
    this.append(this.convert(type, arg.value, arg.type), width, left);
  }

  private take(): { value: Scalar; type: DataType } {
    if (this.next >= this.values.length) throw tooFewArguments();
    const k = this.next++;
    return { value: this.values[k]!, type: this.types[k]! };
  }

  private widthOf(v: Scalar, type: DataType): number {
    if (type.id === 'int4' || type.id === 'int2') return v as number;
    return widthFromText(outputText(v, type, this.ctx));
  }

  private convert(type: string, v: Scalar, t: DataType): string {
    if (v === null) {
      if (type === 'I') {
        throw new LarchError(NULL_VALUE_NOT_ALLOWED, 'null values cannot be formatted as an SQL identifier');
      }
      return type === 'L' ? 'NULL' : '';
    }
    const s = outputText(v, t, this.ctx);
    return type === 'I' ? quoteIdentifier(s) : type === 'L' ? quoteLiteral(s) : s;
  }

  private append(s: string, width: number, left: boolean): void {
    if (width === 0) {
      this.out += s;
      return;
    }
    if (width < 0) {
      if (width <= -2147483648) throw outOfRange();
      left = true;
      width = -width;
    }
    const padding = ' '.repeat(Math.max(width - Array.from(s).length, 0));
    this.out += left ? s + padding : padding + s;
  }
}

export const format: ScalarDefinition = {
  kind: 'scalar',
  name: 'format',
  description:
    'Formats arguments as printf does: %s (text), %I (identifier), %L (literal), %% ; with positions (%2$s) and widths (%-10s, %*s).',
  example: "SELECT format('Hello %s, %1$L', 'World')",
  overloads: [
    {
      args: [text],
      variadic: 'any',
      returns: text,
      strict: false,
      kernel: (types) =>
        valueKernel(
          text,
          (v, ctx) => (v[0] === null ? null : new Formatter(v[0] as string, v, types, ctx).run()),
          { strict: false },
        ),
    },
  ],
};
