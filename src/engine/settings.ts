// Session settings (SET / SHOW / RESET): names, defaults and validation.

import { availableParallelism, totalmem } from 'node:os';
import { LarchError, SqlState } from './errors.js';
import {
  bool,
  clientEncoding,
  dateStyle,
  formatQuantity,
  DURATION,
  integerIn,
  MEMORY,
  oneOf,
  positiveInteger,
  quantity,
  type Validate,
} from './setting-values.js';
import { timeZoneFromName } from '../types/datetime.js';

export interface SettingDefinition {
  readonly name: string;
  readonly defaultValue: () => string;
  readonly description: string;
  readonly validate?: Validate;
  /** Settings clients may set but Larch does not act on (kept for compatibility). */
  readonly passive?: boolean;
  /** What pg_settings shows as vartype (guessed from the value when absent). */
  readonly vartype?: 'bool' | 'integer' | 'real' | 'string' | 'enum';
  /** An enum's values, as pg_settings.enumvals lists them. */
  readonly enumValues?: readonly string[];
  /** A quantity's unit: pg_settings shows the setting as a number of it ('ms', 'kB'). */
  readonly unit?: 'ms' | 'kB';
  /** An integer's range, as pg_settings.min_val / max_val. */
  readonly range?: readonly [min: number, max: number];
}

/** client_min_messages' levels, lowest first (LOG ranks below NOTICE for the client). */
const CLIENT_MESSAGE_LEVELS = [
  'debug5',
  'debug4',
  'debug3',
  'debug2',
  'debug1',
  'log',
  'notice',
  'warning',
  'error',
] as const;

/** Whether a notice of this severity reaches the client under client_min_messages = `level`. */
export function noticeShown(severity: 'NOTICE' | 'WARNING', level: string | undefined): boolean {
  if (level === 'error') return false;
  return level !== 'warning' || severity === 'WARNING';
}

const ISOLATION_LEVELS = ['serializable', 'repeatable read', 'read committed', 'read uncommitted'];

/** As DuckDB: 80 % of the machine's memory, rounded down to a whole megabyte. */
function defaultMemoryLimit(): number {
  // Asked for on every statement: the machine's memory is read once.
  memoryLimit ??= Math.floor((totalmem() * 0.8) / 2 ** 20) * 2 ** 20;
  return memoryLimit;
}

let memoryLimit: number | undefined;

function enumSetting(
  values: readonly string[],
  hidden?: Readonly<Record<string, string>>,
): Pick<SettingDefinition, 'validate' | 'vartype' | 'enumValues'> {
  return { validate: oneOf(values, hidden), vartype: 'enum', enumValues: values };
}

function boolSetting(): Pick<SettingDefinition, 'validate' | 'vartype'> {
  return { validate: bool(), vartype: 'bool' };
}

function integerSetting(min: number, max: number): Pick<SettingDefinition, 'validate' | 'vartype' | 'range'> {
  return { validate: integerIn(min, max), vartype: 'integer', range: [min, max] };
}

