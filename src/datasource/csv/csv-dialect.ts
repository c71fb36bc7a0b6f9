// How a delimited text file is written: CSV (RFC 4180 quoting, as PostgreSQL's FORMAT csv) or
// PostgreSQL's text format (tab-separated, backslash escapes, \N for NULL).

export interface CsvDialect {
  /** 'csv': quotes and doubled quotes; 'text': backslash escapes and no quoting. */
  readonly mode: 'csv' | 'text';
  readonly delimiter: string;
  /** Quote character (csv mode); '' for none. */
  readonly quote: string;
  /** Escape inside quotes (csv mode; the quote itself by default). */
  readonly escape: string;
  /** Unquoted text read as NULL ('' for CSV, '\N' for text). */
  readonly nullString: string;
  readonly header: boolean;
  /** Lines skipped at the start of each file, before the header. */
  readonly skip: number;
}

export const CSV_DIALECT: CsvDialect = {
  mode: 'csv',
  delimiter: ',',
  quote: '"',
  escape: '"',
  nullString: '',
  header: false,
  skip: 0,
};

export const TEXT_DIALECT: CsvDialect = {
  mode: 'text',
  delimiter: '\t',
  quote: '',
  escape: '',
  nullString: '\\N',
  header: false,
  skip: 0,
};

/** A character as the single byte the tokenizer compares with (-1 for none). */
export function dialectByte(c: string): number {
  if (c === '') return -1;
  const code = c.charCodeAt(0);
  return code < 0x80 ? code : -2;
}
