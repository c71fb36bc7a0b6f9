// The shell's persistent history: ~/.larch_history (or $LARCH_HISTORY), one line per entry, oldest first.

import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HISTORY_SIZE = 1000;

export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LARCH_HISTORY ?? join(homedir(), '.larch_history');
}

/** The saved history, newest first as node:readline wants it; empty when there is none yet. */
export function loadHistory(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-HISTORY_SIZE)
    .reverse();
}

/** Saves readline's history (newest first); throws when the file cannot be written. */
export function saveHistory(path: string, newestFirst: readonly string[]): void {
  const lines = newestFirst.slice(0, HISTORY_SIZE).reverse();
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''), { mode: 0o600 });
}
