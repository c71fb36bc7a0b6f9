// The table functions that read files: read_csv, read_json, read_parquet and read_arrow. They are
// registered apart from the other built-ins because workers never bind them, and the Parquet and
// Arrow readers bring in apache-arrow and hyparquet: megabytes of heap that every full garbage
// collection of a worker would mark (execution/worker.ts).

import { definitions } from '../functions/builtins.js';
import type { FunctionRegistry } from '../functions/registry.js';
import * as readArrow from './arrow/read-arrow.js';
import * as readCsv from './csv/read-csv.js';
import * as readJson from './json/read-json.js';
import * as readParquet from './parquet/read-parquet.js';

export function registerFileFunctions(registry: FunctionRegistry): void {
  for (const module of [readArrow, readCsv, readJson, readParquet])
    for (const def of definitions(module)) registry.register(def);
}
