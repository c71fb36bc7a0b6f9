// Errors that reach users: every one carries a PostgreSQL SQLSTATE and, for SQL text, a position.

/** SQLSTATE codes used by the engine, named as PostgreSQL's errcodes.txt names them. */
export const SqlState = {
  syntaxError: '42601',
  undefinedTable: '42P01',
  undefinedColumn: '42703',
  undefinedFunction: '42883',
  undefinedObject: '42704',
  undefinedParameter: '42P02',
  duplicateTable: '42P07',
  duplicateColumn: '42701',
  duplicateObject: '42710',
  duplicateSchema: '42P06',
  duplicateAlias: '42712',
  ambiguousColumn: '42702',
  ambiguousFunction: '42725',
  groupingError: '42803',
  windowingError: '42P20',
  datatypeMismatch: '42804',
  cannotCoerce: '42846',
  indeterminateDatatype: '42P18',
  invalidColumnReference: '42P10',
  wrongObjectType: '42809',
  dependentObjectsStillExist: '2BP01',
  invalidTableDefinition: '42P16',
  featureNotSupported: '0A000',
  divisionByZero: '22012',
  numericValueOutOfRange: '22003',
  invalidTextRepresentation: '22P02',
  invalidDatetimeFormat: '22007',
  datetimeFieldOverflow: '22008',
  invalidParameterValue: '22023',
  invalidArgumentForLog: '2201E',
  invalidArgumentForPower: '2201F',
  invalidRegularExpression: '2201B',
  invalidRowCountInLimit: '2201W',
  invalidRowCountInResultOffset: '2201X',
  stringDataRightTruncation: '22001',
  arraySubscriptError: '2202E',
  invalidPrecedingOrFollowingSize: '22013',
  ntileInvalidArgument: '22014',
  invalidArgumentForNthValue: '22016',
  cardinalityViolation: '21000',
  notNullViolation: '23502',
  uniqueViolation: '23505',
  checkViolation: '23514',
  invalidTransactionState: '25000',
  activeSqlTransaction: '25001',
  noActiveSqlTransaction: '25P01',
  inFailedSqlTransaction: '25P02',
  serializationFailure: '40001',
  invalidCursorName: '34000',
  duplicateCursor: '42P03',
  nullValueNotAllowed: '22004',
  invalidBinaryRepresentation: '22P03',
  invalidSqlStatementName: '26000',
  duplicatePreparedStatement: '42P05',
  protocolViolation: '08P01',
  tooManyConnections: '53300',
  invalidCatalogName: '3D000',
  invalidPassword: '28P01',
  invalidAuthorizationSpecification: '28000',
  adminShutdown: '57P01',
  cannotConnectNow: '57P03',
  idleInTransactionSessionTimeout: '25P03',
  invalidSavepointSpecification: '3B001',
  undefinedSchema: '3F000',
  invalidSchemaName: '3F000',
  queryCanceled: '57014',
  outOfMemory: '53200',
  ioError: '58030',
  internalError: 'XX000',
  programLimitExceeded: '54000',
  statementTooComplex: '54001',
  invalidName: '42602',
  reservedName: '42939',
  invalidRecursion: '42P19',
  undefinedFile: '58P01',
  duplicateFile: '58P02',
  insufficientPrivilege: '42501',
  diskFull: '53100',
  insufficientResources: '53000',
  badCopyFileFormat: '22P04',
  characterNotInRepertoire: '22021',
  dataCorrupted: 'XX001',
  configFileError: 'F0000',
  cantChangeRuntimeParam: '55P02',
  objectInUse: '55006',
  objectNotInPrerequisiteState: '55000',
  lockNotAvailable: '55P03',
} as const;

export type SqlStateCode = (typeof SqlState)[keyof typeof SqlState];

export interface LarchErrorOptions {
  /** 1-based character position in the statement text, as PostgreSQL reports it. */
  position?: number;
  detail?: string;
  hint?: string;
  /** Where the error happened beyond the statement text (PostgreSQL's CONTEXT line). */
  context?: string;
  cause?: unknown;
}

/** An error with a SQLSTATE; the only kind of error the engine lets reach a caller. */
export class LarchError extends Error {
  readonly code: string;
  position: number | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  context: string | undefined;
  /** PostgreSQL's severity: ERROR for everything the engine raises. */
  readonly severity = 'ERROR';

  constructor(code: string, message: string, options: LarchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LarchError';
    this.code = code;
    this.position = options.position;
    this.detail = options.detail;
    this.hint = options.hint;
    this.context = options.context;
  }
}

/** Builds a LarchError; `position` is a 0-based offset from the parser, stored 1-based. */
export function sqlError(
  code: string,
  message: string,
  location?: number,
  extra: LarchErrorOptions = {},
): LarchError {
  return new LarchError(code, message, {
    ...extra,
    position: location !== undefined && location >= 0 ? location + 1 : extra.position,
  });
}

/** Turns anything thrown into a LarchError, keeping unknown failures as internal errors. */
export function toLarchError(e: unknown): LarchError {
  if (e instanceof LarchError) return e;
  if (
    e instanceof RangeError &&
    /Invalid array length|Array buffer allocation failed|allocation/i.test(e.message)
  ) {
    return new LarchError(SqlState.outOfMemory, `out of memory: ${e.message}`, { cause: e });
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new LarchError(SqlState.statementTooComplex, 'stack depth limit exceeded', { cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new LarchError(SqlState.internalError, `internal error: ${message}`, { cause: e });
}

/** Throws an internal error when an invariant does not hold. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new LarchError(SqlState.internalError, `internal error: ${message}`);
}

export function unreachable(x: never): never {
  throw new LarchError(SqlState.internalError, `internal error: unexpected ${JSON.stringify(x)}`);
}
