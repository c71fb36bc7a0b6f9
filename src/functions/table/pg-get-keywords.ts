// pg_get_keywords(): PostgreSQL's keyword list with categories, as DBeaver and pgAdmin read it.

import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { PG_KEYWORDS } from '../../catalog/system/pg-keywords-data.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { TableFunctionDefinition } from '../function.js';

const CATEGORY_NAMES = {
  U: 'unreserved',
  C: 'unreserved (cannot be function or type name)',
  T: 'reserved (can be function or type name)',
  R: 'reserved',
} as const;

export const pgGetKeywords: TableFunctionDefinition = {
  kind: 'table',
  name: 'pg_get_keywords',
  description:
    'The SQL keywords with their category (U, C, T, R) and whether they can be a bare column label.',
  example: "SELECT word FROM pg_get_keywords() WHERE catcode = 'R'",
  bind: (args) => {
    if (args.length !== 0)
      throw new LarchError(SqlState.undefinedFunction, 'function pg_get_keywords takes no arguments');
    const columns = [
      { name: 'word', type: Types.text },
      { name: 'catcode', type: Types.char },
      { name: 'barelabel', type: Types.bool },
      { name: 'catdesc', type: Types.text },
      { name: 'baredesc', type: Types.text },
    ];
    return {
      name: 'pg_get_keywords',
      columns,
      argTypes: [],
      execute: () => {
        const rows = PG_KEYWORDS.flatMap((g) =>
          g.words
            .split(' ')
            .map((word) => [
              word,
              g.category,
              g.bareLabel,
              CATEGORY_NAMES[g.category],
              g.bareLabel ? 'can be bare label' : 'requires AS',
            ]),
        ).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
        const batch = {
          length: rows.length,
          columns: columns.map((c, k) =>
            vectorFromScalars(
              c.type,
              rows.map((r) => r[k]!),
            ),
          ),
        };
        return [batch];
      },
    };
  },
};
