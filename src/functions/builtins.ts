// Every built-in function but the file readers (datasource/file-functions.ts), registered when an
// engine opens and in each worker thread.

import type { FunctionDefinition } from './function.js';
import type { FunctionRegistry } from './registry.js';
import * as arithmetic from './scalar/arithmetic.js';
import * as array from './scalar/array.js';
import * as binary from './scalar/binary.js';
import * as catalogArrays from './scalar/catalog-arrays.js';
import * as catalogJson from './scalar/catalog-json.js';
import * as catalogObjects from './scalar/catalog-objects.js';
import * as catalogPrivileges from './scalar/catalog-privileges.js';
import * as catalogSession from './scalar/catalog-session.js';
import * as comparison from './scalar/comparison.js';
import * as conditional from './scalar/conditional.js';
import * as dateTrunc from './scalar/date-trunc.js';
import * as datetimeConstruct from './scalar/datetime-construct.js';
import * as datetimeFields from './scalar/datetime-fields.js';
import * as datetimeMisc from './scalar/datetime-misc.js';
import * as format from './scalar/format.js';
import * as json from './scalar/json.js';
import * as math from './scalar/math.js';
import * as notify from './scalar/notify.js';
import * as pattern from './scalar/pattern.js';
import * as regex from './scalar/regex.js';
import * as string from './scalar/string.js';
import * as stringArray from './scalar/string-array.js';
import * as system from './scalar/system.js';
import * as toChar from './scalar/to-char.js';
import * as toDate from './scalar/to-date.js';
import * as unistr from './scalar/unistr.js';
import * as boolAgg from './aggregate/bool-agg.js';
import * as collect from './aggregate/collect.js';
import * as count from './aggregate/count.js';
import * as minMax from './aggregate/min-max.js';
import * as mlMetrics from './aggregate/ml-metrics.js';
import * as statistics from './aggregate/statistics.js';
import * as sumAvg from './aggregate/sum-avg.js';
import * as ranking from './window/ranking.js';
import * as windowValue from './window/value.js';
import * as series from './table/generate-series.js';
import * as keywords from './table/pg-get-keywords.js';
import * as listeningChannels from './table/pg-listening-channels.js';
import * as sleep from './table/pg-sleep.js';
import * as subscripts from './table/generate-subscripts.js';

export function definitions(module: Record<string, unknown>): FunctionDefinition[] {
  return Object.values(module).filter(
    (v): v is FunctionDefinition =>
      typeof v === 'object' && v !== null && 'kind' in v && 'name' in v && 'description' in v,
  );
}

const MODULES: Record<string, unknown>[] = [
  arithmetic,
  array,
  binary,
  catalogArrays,
  catalogJson,
  catalogObjects,
  catalogPrivileges,
  catalogSession,
  comparison,
  conditional,
  dateTrunc,
  datetimeConstruct,
  datetimeFields,
  datetimeMisc,
  format,
  json,
  math,
  notify,
  pattern,
  regex,
  string,
  stringArray,
  system,
  toChar,
  toDate,
  unistr,
  boolAgg,
  collect,
  count,
  minMax,
  mlMetrics,
  statistics,
  sumAvg,
  ranking,
  windowValue,
  series,
  keywords,
  listeningChannels,
  sleep,
  subscripts,
];

export function registerBuiltins(registry: FunctionRegistry): void {
  for (const module of MODULES) for (const def of definitions(module)) registry.register(def);
  for (const def of math.bitOps()) registry.register(def);
}
