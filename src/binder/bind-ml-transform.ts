// ML.TRANSFORM(MODEL m, TABLE t | (query)): the rows as the model sees them, one column per TRANSFORM
// output, with the fitted functions replayed (for inspection, and for transform_only models).

import type { Vector } from '../columnar/vector.js';
import type { LoadedModel } from '../engine/ml/loaded-model.js';
import type { ProgramNode } from '../engine/ml/transform-program.js';
import { mlColumnOf, vectorOfColumn } from '../engine/ml/vector-columns.js';
import type { MlColumn } from '../ml/index.js';
import type { PgNode } from '../sql/ast.js';
import { type DataType, listType, Types } from '../types/data-type.js';
import type { Binder } from './binder.js';
import { type BoundMlFunction, bindInput, runner, streamed } from './bind-ml-input.js';
import type { CteScope } from './context.js';

const TOKENS = new Set(['tokenize', 'stop_words_remove', 'ngrams']);
const VECTORS = new Set(['hashing_tf', 'count_vectorize', 'idf', 'one_hot', 'polynomial_expand']);

/** The SQL type of an output, from the leaf types (as vectorOfColumn produces it). */
function outputType(node: ProgramNode, leafType: (leaf: number) => DataType): DataType {
  if (node.op === 'leaf') return leafType(node.leaf);
  if (TOKENS.has(node.fn)) return listType(Types.text);
  if (VECTORS.has(node.fn)) return listType(Types.float8);
  if (node.fn === 'feature_cross') return Types.text;
  if (node.fn === 'impute') {
    const input = outputType(node.args[0]!, leafType);
    return input.id === 'text' || input.id === 'varchar' ? Types.text : Types.float8;
  }
  return Types.float8;
}

export function bindMlTransform(
  b: Binder,
  loaded: LoadedModel,
  input: PgNode,
  ctes: CteScope | null,
): BoundMlFunction {
  const { program } = loaded.meta;
  const leaves = program.leaves.map((_, i) => i);
  const bound = bindInput(b, loaded, input, leaves, ctes, 'ML.TRANSFORM');
  const columns = program.items.map((item) => ({
    name: item.alias,
    type: outputType(item.node, (leaf) => bound.leafTypes[leaf]!),
  }));
  const run = runner(b);
  return streamed(b, 'transform', columns, async function* () {
    for await (const batch of run(bound.plan, bound.columns)) {
      if (batch.length === 0) continue;
      const leafVectors = batch.columns.slice(bound.inputCount);
      const ml: MlColumn[] = leafVectors.map((v, i) =>
        mlColumnOf(v, bound.leafTypes[i]!, batch.length, program.leafNames[i]!),
      );
      const out: Vector[] = program.items.map((item) => {
        if (item.node.op === 'leaf') return leafVectors[item.node.leaf]!;
        const policy = {
          column: item.alias,
          handleInvalid: loaded.meta.handleInvalid,
          skip: new Uint8Array(batch.length),
        };
        return vectorOfColumn(loaded.runner.evaluate(item.node, ml, policy)!).vector;
      });
      yield { length: batch.length, columns: out };
    }
  });
}
