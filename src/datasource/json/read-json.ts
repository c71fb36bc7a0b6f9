// read_json(path_or_glob, …): newline-delimited JSON, JSON arrays of records, or concatenated
// JSON values as a table, the columns inferred from a sample unless given.

import { LarchError, SqlState } from '../../engine/errors.js';
import { compressionOption, readHead } from '../byte-stream.js';
import { dataError } from '../file-errors.js';
import { fileReader } from '../file-reader.js';
import { JsonFormat } from './json-format.js';
import { detectLayout, type JsonLayout, JsonRecordList, splitRecords } from './json-records.js';
import { inferColumns } from './json-schema.js';

const SAMPLE_BYTES = 2 << 20;
const DEFAULT_SAMPLE_ROWS = 20_480;
const LAYOUTS = new Set(['auto', 'newline_delimited', 'ndjson', 'array', 'unstructured']);

export const readJson = {
  ...fileReader({
    name: 'read_json',
    description:
      'Reads JSON files (newline-delimited, an array of records, or concatenated values); nested objects become json values reachable with -> and ->>.',
    example: "SELECT name, address->>'city' FROM read_json('people.ndjson')",
    options: {
      format: 'text',
      columns: 'columns',
      ignore_errors: 'bool',
      compression: 'text',
      sample_size: 'int',
    },
    format: (files, options, env) => {
      const format = (options.text('format') ?? 'auto').toLowerCase();
      if (!LAYOUTS.has(format)) {
        throw new LarchError(SqlState.invalidParameterValue, `read_json: unknown format "${format}"`, {
          hint: 'Use auto, newline_delimited, array or unstructured.',
        });
      }
      const compression = compressionOption(options.text('compression'));
      const head = readHead(files[0]!, SAMPLE_BYTES, compression);
      const layout: JsonLayout =
        format === 'auto'
          ? detectLayout(head.data)
          : format === 'ndjson'
            ? 'newline_delimited'
            : (format as JsonLayout);
      const records = new JsonRecordList();
      const bad = (line: number, reason: string): never => {
        throw dataError(SqlState.invalidTextRepresentation, files[0]!, `line ${line}`, reason);
      };
      splitRecords(
        head.data,
        head.data.length,
        layout,
        records,
        { line: 1, opened: false, closed: false },
        head.complete,
        bad,
      );
      const ignoreErrors = options.bool('ignore_errors', false);
      const limit = Math.min(records.count, options.int('sample_size', DEFAULT_SAMPLE_ROWS));
      const sample: unknown[] = [];
      for (let r = 0; r < limit; r++) {
        const text = Buffer.from(
          head.data.buffer,
          head.data.byteOffset + records.starts[r]!,
          records.ends[r]! - records.starts[r]!,
        ).toString('utf8');
        try {
          sample.push(JSON.parse(text));
        } catch (e) {
          if (!ignoreErrors) bad(records.lines[r]!, `invalid JSON: ${(e as Error).message}`);
        }
      }
      const given = options.columns('columns');
      const columns =
        given !== undefined
          ? given.map((c) => ({ name: String(c.name), type: c.type }))
          : inferColumns(sample);
      return new JsonFormat({
        layout,
        columns,
        compression,
        ignoreErrors,
        timeZone: env.evalContext.timeZone,
        bytesPerRecord: records.count === 0 ? 100 : head.data.length / records.count,
      });
    },
  }),
  aliases: ['read_json_auto', 'read_ndjson'],
};
