// Larch's public API.

export { Engine, type EngineOptions } from './engine/engine.js';
export { Session, type QueryOptions, type TransactionStatus } from './engine/session.js';
export { QueryResult, type ResultColumn, type Row } from './engine/result.js';
export { LarchError, SqlState } from './engine/errors.js';
