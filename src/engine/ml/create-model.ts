// CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name [TRANSFORM (…)] OPTIONS (…) AS query: the query runs
// as any other, its rows go through the TRANSFORM program into the trainer, and the model is stored in
// the catalog (a new version when it replaces one). Nothing is stored when training fails or is cancelled.

import type { Node, ResTarget } from '@pgsql/types';
import { DEFAULT_SCHEMA, type ModelEntry } from '../../catalog/catalog.js';
import { encodeModelJson, type ParsedOptions, parseModelOptions } from '../../ml/index.js';
import { bodyOf, stringList, tagOf } from '../../sql/ast.js';
import type { CreateModelStatement } from '../../sql/model-statements.js';
import { type DataType, typeName } from '../../types/data-type.js';
import { LarchError, SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import type { RowLayout } from './model-features.js';
import { isClassifier, taskOf } from './model-labels.js';
import type { ModelMetadata } from './model-metadata.js';
import { type LeafBatch, trainModel } from './train-model.js';
import { compileProgram, ProgramRunner, type TransformProgram } from './transform-program.js';
import { columnKindOf, mlColumnOf } from './vector-columns.js';

const ENGINE_VERSION = '0.1.0';

function labelType(type: DataType | undefined): ModelMetadata['labelType'] {
  if (type === undefined) return 'number';
  if (type.id === 'bool') return 'bool';
  if (type.id === 'int2' || type.id === 'int4' || type.id === 'int8') return 'integer';
  return columnKindOf(type) === 'string' ? 'text' : 'number';
}

/** The label, the split column and the features of a model type, from its options and program. */
function rowLayout(parsed: ParsedOptions, program: TransformProgram): RowLayout {
  const o = parsed.options;
  const outputs = program.items.map((i) => i.alias);
  const has = (name: string) => outputs.includes(name);
  const missing = (what: string, name: string, option: string) =>
    new LarchError(
      SqlState.undefinedColumn,
      `${what} column "${name}" is not among the training columns (${outputs.join(', ')})`,
      { hint: `Name it with the ${option} option, or select it in the query.` },
    );
  const splitColumn = o.dataSplitCol;
  if (splitColumn !== null && !has(splitColumn)) throw missing('split', splitColumn, 'data_split_col');
  if (o.modelType === 'matrix_factorization') {
    for (const [name, option] of [
      [o.userCol, 'user_col'],
      [o.itemCol, 'item_col'],
      [o.ratingCol, 'rating_col'],
    ] as const)
      if (!has(name)) throw missing(option.replace('_col', ''), name, option);
    return {
      features: [o.userCol, o.itemCol],
      label: o.ratingCol,
      splitColumn,
      handleInvalid: o.handleInvalid,
    };
  }
  const task = taskOf(o.modelType);
  const supervised = task === 'regression' || task === 'classification';
  let label: string | null = null;
  if (supervised) {
    if (o.labelColumns.length !== 1)
      throw new LarchError(SqlState.invalidParameterValue, 'input_label_cols must name exactly one column');
    label = o.labelColumns[0]!;
    if (!has(label)) throw missing('label', label, 'input_label_cols');
  }
  // A transform_only model has no estimator: its outputs are not assembled into features.
  const features =
    o.modelType === 'transform_only' ? [] : outputs.filter((n) => n !== label && n !== splitColumn);
  if (features.length === 0 && o.modelType !== 'transform_only')
    throw new LarchError(SqlState.invalidParameterValue, 'the model has no feature columns');
  return { features, label, splitColumn, handleInvalid: o.handleInvalid };
}

/** A SELECT of the program's leaf expressions over the AS query. */
function leafQuery(program: TransformProgram, query: Node): Node {
  return {
    SelectStmt: {
      targetList: program.leaves.map((leaf, i) => ({ ResTarget: { name: `__leaf_${i}`, val: leaf } })),
      fromClause: [{ RangeSubselect: { subquery: query, alias: { aliasname: '__training_rows' } } }],
      limitOption: 'LIMIT_OPTION_DEFAULT',
      op: 'SETOP_NONE',
    },
  } as unknown as Node;
}

/** Adds the label and split column to a TRANSFORM list that does not produce them (passed through). */
function withPassThrough(
  targets: readonly ResTarget[] | null,
  columns: readonly string[],
  names: readonly (string | null)[],
): ResTarget[] | null {
  if (targets === null) return null;
  const out = [...targets];
  const produced = new Set(
    targets.map(
      (t) =>
        t.name ??
        (t.val !== undefined && tagOf(t.val) === 'ColumnRef'
          ? stringList(bodyOf<{ fields: Node[] }>(t.val).fields).at(-1)
          : undefined),
    ),
  );
  for (const name of names)
    if (name !== null && !produced.has(name) && columns.includes(name))
      out.push({ name, val: { ColumnRef: { fields: [{ String: { sval: name } }] } } as Node });
  return out;
}

export async function executeCreateModel(
  ctx: StatementContext,
  stmt: CreateModelStatement,
): Promise<QueryResult> {
  const started = Date.now();
  const existing = ctx.txn.lookup(DEFAULT_SCHEMA, stmt.name);
  const done = () => new QueryResult([], [], 'CREATE MODEL', 0, ctx.evalContext.timeZone);
  if (existing !== undefined && existing.kind !== 'model')
    throw new LarchError(SqlState.duplicateTable, `relation "${stmt.name}" already exists`, {
      hint: 'Models share names with tables and views.',
    });
  if (existing !== undefined && !stmt.orReplace) {
    if (stmt.ifNotExists) {
      ctx.notice?.({
        severity: 'NOTICE',
        code: SqlState.duplicateTable,
        message: `model "${stmt.name}" already exists, skipping`,
      });
      return done();
    }
    throw new LarchError(SqlState.duplicateTable, `model "${stmt.name}" already exists`, {
      hint: 'CREATE OR REPLACE MODEL adds a new version.',
    });
  }
  let parsed: ParsedOptions;
  try {
    parsed = parseModelOptions(stmt.options);
  } catch (e) {
    if (e instanceof LarchError && e.position === undefined && stmt.optionsPosition !== null)
      e.position = stmt.optionsPosition;
    throw e;
  }
  const o = parsed.options;
  const bound = ctx.binder().bindQuery(stmt.query, null, null);
  const columns = bound.columns.map((c) => ({ name: c.name, type: c.type, kind: columnKindOf(c.type) }));
  const label =
    isClassifier(o.modelType) || taskOf(o.modelType) === 'regression' ? (o.labelColumns[0] ?? null) : null;
  const passThrough = new Set(
    [label, o.dataSplitCol, o.userCol, o.itemCol, o.ratingCol].filter((n) => n !== null),
  );
  const targets = withPassThrough(
    stmt.transform,
    columns.map((c) => c.name),
    o.modelType === 'matrix_factorization'
      ? [o.userCol, o.itemCol, o.ratingCol, o.dataSplitCol]
      : [label, o.dataSplitCol],
  );
  const program = compileProgram(targets, columns, passThrough);
  const layout = rowLayout(parsed, program);
  const leaf = ctx.binder().bindQuery(leafQuery(program, stmt.query), null, null);
  const batches: LeafBatch[] = [];
  for await (const b of ctx.stream(leaf.plan, leaf.columns)) {
    if (b.length === 0) continue;
    batches.push({
      rows: b.length,
      leaves: leaf.columns.map((c, i) => mlColumnOf(b.columns[i]!, c.type, b.length, program.leafNames[i]!)),
    });
  }
  const runner = new ProgramRunner(program);
  const result = await trainModel({
    runner,
    layout,
    parsed,
    batches,
    signal: ctx.signal,
    progress: (pass, count, rows) =>
      ctx.progress?.({
        what: `CREATE MODEL ${stmt.name}`,
        step: pass.name,
        count,
        rows,
        iteration: pass.iteration,
        loss: pass.loss,
      }),
    partitions: Math.max(1, Number(ctx.settings.get('threads') ?? 1)),
  });
  // A label passed through keeps its column's type; a computed one (ML.BUCKETIZE …) is a number.
  const labelItem = program.items.find((i) => i.alias === layout.label);
  const labelLeaf = labelItem?.node.op === 'leaf' ? program.leafNames[labelItem.node.leaf] : undefined;
  const labelColumn = columns.find((c) => c.name === labelLeaf);
  const metadata: ModelMetadata = {
    engine: 'larch',
    engineVersion: ENGINE_VERSION,
    modelType: o.modelType,
    task: result.model.task,
    program: runner.saved(),
    features: layout.features,
    label: layout.label,
    labelType: layout.label === null ? null : labelType(labelColumn?.type),
    splitColumn: layout.splitColumn,
    inputColumns: columns.map((c) => ({ name: c.name, type: typeName(c.type) })),
    transformText: stmt.transformText,
    queryText: stmt.queryText,
    options: parsed.given,
    handleInvalid: o.handleInvalid,
    evaluation: result.evaluation.metrics,
    evaluatedOn: result.evaluatedOn,
    confusion: result.evaluation.confusion,
    curve: result.evaluation.roc,
    featureInfo: result.featureInfo,
    trials: result.trials,
    trainingRows: result.trainingRows,
    evaluationRows: result.evaluationRows,
    trainingMs: Date.now() - started,
  };
  const file = encodeModelJson(result.model, metadata as unknown as Record<string, unknown>);
  const previous = existing?.kind === 'model' ? existing : null;
  const version = previous === null ? 1 : Math.max(...previous.versions.map((v) => v.version)) + 1;
  const entry: ModelEntry = {
    kind: 'model',
    oid: previous?.oid ?? ctx.database.newOid(),
    schema: DEFAULT_SCHEMA,
    name: stmt.name,
    versions: [...(previous?.versions ?? []), { version, createdAt: Date.now(), file }],
    activeVersion: version,
    description: previous?.description ?? null,
  };
  ctx.txn.put(entry);
  return done();
}
