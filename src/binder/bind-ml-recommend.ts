// ML.RECOMMEND(MODEL mf [, (users)] [, STRUCT(10 AS top_k, TRUE AS exclude_seen)]): the top_k items per
// user of a matrix factorization model, optionally without the items the user rated in training.

import type { Scalar, Vector } from '../columnar/vector.js';
import { vectorFromScalars } from '../columnar/vector-ops.js';
import { SqlState } from '../engine/errors.js';
import { type LoadedModel } from '../engine/ml/loaded-model.js';
import { AlsModel, type Recommendations } from '../ml/index.js';
import { parseSql } from '../sql/parser.js';
import { locationOf, type PgNode } from '../sql/ast.js';
import { type DataType, Types } from '../types/data-type.js';
import type { Binder, BoundQuery } from './binder.js';
import type { CteScope } from './context.js';
import {
  type BoundMlFunction,
  inputFromItem,
  numberField,
  runner,
  selectOf,
  STAR,
  streamed,
  structFields,
} from './bind-ml-input.js';

function idType(loaded: LoadedModel, name: string): DataType {
  const t = loaded.meta.inputColumns.find((c) => c.name === name)?.type ?? '';
  return /^(bigint|integer|smallint|int)/.test(t) ? Types.int8 : Types.float8;
}

export function bindRecommend(
  b: Binder,
  loaded: LoadedModel,
  input: PgNode | undefined,
  struct: PgNode | undefined,
  ctes: CteScope | null,
): BoundMlFunction {
  const model = loaded.model;
  if (!(model instanceof AlsModel))
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `ML.RECOMMEND needs a matrix_factorization model; "${loaded.entry.name}" is a ${loaded.meta.modelType} model`,
    );
  const fields = structFields(b, struct);
  const topK = numberField(b, fields, 'top_k', struct) ?? 10;
  const seen = fields.exclude_seen === true ? bindSeenPairs(b, loaded) : null;
  if (!Number.isInteger(topK) || topK < 1)
    throw b.ctx.error(SqlState.invalidParameterValue, 'top_k must be a positive integer', locationOf(struct));
  const [userCol, itemCol] = loaded.meta.features as [string, string];
  const columns = [
    { name: userCol, type: idType(loaded, userCol) },
    { name: itemCol, type: idType(loaded, itemCol) },
    { name: `predicted_${loaded.meta.label ?? 'rating'}`, type: Types.float8 },
  ];
  const users =
    input === undefined
      ? null
      : b.bindQuery(selectOf(inputFromItem(b, input, 'ML.RECOMMEND'), [STAR]), null, ctes);
  const run = runner(b);
  return streamed(b, 'recommend', columns, async function* () {
    let ids: Float64Array | null = null;
    if (users !== null) {
      const values: number[] = [];
      for await (const batch of run(users.plan, users.columns))
        for (let i = 0; i < batch.length; i++) {
          const v = vectorValue(batch.columns[0]!, i);
          if (typeof v === 'number') values.push(v);
        }
      ids = Float64Array.from(values);
    }
    const r =
      seen === null ? model.recommend(ids, topK) : unseenTop(model, ids, topK, await seenPairs(run, seen));
    if (r.user.length === 0) return;
    yield {
      length: r.user.length,
      columns: [
        vectorFromScalars(columns[0]!.type, Array.from(r.user)),
        vectorFromScalars(columns[1]!.type, Array.from(r.item)),
        vectorFromScalars(Types.float8, Array.from(r.score)),
      ],
    };
  });
}

/** The training query's (user, item) pairs, for STRUCT(TRUE AS exclude_seen). */
function bindSeenPairs(b: Binder, loaded: LoadedModel): BoundQuery {
  const [stmt] = parseSql(loaded.meta.queryText);
  const { program, features } = loaded.meta;
  const targets = features.map((alias) => {
    const node = program.items.find((i) => i.alias === alias)!.node;
    return { ResTarget: { val: node.op === 'leaf' ? program.leaves[node.leaf] : undefined } };
  });
  const from = { RangeSubselect: { subquery: stmt!.ast, alias: { aliasname: '__seen' } } } as PgNode;
  return b.bindQuery(selectOf(from, targets as PgNode[]), null, null);
}

async function seenPairs(run: ReturnType<typeof runner>, q: BoundQuery): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const batch of run(q.plan, q.columns))
    for (let i = 0; i < batch.length; i++)
      out.add(`${String(vectorValue(batch.columns[0]!, i))}:${String(vectorValue(batch.columns[1]!, i))}`);
  return out;
}

/** The top_k items per user among those the user has not rated. */
function unseenTop(
  model: AlsModel,
  users: Float64Array | null,
  topK: number,
  seen: Set<string>,
): Recommendations {
  const all = model.recommend(users, model.state.itemIds.length);
  const out = { user: [] as number[], item: [] as number[], score: [] as number[] };
  const taken = new Map<number, number>();
  for (let i = 0; i < all.user.length; i++) {
    const u = all.user[i]!;
    if (seen.has(`${u}:${all.item[i]!}`) || (taken.get(u) ?? 0) >= topK) continue;
    taken.set(u, (taken.get(u) ?? 0) + 1);
    out.user.push(u);
    out.item.push(all.item[i]!);
    out.score.push(all.score[i]!);
  }
  return {
    user: Float64Array.from(out.user),
    item: Float64Array.from(out.item),
    score: Float64Array.from(out.score),
  };
}

function vectorValue(v: Vector, i: number): Scalar {
  if (v.kind === 'const') return v.value;
  if (v.kind === 'boxed' || v.kind === 'string' || v.kind === 'interval') return null;
  return v.data[i]!;
}