const DEFINITIONS: SettingDefinition[] = [
  {
    name: 'threads',
    defaultValue: () => String(availableParallelism()),
    description: 'Partitions (and worker threads) a query runs on.',
    validate: positiveInteger('threads'),
  },
  {
    name: 'parallel_min_rows',
    // Below this a worker round trip costs more than the scan saves.
    defaultValue: () => '100000',
    description: 'Scans with fewer rows run on the calling thread instead of the worker pool.',
    validate: positiveInteger('parallel_min_rows', 1, Number.MAX_SAFE_INTEGER),
  },
  {
    name: 'timezone',
    defaultValue: () => 'UTC',
    description: 'Time zone for displaying and interpreting timestamps with time zone.',
    validate: (v) => {
      if (timeZoneFromName(v) === null) {
        throw new LarchError(
          SqlState.invalidParameterValue,
          `invalid value for parameter "TimeZone": "${v}"`,
        );
      }
      return v;
    },
  },
  {
    name: 'datestyle',
    defaultValue: () => 'ISO, MDY',
    description: 'Date display format (ISO output is always used).',
    validate: dateStyle,
  },
  {
    name: 'intervalstyle',
    defaultValue: () => 'postgres',
    description: 'Interval display format.',
    passive: true,
    ...enumSetting(['postgres', 'postgres_verbose', 'sql_standard', 'iso_8601']),
  },
  {
    name: 'search_path',
    defaultValue: () => '"$user", public',
    description: 'Schemas searched for unqualified names.',
  },
  {
    name: 'application_name',
    defaultValue: () => '',
    description: 'Name of the client application.',
    passive: true,
  },
  {
    name: 'client_encoding',
    defaultValue: () => 'UTF8',
    description: 'Client character set (always UTF8).',
    passive: true,
    validate: clientEncoding,
  },
  {
    name: 'client_min_messages',
    defaultValue: () => 'notice',
    description: 'Lowest level of notices sent to the client (notice, warning, error).',
    ...enumSetting(CLIENT_MESSAGE_LEVELS, { info: 'info', debug: 'debug2' }),
  },
  {
    name: 'server_encoding',
    defaultValue: () => 'UTF8',
    description: 'Server character set.',
    passive: true,
  },
  {
    name: 'server_version',
    defaultValue: () => '15.0',
    description: 'PostgreSQL version Larch is compatible with.',
    passive: true,
  },
  {
    name: 'server_version_num',
    defaultValue: () => '150000',
    description: 'PostgreSQL version as a number.',
    passive: true,
  },
  {
    name: 'standard_conforming_strings',
    defaultValue: () => 'on',
    description: 'Backslashes are literal in ordinary strings (always on).',
    passive: true,
    ...boolSetting(),
  },
  {
    name: 'integer_datetimes',
    defaultValue: () => 'on',
    description: 'Timestamps are 64-bit integers.',
    passive: true,
    vartype: 'bool',
  },
  {
    name: 'extra_float_digits',
    defaultValue: () => '1',
    description: 'Float output precision (shortest exact output).',
    passive: true,
    ...integerSetting(-15, 3),
  },
  {
    name: 'statement_timeout',
    defaultValue: () => '0',
    description: 'Cancel statements running longer than this (0: never).',
    validate: quantity(DURATION),
    unit: 'ms',
  },
  {
    name: 'idle_in_transaction_session_timeout',
    defaultValue: () => '0',
    description: 'Close sessions idle in a transaction longer than this (0: never).',
    validate: quantity(DURATION),
    unit: 'ms',
  },
  {
    name: 'idle_session_timeout',
    defaultValue: () => '0',
    description: 'Idle session limit (not enforced).',
    validate: quantity(DURATION),
    unit: 'ms',
    passive: true,
  },
  {
    name: 'lock_timeout',
    defaultValue: () => '0',
    description: 'Lock wait limit.',
    validate: quantity(DURATION),
    unit: 'ms',
    passive: true,
  },
  {
    name: 'memory_limit',
    defaultValue: () => formatQuantity(defaultMemoryLimit(), MEMORY),
    description: 'Memory a query may use for hash tables, sorts and buffered rows.',
    validate: quantity(MEMORY),
    unit: 'kB',
  },
  {
    name: 'work_mem',
    defaultValue: () => '4MB',
    description: 'Memory per sort or hash table in PostgreSQL (Larch uses memory_limit).',
    validate: quantity(MEMORY, 64),
    unit: 'kB',
    range: [64, 2147483647],
    passive: true,
  },
  {
    name: 'maintenance_work_mem',
    defaultValue: () => '64MB',
    description: 'Memory for maintenance operations in PostgreSQL (not used).',
    validate: quantity(MEMORY, 1024),
    unit: 'kB',
    range: [1024, 2147483647],
    passive: true,
  },
  {
    name: 'max_parallel_workers_per_gather',
    defaultValue: () => '2',
    description: 'PostgreSQL parallel workers per Gather (Larch uses threads).',
    passive: true,
    ...integerSetting(0, 1024),
  },
  {
    name: 'transaction_isolation',
    defaultValue: () => 'read committed',
    description: 'Transaction isolation level.',
    passive: true,
    ...enumSetting(ISOLATION_LEVELS),
  },
  {
    name: 'default_transaction_isolation',
    defaultValue: () => 'read committed',
    description: 'Default isolation level.',
    passive: true,
    ...enumSetting(ISOLATION_LEVELS),
  },
  {
    name: 'transaction_read_only',
    defaultValue: () => 'off',
    description: 'Whether the transaction is read-only.',
    passive: true,
    ...boolSetting(),
  },
  {
    name: 'default_transaction_read_only',
    defaultValue: () => 'off',
    description: 'Default read-only status of new transactions (not enforced).',
    passive: true,
    ...boolSetting(),
  },
  {
    name: 'synchronous_commit',
    defaultValue: () => 'on',
    description: 'Synchronization level of commits (Larch syncs its write-ahead log on commit).',
    passive: true,
    ...enumSetting(['local', 'remote_write', 'remote_apply', 'on', 'off'], {
      true: 'on',
      false: 'off',
      yes: 'on',
      no: 'off',
      '1': 'on',
      '0': 'off',
    }),
  },
  {
    name: 'check_function_bodies',
    defaultValue: () => 'on',
    description: 'Check routine bodies at CREATE FUNCTION (set by pg_dump scripts).',
    passive: true,
    ...boolSetting(),
  },
  {
    name: 'xmloption',
    defaultValue: () => 'content',
    description: 'XML parse mode (set by pg_dump scripts).',
    passive: true,
    ...enumSetting(['content', 'document']),
  },
  {
    name: 'default_tablespace',
    defaultValue: () => '',
    description: 'Tablespace for new tables (Larch has none; set by pg_dump scripts).',
    passive: true,
  },
  {
    name: 'default_table_access_method',
    defaultValue: () => 'heap',
    description: 'Table access method (set by pg_dump scripts).',
    passive: true,
  },
  {
    name: 'escape_string_warning',
    defaultValue: () => 'on',
    description: 'Warn about backslash escapes in ordinary strings.',
    passive: true,
    ...boolSetting(),
  },
  {
    name: 'max_identifier_length',
    defaultValue: () => '63',
    description: 'Longest identifier.',
    passive: true,
    vartype: 'integer',
    range: [63, 63],
  },
  {
    name: 'is_superuser',
    defaultValue: () => 'on',
    description: 'Whether the user is a superuser.',
    passive: true,
    vartype: 'bool',
  },
  {
    name: 'disabled_optimizers',
    defaultValue: () => '',
    description: 'Comma-separated optimizer rules to skip.',
  },
  {
    name: 'bytea_output',
    defaultValue: () => 'hex',
    description: 'bytea output format (hex is always used).',
    passive: true,
    ...enumSetting(['escape', 'hex']),
  },
  {
    name: 'row_security',
    defaultValue: () => 'on',
    description: 'Row security (not enforced).',
    passive: true,
    ...boolSetting(),
  },
  {
    name: 'jit',
    defaultValue: () => 'off',
    description: 'JIT compilation (not applicable).',
    passive: true,
    ...boolSetting(),
  },
];

