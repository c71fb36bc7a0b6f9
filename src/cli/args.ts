// The `larch` command line: options in psql's spelling (-c, -f, -x, --csv) plus --format and --data.

import { OUTPUT_FORMATS, type OutputFormat } from './format-result.js';

/** A `-c` string or a `-f` file, run in the order given. */
export type CliAction =
  { readonly kind: 'command'; readonly sql: string } | { readonly kind: 'file'; readonly path: string };

export interface CliOptions {
  readonly actions: readonly CliAction[];
  readonly format: OutputFormat;
  readonly expanded: boolean;
  readonly dataDir: string | undefined;
  readonly help: boolean;
}

/** A command line larch cannot run; main prints it with a pointer to --help. */
export class UsageError extends Error {}

export const USAGE = `larch is an embedded SQL analytics engine speaking PostgreSQL's SQL.

Usage:
  larch [OPTION]...                  shell (statements from stdin if not a terminal)
  larch -c SQL | -f FILE [OPTION]... run SQL and print the results
  larch test FILES_OR_FOLDERS...     run sqllogictest files
  larch serve [OPTION]...            PostgreSQL wire server (larch serve --help)

Options:
  -c, --command=SQL    run SQL (one or more statements, or one backslash command); repeatable
  -f, --file=FILE      run the statements in FILE ("-" for standard input); repeatable
      --format=FORMAT  output format: table (default), csv or json
      --csv            same as --format=csv
  -x, --expanded       expanded table output (one block per row)
      --data=DIR       keep the database in directory DIR (created if missing);
                       without it the database lives in memory
  -?, --help           show this help

-c and -f run in the order given and stop at the first error (exit status 1).
`;

// Options taking a value, by every spelling.
const VALUE_OPTIONS: Readonly<Record<string, 'command' | 'file' | 'format' | 'data'>> = {
  '-c': 'command',
  '--command': 'command',
  '-f': 'file',
  '--file': 'file',
  '--format': 'format',
  '--data': 'data',
};

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const actions: CliAction[] = [];
  let format: OutputFormat = 'table';
  let expanded = false;
  let dataDir: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-?' || arg === '--help') help = true;
    else if (arg === '-x' || arg === '--expanded') expanded = true;
    else if (arg === '--csv') format = 'csv';
    else {
      const { name, inline } = splitOption(arg);
      const option = VALUE_OPTIONS[name];
      if (option === undefined) {
        throw new UsageError(
          arg.startsWith('-') ? `unrecognized option "${arg}"` : `unexpected argument "${arg}"`,
        );
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`option "${name}" needs a value`);
      if (option === 'command') actions.push({ kind: 'command', sql: value });
      else if (option === 'file') actions.push({ kind: 'file', path: value });
      else if (option === 'data') dataDir = value;
      else format = parseFormat(value);
    }
  }
  return { actions, format, expanded, dataDir, help };
}

/** `--name=value` and `-cVALUE` carry their value inline. */
function splitOption(arg: string): { name: string; inline: string | undefined } {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    return eq < 0 ? { name: arg, inline: undefined } : { name: arg.slice(0, eq), inline: arg.slice(eq + 1) };
  }
  if (/^-[cf]./s.test(arg)) return { name: arg.slice(0, 2), inline: arg.slice(2) };
  return { name: arg, inline: undefined };
}

function parseFormat(value: string): OutputFormat {
  const format = OUTPUT_FORMATS.find((f) => f === value);
  if (format === undefined) {
    throw new UsageError(`unknown format "${value}" (expected ${OUTPUT_FORMATS.join(', ')})`);
  }
  return format;
}
