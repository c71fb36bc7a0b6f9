// A sink scores with the model versions it started with: the `MODEL name` references in its query
// are found when the sink is created, their active versions recorded, and the query run as
// `MODEL name@version` until ALTER SINK … REFRESH MODEL moves them to the versions active then.

import { isPunct, isWord, mlTokens } from '../sql/ml-tokens.js';

interface ModelReference {
  readonly name: string;
  /** Where the name ends in the text. */
  readonly end: number;
  /** A version written in the query (MODEL m@2) is kept as written. */
  readonly pinned: boolean;
}

function modelReferences(text: string): ModelReference[] {
  const tokens = mlTokens(text);
  const out: ModelReference[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const name = tokens[i + 1]!;
    if (!isWord(tokens[i], 'model') || (name.kind !== 'word' && name.kind !== 'quoted')) continue;
    if (!isPunct(tokens[i - 1], '(') && !isPunct(tokens[i - 1], ',')) continue;
    out.push({ name: name.value, end: name.end, pinned: isPunct(tokens[i + 2], '@') });
  }
  return out;
}

/** The names of the models the query scores with and does not pin itself. */
export function unpinnedModels(text: string): string[] {
  return [
    ...new Set(
      modelReferences(text)
        .filter((r) => !r.pinned)
        .map((r) => r.name),
    ),
  ];
}

/** The query with each unpinned `MODEL name` as `MODEL name@version`. */
export function pinModels(text: string, versions: { readonly [model: string]: number }): string {
  let out = '';
  let at = 0;
  for (const r of modelReferences(text)) {
    const version = versions[r.name];
    if (r.pinned || version === undefined) continue;
    out += `${text.slice(at, r.end)}@${version}`;
    at = r.end;
  }
  return out + text.slice(at);
}
