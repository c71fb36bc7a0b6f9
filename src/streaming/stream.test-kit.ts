// Helpers for the stream tests: sinks run in the background, so results are polled for.

/** Polls `read` until it returns what `done` accepts, or 15 seconds pass; returns the last value. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 30));
    value = await read();
  }
  return value;
}
