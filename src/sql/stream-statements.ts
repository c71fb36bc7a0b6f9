// The stream statements PostgreSQL's grammar does not have: CREATE SOURCE, CREATE SINK, DROP
// SOURCE / SINK, START / STOP SINK, ALTER SINK … REFRESH MODEL, SHOW SOURCES and SHOW SINKS. Like
// the model statements they are recognised by their leading keywords; the sink's AS query is parsed
// by PostgreSQL's grammar with the rest of the statement blanked, so its positions stay right.

import type { Node } from '@pgsql/types';
import type { RawOptionValue } from '../ml/index.js';
import { intervalSortKey, type Interval } from '../types/interval.js';
import { Types } from '../types/data-type.js';
import { parseValue } from '../types/text-parse.js';
import { isPunct, isWord, mlTokens } from './ml-tokens.js';
import { optionValue } from './statement-options.js';
import { keepOnly, type Parse, parseOne, TokenCursor } from './token-cursor.js';

export type StreamOptions = Readonly<Record<string, RawOptionValue>>;

export interface CreateSourceStatement {
  readonly kind: 'create_source';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly from:
    | { readonly type: 'files'; readonly pattern: string }
    | { readonly type: 'table'; readonly table: string }
    | { readonly type: 'kafka' };
  readonly options: StreamOptions;
  /** COLUMNS ( name type, … ) as written, with its offset in the statement. */
  readonly columns: { readonly text: string; readonly offset: number } | null;
  readonly watermark: { readonly column: string; readonly delayMs: number } | null;
}

export interface CreateSinkStatement {
  readonly kind: 'create_sink';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly into:
    | { readonly type: 'table'; readonly table: string }
    | { readonly type: 'files'; readonly path: string }
    | { readonly type: 'notify'; readonly channel: string }
    | { readonly type: 'kafka' };
  readonly options: StreamOptions;
  readonly trigger:
    | { readonly kind: 'interval'; readonly ms: number }
    | { readonly kind: 'once' }
    | { readonly kind: 'available_now' }
    | null;
  readonly deadLetterTable: string | null;
  readonly query: Node;
  readonly queryText: string;
}

export type StreamStatement =
  | CreateSourceStatement
  | CreateSinkStatement
  | { readonly kind: 'drop_source' | 'drop_sink'; readonly name: string; readonly ifExists: boolean }
  | { readonly kind: 'start_sink' | 'stop_sink' | 'refresh_sink_models'; readonly name: string };

/** The AST tag stream statements travel under in a Statement. */
export const STREAM_STATEMENT_TAG = 'StreamStmt';

export type StreamStatementParse =
  | { readonly kind: 'statement'; readonly statement: StreamStatement }
  | { readonly kind: 'sql'; readonly sql: string };

/** Milliseconds of an interval literal ('1 second', '100 ms'); months count as 30 days. */
export function intervalMillis(c: TokenCursor, text: string): number {
  let value: Interval;
  try {
    value = parseValue(Types.interval, text) as Interval;
  } catch {
    throw c.error(`invalid interval "${text}"`, c.tokens[c.i - 1]);
  }
  return intervalSortKey(value) / 1000;
}

/** ( name [=] value, … ), where COLUMNS takes a parenthesized column list. */
function streamOptions(c: TokenCursor): {
  options: Record<string, RawOptionValue>;
  columns: CreateSourceStatement['columns'];
} {
  const options: Record<string, RawOptionValue> = {};
  let columns: CreateSourceStatement['columns'] = null;
  c.expectPunct('(');
  if (c.punct(')')) return { options, columns };
  do {
    const nameToken = c.peek();
    const name = c.name('option').toLowerCase();
    if (name in options || (name === 'columns' && columns !== null))
      throw c.error(`option "${name}" is given twice`, nameToken);
    if (name === 'columns' && isPunct(c.peek(), '(')) {
      const close = c.closing(c.i);
      const start = c.tokens[c.i]!.end;
      columns = { text: c.text.slice(start, c.tokens[close]!.start), offset: start };
      c.i = close + 1;
      continue;
    }
    c.punct('=');
    options[name] = optionValue(c);
  } while (c.punct(','));
  c.expectPunct(')');
  return { options, columns };
}

function ifNotExists(c: TokenCursor): boolean {
  return c.word('if') ? (c.expectWord('not'), c.expectWord('exists'), true) : false;
}

