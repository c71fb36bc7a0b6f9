// The ML syntax front end: model statements taken apart with positions into the text as written, and
// the ML call syntax rewritten in place without moving the text around it.

import { describe, expect, it } from 'vitest';
import { LarchError } from '../engine/errors.js';
import { rewriteMlCallSyntax } from './ml-call-syntax.js';
import type { CreateModelStatement, ModelStatement } from './model-statements.js';
import { loadParser, parseSql } from './parser.js';
import { bodyOf } from './ast.js';

await loadParser();

function modelStatement(sql: string): ModelStatement {
  const [stmt] = parseSql(sql);
  return bodyOf<ModelStatement>(stmt!.ast);
}

describe('model statements', () => {
  it('takes CREATE MODEL apart: options, TRANSFORM, query with positions', () => {
    const sql = `-- a comment
CREATE OR REPLACE MODEL "My Model"
  TRANSFORM (ML.BUCKETIZE(x, [1, 2.5]) AS b, y)
  OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'], l2_reg = HPARAM_RANGE(0.001, 1), fit_intercept = false)
AS SELECT x, y FROM t`;
    const s = modelStatement(sql) as CreateModelStatement;
    expect(s.kind).toBe('create_model');
    expect(s.name).toBe('My Model');
    expect(s.orReplace).toBe(true);
    expect(s.options).toEqual({
      model_type: 'linear_reg',
      input_label_cols: ['y'],
      l2_reg: { kind: 'range', min: 0.001, max: 1 },
      fit_intercept: false,
    });
    expect(s.transform?.map((t) => t.name ?? null)).toEqual(['b', null]);
    expect(s.transformText).toBe('ML.BUCKETIZE(x, [1, 2.5]) AS b, y');
    expect(s.queryText).toBe('SELECT x, y FROM t');
    expect(s.optionsPosition).toBe(sql.indexOf('OPTIONS') + 1);
    // The query's AST locations point into the statement as written.
    const select = bodyOf<{ targetList: { ResTarget: { location: number } }[] }>(s.query);
    expect(select.targetList[0]!.ResTarget.location).toBe(sql.indexOf('x, y FROM'));
  });

  it('reports a syntax error in the AS query at its place in the whole text', () => {
    const sql = "SELECT 1; CREATE MODEL m OPTIONS (model_type = 'linear_reg') AS SELEC x";
    const err = (() => {
      try {
        parseSql(sql);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(LarchError);
    expect((err as LarchError).position).toBe(sql.indexOf('SELEC x') + 1);
  });

  it('parses DROP, ALTER, EXPORT and IMPORT MODEL', () => {
    expect(modelStatement('DROP MODEL IF EXISTS m VERSION 2')).toEqual({
      kind: 'drop_model',
      name: 'm',
      ifExists: true,
      version: 2,
    });
    expect(modelStatement("ALTER MODEL m SET OPTIONS (active_version = 1, description = 'x')")).toEqual({
      kind: 'alter_model',
      name: 'm',
      options: { active_version: 1, description: 'x' },
    });
    expect(modelStatement("EXPORT MODEL m@3 TO '/tmp/m.json' OPTIONS (format = 'sql')")).toEqual({
      kind: 'export_model',
      name: 'm',
      version: 3,
      path: '/tmp/m.json',
      options: { format: 'sql' },
    });
    expect(modelStatement("IMPORT MODEL m FROM 'a''b.json';")).toEqual({
      kind: 'import_model',
      name: 'm',
      path: "a'b.json",
    });
  });

  it('leaves other statements to PostgreSQL’s grammar', () => {
    expect(
      parseSql('CREATE TABLE model (model int); DROP TABLE model').map((s) => Object.keys(s.ast)[0]),
    ).toEqual(['CreateStmt', 'DropStmt']);
  });
});

describe('ML call syntax', () => {
  it('rewrites MODEL, TABLE and STRUCT arguments in place', () => {
    const sql = 'SELECT * FROM ML.PREDICT(MODEL m@2, TABLE t, STRUCT(0.5 AS threshold))';
    const out = rewriteMlCallSyntax(sql);
    expect(out).toBe("SELECT * FROM ML.PREDICT('m@2'    ,       t, STRUCT(0.5 ,'threshold'))");
    expect(out.length).toBe(sql.length);
  });

  it('leaves strings, comments and ordinary uses of the words alone', () => {
    const sql = "SELECT 'MODEL m, TABLE t' /* MODEL x, */, cast(model AS text) FROM cars";
    expect(rewriteMlCallSyntax(sql)).toBe(sql);
  });
});

describe('positions with non-ASCII text before the query', () => {
  it('point at the failing column', async () => {
    const { Engine } = await import('../index.js');
    const engine = await Engine.open();
    await engine.sql('CREATE TABLE t (x float8, label float8)');
    const sql = "CREATE MODEL m OPTIONS (model_type = 'linear_reg') /* café */ AS SELECT nope FROM t";
    const err = await engine.sql(sql).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LarchError);
    expect((err as LarchError).position).toBe(sql.indexOf('nope') + 1);
    const transform =
      'CREATE MODEL "modèle" TRANSFORM (ML.STANDARD_SCALER(x) OVER () AS xs, label) OPTIONS (model_type = \'linear_reg\') AS SELECT * FROM t';
    await engine.sql('INSERT INTO t VALUES (1, 2), (2, 4), (3, 6)');
    await engine.sql(transform);
    const r = await engine.sql(
      'SELECT round(predicted_label) AS p FROM ML.PREDICT(MODEL "modèle", (SELECT 4.0::float8 AS x))',
    );
    expect(r.rows).toEqual([{ p: 8 }]);
    await engine.close();
  });
});
