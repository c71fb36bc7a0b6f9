// Parses sqllogictest files into records (SQLite's format, with DuckDB-style extensions).

export interface Conditions {
  readonly skipif: readonly string[];
  readonly onlyif: readonly string[];
}

export type SltRecord =
  | {
      readonly kind: 'statement';
      readonly line: number;
      readonly sql: string;
      readonly expectError: boolean;
      readonly errorPattern: string | null;
      readonly conditions: Conditions;
    }
  | {
      readonly kind: 'query';
      readonly line: number;
      readonly sql: string;
      readonly types: string;
      readonly sortMode: 'nosort' | 'rowsort' | 'valuesort';
      readonly label: string | null;
      /** Expected output lines, or a hash. */
      readonly expected: readonly string[];
      readonly hash: { readonly count: number; readonly md5: string } | null;
      /** `query error`: the query must fail (pattern as for statements). */
      readonly expectError: boolean;
      readonly errorPattern: string | null;
      readonly conditions: Conditions;
    }
  | { readonly kind: 'hash-threshold'; readonly line: number; readonly threshold: number }
  | { readonly kind: 'halt'; readonly line: number; readonly conditions: Conditions };

const HASH_LINE = /^(\d+) values hashing to ([0-9a-f]{32})$/;

export function parseRecords(text: string): SltRecord[] {
  const lines = text.split(/\r?\n/);
  const records: SltRecord[] = [];
  let i = 0;
  let skipif: string[] = [];
  let onlyif: string[] = [];
  const take = () => {
    const c = { skipif, onlyif };
    skipif = [];
    onlyif = [];
    return c;
  };
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    const words = line.split(/\s+/);
    const start = i + 1;
    switch (words[0]) {
      case 'skipif':
        skipif.push(words[1] ?? '');
        i++;
        continue;
      case 'onlyif':
        onlyif.push(words[1] ?? '');
        i++;
        continue;
      case 'hash-threshold':
        records.push({ kind: 'hash-threshold', line: start, threshold: Number(words[1]) });
        i++;
        continue;
      case 'halt':
        records.push({ kind: 'halt', line: start, conditions: take() });
        i++;
        continue;
      case 'statement': {
        const expectError = words[1] === 'error';
        const errorPattern =
          expectError && words.length > 2 ? line.slice(line.indexOf('error') + 5).trim() : null;
        i++;
        const sql: string[] = [];
        while (i < lines.length && lines[i]!.trim() !== '') sql.push(lines[i++]!);
        records.push({
          kind: 'statement',
          line: start,
          sql: sql.join('\n'),
          expectError,
          errorPattern,
          conditions: take(),
        });
        continue;
      }
      case 'query': {
        const expectError = words[1] === 'error';
        const types = expectError ? '' : (words[1] ?? '');
        const sortMode = (expectError ? 'nosort' : (words[2] ?? 'nosort')) as
          'nosort' | 'rowsort' | 'valuesort';
        const label = expectError ? null : (words[3] ?? null);
        const errorPattern =
          expectError && words.length > 2 ? line.slice(line.indexOf('error') + 5).trim() : null;
        i++;
        const sql: string[] = [];
        while (i < lines.length && lines[i]!.trim() !== '----' && lines[i]!.trim() !== '')
          sql.push(lines[i++]!);
        const expected: string[] = [];
        let hash: { count: number; md5: string } | null = null;
        if (i < lines.length && lines[i]!.trim() === '----') {
          i++;
          while (i < lines.length && lines[i]!.trim() !== '') {
            const l = lines[i++]!;
            const m = HASH_LINE.exec(l.trim());
            if (m) hash = { count: Number(m[1]), md5: m[2]! };
            else expected.push(l);
          }
        }
        records.push({
          kind: 'query',
          line: start,
          sql: sql.join('\n'),
          types,
          sortMode: ['nosort', 'rowsort', 'valuesort'].includes(sortMode) ? sortMode : 'nosort',
          label,
          expected,
          hash,
          expectError,
          errorPattern,
          conditions: take(),
        });
        continue;
      }
      default:
        // Unknown directives (require, load, mode, …) are skipped line by line.
        i++;
    }
  }
  return records;
}
