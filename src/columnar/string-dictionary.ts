// Building a string vector's dictionary: each distinct string gets the next code.

/** The code of `s` in the dictionary being built (`dict` and its `index`), added when new. */
export function dictionaryCode(s: string, dict: string[], index: Map<string, number>): number {
  let code = index.get(s);
  if (code === undefined) {
    code = dict.push(s) - 1;
    index.set(s, code);
  }
  return code;
}
