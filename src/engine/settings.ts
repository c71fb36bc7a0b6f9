// Session settings (SET / SHOW / RESET): names, defaults and validation.

import { availableParallelism, totalmem } from 'node:os';
import { LarchError, SqlState } from './errors.js';
import { timeZoneFromName } from '../types/datetime.js';

export interface SettingDefinition {
  readonly name: string;
  readonly defaultValue: () => string;
  readonly description: string;
  /** Returns the normalized value or throws 22023 for a bad one. */
  readonly validate?: (value: string) => string;
  /** Settings clients may set but Larch does not act on (kept for compatibility). */
  readonly passive?: boolean;
}

function positiveInteger(name: string, min = 1, max = 1024): (v: string) => string {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new LarchError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`, {
        hint: `Must be an integer between ${min} and ${max}.`,
      });
    }
    return String(n);
  };
}

/** A quantity with a unit, as PostgreSQL writes settings such as '100ms' or '4GB'. */
interface UnitScale {
  readonly units: readonly (readonly [unit: string, factor: number])[];
  /** The unit of a bare number. */
  readonly bare: number;
  readonly hint: string;
}

const DURATION: UnitScale = {
  units: [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
    ['ms', 1],
  ],
  bare: 1,
  hint: 'Valid units for this parameter are "ms", "s", "min", "h", and "d".',
};

const MEMORY: UnitScale = {
  units: [
    ['TB', 2 ** 40],
    ['GB', 2 ** 30],
    ['MB', 2 ** 20],
    ['kB', 2 ** 10],
    ['B', 1],
  ],
  bare: 2 ** 10,
  hint: 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".',
};

/** The amount of a setting in its scale's base unit (milliseconds, bytes); 0 for '0'. */
function parseQuantity(text: string, scale: UnitScale): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (m === null) return null;
  const amount = Number(m[1]);
  if (m[2] === '') return amount * scale.bare;
  const unit = m[2]!.toLowerCase().replace(/ib$/, 'b');
  const found = scale.units.find(([u]) => u.toLowerCase() === unit);
  return found === undefined ? null : Math.round(amount * found[1]);
}

/** The largest unit that divides the amount evenly, as PostgreSQL's SHOW prints it. */
function formatQuantity(amount: number, scale: UnitScale): string {
  if (amount === 0) return '0';
  const [unit, factor] =
    scale.units.find(([, f]) => amount % f === 0) ?? scale.units[scale.units.length - 1]!;
  return `${amount / factor}${unit}`;
}

function quantity(name: string, scale: UnitScale): (v: string) => string {
  return (v) => {
    const amount = parseQuantity(v, scale);
    if (amount === null || !Number.isFinite(amount)) {
      throw new LarchError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`, {
        hint: scale.hint,
      });
    }
    return formatQuantity(amount, scale);
  };
}

/** A duration setting's value in milliseconds (0: none). */
export function settingMillis(value: string | undefined): number {
  return value === undefined ? 0 : (parseQuantity(value, DURATION) ?? 0);
}

/** A memory setting's value in bytes. */
export function settingBytes(value: string | undefined): number {
  return value === undefined ? 0 : (parseQuantity(value, MEMORY) ?? 0);
}

/** As DuckDB: 80 % of the machine's memory, rounded down to a whole megabyte. */
function defaultMemoryLimit(): number {
  // Asked for on every statement: the machine's memory is read once.
  memoryLimit ??= Math.floor((totalmem() * 0.8) / 2 ** 20) * 2 ** 20;
  return memoryLimit;
}

let memoryLimit: number | undefined;

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
  },
  {
    name: 'intervalstyle',
    defaultValue: () => 'postgres',
    description: 'Interval display format.',
    passive: true,
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
    description: 'Backslashes are literal in ordinary strings.',
    passive: true,
  },
  {
    name: 'integer_datetimes',
    defaultValue: () => 'on',
    description: 'Timestamps are 64-bit integers.',
    passive: true,
  },
  {
    name: 'extra_float_digits',
    defaultValue: () => '1',
    description: 'Float output precision (shortest exact output).',
    passive: true,
  },
  {
    name: 'statement_timeout',
    defaultValue: () => '0',
    description: 'Cancel statements running longer than this (0: never).',
    validate: quantity('statement_timeout', DURATION),
  },
  {
    name: 'idle_in_transaction_session_timeout',
    defaultValue: () => '0',
    description: 'Close sessions idle in a transaction longer than this (0: never).',
    validate: quantity('idle_in_transaction_session_timeout', DURATION),
  },
  {
    name: 'lock_timeout',
    defaultValue: () => '0',
    description: 'Lock wait limit.',
    validate: quantity('lock_timeout', DURATION),
    passive: true,
  },
  {
    name: 'memory_limit',
    defaultValue: () => formatQuantity(defaultMemoryLimit(), MEMORY),
    description: 'Memory a query may use for hash tables, sorts and buffered rows.',
    validate: quantity('memory_limit', MEMORY),
  },
  {
    name: 'transaction_isolation',
    defaultValue: () => 'read committed',
    description: 'Transaction isolation level.',
    passive: true,
  },
  {
    name: 'default_transaction_isolation',
    defaultValue: () => 'read committed',
    description: 'Default isolation level.',
    passive: true,
  },
  {
    name: 'transaction_read_only',
    defaultValue: () => 'off',
    description: 'Whether the transaction is read-only.',
    passive: true,
  },
  {
    name: 'max_identifier_length',
    defaultValue: () => '63',
    description: 'Longest identifier.',
    passive: true,
  },
  {
    name: 'is_superuser',
    defaultValue: () => 'on',
    description: 'Whether the user is a superuser.',
    passive: true,
  },
  {
    name: 'disabled_optimizers',
    defaultValue: () => '',
    description: 'Comma-separated optimizer rules to skip.',
  },
  { name: 'bytea_output', defaultValue: () => 'hex', description: 'bytea output format.', passive: true },
  {
    name: 'row_security',
    defaultValue: () => 'on',
    description: 'Row security (not enforced).',
    passive: true,
  },
  { name: 'jit', defaultValue: () => 'off', description: 'JIT compilation (not applicable).', passive: true },
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
    const normalized = def?.validate ? def.validate(value) : value;
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
