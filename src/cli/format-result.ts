// One statement's result as the CLI prints it: rows in the chosen format, and the command tag where psql
// prints one.

import type { QueryResult } from '../engine/result.js';
import { formatCsv } from './format-csv.js';
import { formatExpanded } from './format-expanded.js';
import { formatJson } from './format-json.js';
import { formatAligned } from './format-table.js';
import { textTableOf } from './text-table.js';

export type OutputFormat = 'table' | 'csv' | 'json';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

/** What the CLI prints and how; `\x` and `\timing` change it while a session runs. */
export interface DisplaySettings {
  format: OutputFormat;
  expanded: boolean;
  timing: boolean;
}

export function formatResult(result: QueryResult, settings: Readonly<DisplaySettings>): string {
  const { command, returnsRows } = result;
  // JSON output holds only rows, so that it stays parseable.
  if (settings.format === 'json') return returnsRows ? formatJson(result.rows) : '';
  if (!returnsRows) return command === '' ? '' : `${command}\n`;
  const table = textTableOf(result);
  let out =
    settings.format === 'csv'
      ? formatCsv(table)
      : settings.expanded
        ? formatExpanded(table)
        : formatAligned(table);
  // As psql: after rows from INSERT/UPDATE/DELETE … RETURNING, the tag too.
  if (/^(INSERT|UPDATE|DELETE|MERGE)\b/.test(command)) out += `${command}\n`;
  return out;
}