function createSource(c: TokenCursor): CreateSourceStatement {
  const ifNot = ifNotExists(c);
  const name = c.name('source');
  c.expectWord('from');
  let from: CreateSourceStatement['from'];
  let parsed: ReturnType<typeof streamOptions> = { options: {}, columns: null };
  if (c.word('files')) {
    from = { type: 'files', pattern: c.string('the file pattern') };
    if (isPunct(c.peek(), '(')) parsed = streamOptions(c);
  } else if (c.word('table')) {
    from = { type: 'table', table: c.name('table') };
    if (isPunct(c.peek(), '(')) parsed = streamOptions(c);
  } else if (c.word('kafka')) {
    from = { type: 'kafka' };
    parsed = streamOptions(c);
  } else throw c.error('syntax error: expected FILES, TABLE or KAFKA after FROM');
  let watermark: CreateSourceStatement['watermark'] = null;
  if (c.word('watermark')) {
    c.expectWord('for');
    const column = c.name('column');
    c.expectWord('as');
    const again = c.peek();
    if (c.name('column') !== column)
      throw c.error('syntax error: WATERMARK FOR c AS c - INTERVAL … names one column', again);
    let delayMs = 0;
    if (c.punct('-')) {
      c.expectWord('interval');
      delayMs = intervalMillis(c, c.string('the interval'));
    }
    watermark = { column, delayMs };
  }
  c.end();
  return { kind: 'create_source', name, ifNotExists: ifNot, from, ...parsed, watermark };
}

function trigger(c: TokenCursor): CreateSinkStatement['trigger'] {
  if (!c.word('trigger')) return null;
  if (c.word('once')) return { kind: 'once' };
  if (c.word('available_now')) return { kind: 'available_now' };
  c.expectWord('interval');
  const text = c.string('the interval');
  return { kind: 'interval', ms: intervalMillis(c, text) };
}

function createSink(c: TokenCursor, parse: Parse): CreateSinkStatement {
  const ifNot = ifNotExists(c);
  const name = c.name('sink');
  c.expectWord('into');
  let into: CreateSinkStatement['into'];
  let options: Record<string, RawOptionValue> = {};
  if (c.word('table')) into = { type: 'table', table: c.name('table') };
  else if (c.word('files')) {
    into = { type: 'files', path: c.string('the folder') };
    if (isPunct(c.peek(), '(')) options = streamOptions(c).options;
  } else if (c.word('notify')) into = { type: 'notify', channel: c.string('the channel') };
  else if (c.word('kafka')) {
    into = { type: 'kafka' };
    options = streamOptions(c).options;
  } else throw c.error('syntax error: expected TABLE, FILES, NOTIFY or KAFKA after INTO');
  let trig: CreateSinkStatement['trigger'] = null;
  let deadLetterTable: string | null = null;
  for (;;) {
    if (isWord(c.peek(), 'trigger')) trig = trigger(c);
    else if (c.word('dead')) {
      c.expectWord('letter');
      c.expectWord('table');
      deadLetterTable = c.name('table');
    } else break;
  }
  c.expectWord('as');
  if (c.peek() === undefined) throw c.error('syntax error: CREATE SINK needs a query after AS');
  const queryStart = c.peek()!.start;
  const query = parseOne(parse, keepOnly(c.text, queryStart, c.text.length), c, 'the AS query');
  return {
    kind: 'create_sink',
    name,
    ifNotExists: ifNot,
    into,
    options,
    trigger: trig,
    deadLetterTable,
    query,
    queryText: c.text.slice(queryStart).trim().replace(/;\s*$/, ''),
  };
}

const SHOW_SQL = {
  sources: 'SELECT * FROM information_schema.sources ORDER BY source_name',
  sinks: 'SELECT * FROM information_schema.sinks ORDER BY sink_name',
};

/** Parses `text` (one statement) when it is a stream statement; null when it is not one. */
export function parseStreamStatement(
  text: string,
  offset: number,
  parse: Parse,
): StreamStatementParse | null {
  if (
    !/^\s*(--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(create|drop|alter|start|stop|show)\s+(sources?|sinks?)\b/i.test(
      text,
    )
  )
    return null;
  const tokens = mlTokens(text);
  const c = new TokenCursor(text, tokens, offset);
  const verb = tokens[0]!.value;
  const object = tokens[1]!.value;
  c.i = 2;
  if (verb === 'show') {
    if (object !== 'sources' && object !== 'sinks') return null;
    c.end();
    return { kind: 'sql', sql: SHOW_SQL[object] };
  }
  const one = (statement: StreamStatement): StreamStatementParse => {
    c.end();
    return { kind: 'statement', statement };
  };
  if (verb === 'create' && object === 'source') return { kind: 'statement', statement: createSource(c) };
  if (verb === 'create' && object === 'sink') {
    const statement = createSink(c, parse);
    return { kind: 'statement', statement };
  }
  if (verb === 'drop' && (object === 'source' || object === 'sink')) {
    const ifExists = c.word('if') ? (c.expectWord('exists'), true) : false;
    return one({ kind: object === 'source' ? 'drop_source' : 'drop_sink', name: c.name(object), ifExists });
  }
  if ((verb === 'start' || verb === 'stop') && object === 'sink')
    return one({ kind: verb === 'start' ? 'start_sink' : 'stop_sink', name: c.name('sink') });
  if (verb === 'alter' && object === 'sink') {
    const name = c.name('sink');
    c.expectWord('refresh');
    if (!c.word('models')) c.expectWord('model');
    return one({ kind: 'refresh_sink_models', name });
  }
  return null;
}
