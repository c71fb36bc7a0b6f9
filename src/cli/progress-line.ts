// The status line a terminal shows while a long statement runs (CREATE MODEL's training passes),
// on standard error, rewritten in place at most ten times a second and cleared when it ends.

import type { Progress } from '../engine/progress.js';

export function progressText(p: Progress): string {
  const iteration = p.iteration === undefined ? '' : `, iteration ${p.iteration}`;
  const loss = p.loss === undefined ? '' : `, loss ${p.loss.toPrecision(5)}`;
  return `${p.what}: step ${p.count} (${p.step})${iteration}${loss}, ${p.rows.toLocaleString('en-US')} rows`;
}

export class ProgressLine {
  private shown = false;
  private last = 0;

  constructor(private readonly err: NodeJS.WritableStream) {}

  update(p: Progress): void {
    const now = Date.now();
    if (this.shown && now - this.last < 100) return;
    this.last = now;
    this.err.write(`\r\x1b[K${progressText(p)}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.err.write('\r\x1b[K');
    this.shown = false;
  }
}
