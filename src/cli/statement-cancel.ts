// Cancelling the running statement from the shell's Ctrl-C handler, through the AbortSignal it runs with.
//
// Only the interactive shell cancels: elsewhere SIGINT keeps its default and ends larch, which stops a
// script at once even while a statement keeps the event loop busy and no handler could run.

export class StatementCancel {
  private controller: AbortController | null = null;

  /** A signal for the statement about to run; call `end` when it has finished. */
  begin(): AbortSignal {
    this.controller = new AbortController();
    return this.controller.signal;
  }

  end(): void {
    this.controller = null;
  }

  /** Aborts the running statement; false when none is running. */
  cancel(): boolean {
    if (this.controller === null) return false;
    this.controller.abort();
    return true;
  }
}
