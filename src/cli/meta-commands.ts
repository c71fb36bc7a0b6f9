// The shell's backslash commands (\q, \?, \x, \timing, \r), with psql's names and messages.

import type { DisplaySettings } from './format-result.js';

export type MetaOutcome =
  | { readonly kind: 'quit' }
  | { readonly kind: 'clearBuffer'; readonly message: string }
  | { readonly kind: 'print'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export const META_HELP = `General
  \\q                     quit larch
  \\?                     show this help

Query Buffer
  \\r                     reset (clear) the query buffer

Formatting
  \\x [on|off]            toggle expanded output (one block per row)
  \\timing [on|off]       toggle timing of statements

Statements end with a semicolon; Ctrl-C cancels a running statement, Ctrl-D quits.
`;

/** Runs one backslash command line (e.g. `\x on`) against the display settings. */
export function runMetaCommand(line: string, settings: DisplaySettings): MetaOutcome {
  const [name = '', ...args] = line.trim().slice(1).split(/\s+/);
  switch (name) {
    case 'q':
    case 'quit':
      return { kind: 'quit' };
    case '?':
      return { kind: 'print', message: META_HELP };
    case 'r':
    case 'reset':
      return { kind: 'clearBuffer', message: 'Query buffer reset (cleared).\n' };
    case 'x': {
      const value = toggle(args[0], settings.expanded, '\\x');
      if (typeof value === 'string') return { kind: 'error', message: value };
      settings.expanded = value;
      return { kind: 'print', message: `Expanded display is ${value ? 'on' : 'off'}.\n` };
    }
    case 'timing': {
      const value = toggle(args[0], settings.timing, '\\timing');
      if (typeof value === 'string') return { kind: 'error', message: value };
      settings.timing = value;
      return { kind: 'print', message: `Timing is ${value ? 'on' : 'off'}.\n` };
    }
    default:
      return { kind: 'error', message: `invalid command \\${name}\nTry \\? for help.` };
  }
}

/** The new value of an on/off setting: flipped without an argument; an error message for a bad one. */
function toggle(arg: string | undefined, current: boolean, command: string): boolean | string {
  if (arg === undefined) return !current;
  const value = arg.toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(value)) return true;
  if (['off', 'false', 'no', '0'].includes(value)) return false;
  return `${command}: unrecognized value "${arg}": on or off expected`;
}
