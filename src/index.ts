// Larch's public API.

export { Engine, type EngineOptions } from './engine/engine.js';
export { Session, type QueryOptions, type TransactionStatus } from './engine/session.js';
export { QueryResult, type ResultColumn, type Row } from './engine/result.js';
export { LarchError, SqlState } from './engine/errors.js';
export type { Execution, Notice } from './engine/session.js';
export { NotificationHub, type Notification } from './engine/notifications.js';
export { Cursor, type Field } from './engine/cursor.js';
export type { CopyIn, CopyOut } from './engine/copy.js';
export type { RegisterData } from './datasource/arrow/registered-data.js';
export { writeStream as copyToStream } from './datasource/write/write-files.js';
export type { PreparedStatement } from './engine/prepared.js';
export type { Statement } from './sql/parser.js';
export { isBlankSql } from './sql/split.js';
export { toLarchError } from './engine/errors.js';
export { type DataType, Types, typeName } from './types/data-type.js';
export type { Batch } from './columnar/batch.js';
export type { Scalar, Vector } from './columnar/vector.js';
export { getScalar } from './columnar/vector-ops.js';
export { formatValue, formatFloat4, formatFloat8, type RegNameLookup } from './types/text-format.js';
export { type TimeZone, UTC } from './types/datetime.js';
export type { Decimal } from './types/decimal.js';
export type { Interval } from './types/interval.js';
export { typeOid, typeModifier, typeLength, typeFromOid } from './catalog/system/type-oids.js';
export { settingMillis } from './engine/setting-values.js';
export {
  predictJsonRows,
  type JsonRow,
  type OnlinePredictOptions,
  type OnlinePrediction,
} from './engine/ml/online-predict.js';
export { modelSummaries, modelSummary, type ModelSummary } from './engine/ml/model-summaries.js';