const BY_NAME = new Map(DEFINITIONS.map((d) => [d.name, d]));

export function settingDefinition(name: string): SettingDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function allSettings(): readonly SettingDefinition[] {
  return DEFINITIONS;
}

/** A session's setting values. Unknown names with a dot (extensions: `myapp.x`) are allowed, as in PostgreSQL. */
export class Settings {
  private readonly values = new Map<string, string>();
  /** SET LOCAL values: they shadow the session's until the transaction ends. */
  private readonly local = new Map<string, string>();
  /** Counts changes (SET, RESET, a transaction's end …): plans made under one value stay valid until it moves. */
  version = 0;

  /** Values read through `parsed`, by parser then name, for the settings' current version. */
  private parsedValues = new Map<(v: string | undefined) => unknown, Map<string, unknown>>();
  private parsedVersion = 0;

  /** A setting's value as `parse` reads it, kept until a setting changes (for every statement's reads). */
  parsed<T>(name: string, parse: (v: string | undefined) => T): T {
    if (this.parsedVersion !== this.version) {
      this.parsedValues.clear();
      this.parsedVersion = this.version;
    }
    let byName = this.parsedValues.get(parse);
    if (byName === undefined) this.parsedValues.set(parse, (byName = new Map()));
    if (byName.has(name)) return byName.get(name) as T;
    const value = parse(this.get(name));
    byName.set(name, value);
    return value;
  }

  get(name: string): string | undefined {
    const key = name.toLowerCase();
    const v = this.local.get(key) ?? this.values.get(key);
    if (v !== undefined) return v;
    return BY_NAME.get(key)?.defaultValue();
  }

  /** SET (or SET LOCAL with `local`); a plain SET also replaces an earlier SET LOCAL, as in PostgreSQL. */
  set(name: string, value: string, local = false): void {
    const key = name.toLowerCase();
    const def = BY_NAME.get(key);
    if (def === undefined && !key.includes('.')) {
      throw new LarchError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
    }
    const normalized = def?.validate ? def.validate(value, this.get(key), name) : value;
    this.version++;
    if (local) {
      this.local.set(key, normalized);
      return;
    }
    this.local.delete(key);
    this.values.set(key, normalized);
  }

  reset(name: string): void {
    const key = name.toLowerCase();
    if (!BY_NAME.has(key) && !this.values.has(key) && !this.local.has(key) && !key.includes('.')) {
      throw new LarchError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
    }
    this.version++;
    this.local.delete(key);
    this.values.delete(key);
  }

  resetAll(): void {
    this.version++;
    this.local.clear();
    this.values.clear();
  }

  /** Ends a transaction block: SET LOCAL values lapse, and a rollback restores the session's values. */
  endTransaction(restore: ReadonlyMap<string, string> | null): void {
    if (this.local.size > 0) this.version++;
    this.local.clear();
    if (restore !== null) this.restore(restore);
  }

  snapshot(): Map<string, string> {
    return new Map(this.values);
  }

  restore(values: ReadonlyMap<string, string>): void {
    this.version++;
    this.values.clear();
    for (const [k, v] of values) this.values.set(k, v);
  }
}
