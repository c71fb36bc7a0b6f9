// Splits SQL text into statements at top-level semicolons, skipping quotes, comments and dollar quotes.

export interface StatementText {
  readonly text: string;
  /** Offset of `text` in the original string. */
  readonly offset: number;
}

/** True when the text holds nothing but whitespace and comments. */
export function isBlankSql(text: string): boolean {
  return splitStatements(text).length === 0;
}

export function splitStatements(sql: string): StatementText[] {
  const out: StatementText[] = [];
  let start = 0;
  let hasContent = false;
  let i = 0;
  const n = sql.length;
  const push = (end: number) => {
    if (hasContent) out.push({ text: sql.slice(start, end), offset: start });
    hasContent = false;
  };
  while (i < n) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (c === ';') {
      push(i);
      i++;
      start = i;
      continue;
    }
    if (!/\s/.test(c)) hasContent = true;
    if (c === "'") {
      const escapes = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e');
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (m && !(i > 0 && /[A-Za-z0-9_]/.test(sql[i - 1]!))) {
        const tag = m[0];
        const end = sql.indexOf(tag, i + tag.length);
        i = end < 0 ? n : end + tag.length;
        continue;
      }
    }
    i++;
  }
  push(n);
  return out;
}
