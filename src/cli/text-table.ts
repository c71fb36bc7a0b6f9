// A result as the text formatters see it: column headers, how each column aligns, and each value in
// PostgreSQL's text format (null for NULL).

import type { QueryResult } from '../engine/result.js';
import type { TypeId } from '../types/data-type.js';

export type Alignment = 'left' | 'right';

export interface TextTable {
  readonly headers: readonly string[];
  readonly alignments: readonly Alignment[];
  readonly rows: readonly (readonly (string | null)[])[];
}

// psql right-aligns the number types (its column_type_alignment); everything else aligns left.
const RIGHT_ALIGNED: ReadonlySet<TypeId> = new Set<TypeId>([
  'int2',
  'int4',
  'int8',
  'float4',
  'float8',
  'numeric',
  'oid',
]);

export function textTableOf(result: QueryResult): TextTable {
  return {
    headers: result.schema.map((c) => c.name),
    alignments: result.schema.map((c) => (RIGHT_ALIGNED.has(c.type.id) ? 'right' : 'left')),
    rows: result.textRows(),
  };
}
