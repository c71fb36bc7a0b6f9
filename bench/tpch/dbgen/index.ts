// A TypeScript port of the TPC-H data generator dbgen 2.17.3: the official data of the eight TPC-H tables
// at any scale factor up to about 350 (where order keys outgrow 32 bits), as typed column chunks.
//
//   for (const chunk of generateTable('lineitem', 1)) { ... chunk.columns[0] ... }
//
// Comments come from dbgen's 300 MiB text pool, built on first use (a few seconds) and cached; see
// releaseTextPool().

export {
  DEFAULT_CHUNK_ROWS,
  generateOrdersAndLineitems,
  generateTable,
  type OrdersAndLineitems,
  TPCH_SCHEMA,
  TPCH_TABLES,
  type TpchChunk,
  type TpchColumn,
  type TpchColumnData,
  type TpchColumnType,
  tpchRowCount,
  type TpchScale,
  tpchScale,
  type TpchTable,
} from './generate.js';
export { releaseTextPool } from './text.js';
