// Row-by-row, column-by-column comparison of the generated data with reference Parquet files written from
// the official dbgen (read through DuckDB, which handles their zstd compression). Decimals are compared in
// cents and dates in days since 1970-01-01, so the comparison is exact.

import type { DuckDBConnection } from '@duckdb/node-api';
import { generateTable, TPCH_SCHEMA, type TpchChunk, type TpchColumn, type TpchTable } from './generate.js';

export interface ColumnMismatch {
  readonly column: string;
  readonly count: number;
  /** The first few differences as "row N: expected X, got Y" (rows counted from 0). */
  readonly examples: readonly string[];
}

export interface TableComparison {
  readonly table: TpchTable;
  readonly expectedRows: number;
  readonly generatedRows: number;
  readonly mismatches: readonly ColumnMismatch[];
}

const MAX_EXAMPLES = 5;

function selectExpression(c: TpchColumn): string {
  switch (c.type) {
    case 'INTEGER':
    case 'VARCHAR':
      return c.name;
    case 'DECIMAL(15,2)':
      return `CAST(${c.name} * 100 AS INTEGER) AS ${c.name}`;
    case 'DATE':
      return `CAST(${c.name} - DATE '1970-01-01' AS INTEGER) AS ${c.name}`;
  }
}

/** A generated value in the form the SELECT above reads the reference in. */
function generatedValue(chunk: TpchChunk, column: number, type: TpchColumn['type'], row: number): unknown {
  const value = chunk.columns[column]![row];
  return type === 'DECIMAL(15,2)' ? Math.round((value as number) * 100) : value;
}

/**
 * Compare `generateTable(table, sf)` with `parquetFile` in file order. DECIMAL values must also be exactly
 * cents / 100 as doubles.
 */
export async function compareTableWithParquet(
  connection: DuckDBConnection,
  table: TpchTable,
  sf: number,
  parquetFile: string,
): Promise<TableComparison> {
  const columns = TPCH_SCHEMA[table];
  const file = parquetFile.replaceAll("'", "''");
  const result = await connection.stream(
    `SELECT ${columns.map(selectExpression).join(', ')} FROM read_parquet('${file}')`,
  );
  const counts = columns.map(() => 0);
  const examples: string[][] = columns.map(() => []);
  const note = (c: number, row: number, expected: unknown, got: unknown): void => {
    counts[c]!++;
    if (examples[c]!.length < MAX_EXAMPLES) {
      examples[c]!.push(`row ${row}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
  };

  const generated = generateTable(table, sf);
  let chunk: TpchChunk | undefined;
  let at = 0; // row within `chunk`
  let generatedRows = 0;
  let expectedRows = 0;
  const nextGenerated = (): TpchChunk | undefined => {
    while (chunk === undefined || at >= chunk.rowCount) {
      const next = generated.next();
      if (next.done === true) return undefined;
      chunk = next.value;
      generatedRows += chunk.rowCount;
      at = 0;
    }
    return chunk;
  };

  for (;;) {
    const expected = await result.fetchChunk();
    if (expected === null || expected.rowCount === 0) break;
    const values = expected.getColumns();
    for (let r = 0; r < expected.rowCount; r++, expectedRows++) {
      const g = nextGenerated();
      if (g === undefined) continue;
      for (let c = 0; c < columns.length; c++) {
        const want = values[c]![r];
        const got = generatedValue(g, c, columns[c]!.type, at);
        if (want !== got) note(c, expectedRows, want, got);
        if (columns[c]!.type === 'DECIMAL(15,2)') {
          const raw = g.columns[c]![at] as number;
          if (raw !== (got as number) / 100) note(c, expectedRows, (got as number) / 100, raw);
        }
      }
      at++;
    }
  }
  while (nextGenerated() !== undefined) at = chunk!.rowCount; // count the rest
  return {
    table,
    expectedRows,
    generatedRows,
    mismatches: columns
      .map((c, i) => ({ column: c.name, count: counts[i]!, examples: examples[i]! }))
      .filter((m) => m.count > 0),
  };
}
