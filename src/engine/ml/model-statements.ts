// The model statements other than CREATE MODEL: DROP MODEL [VERSION n], ALTER MODEL … SET OPTIONS
// (active_version, description), EXPORT MODEL … TO 'file' (native or SQL format) and IMPORT MODEL.

import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_SCHEMA, type ModelEntry } from '../../catalog/catalog.js';
import { decodeModel } from '../../ml/index.js';
import type {
  AlterModelStatement,
  DropModelStatement,
  ExportModelStatement,
  ImportModelStatement,
  ModelStatement,
} from '../../sql/model-statements.js';
import { LarchError, SqlState, unreachable } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { executeCreateModel } from './create-model.js';
import { loadModel, undefinedModel } from './loaded-model.js';
import type { ModelMetadata } from './model-metadata.js';
import { modelAsSql } from './model-sql-export.js';

function done(ctx: StatementContext, tag: string): QueryResult {
  return new QueryResult([], [], tag, 0, ctx.evalContext.timeZone);
}

function findModel(ctx: StatementContext, name: string): ModelEntry | undefined {
  const e = ctx.txn.lookup(DEFAULT_SCHEMA, name);
  return e?.kind === 'model' ? e : undefined;
}

function requireModel(ctx: StatementContext, name: string): ModelEntry {
  const entry = findModel(ctx, name);
  if (entry === undefined) throw undefinedModel(name);
  return entry;
}

function dropModel(ctx: StatementContext, stmt: DropModelStatement): QueryResult {
  const entry = findModel(ctx, stmt.name);
  if (entry === undefined) {
    if (!stmt.ifExists) throw undefinedModel(stmt.name);
    ctx.notice?.({
      severity: 'NOTICE',
      code: SqlState.undefinedTable,
      message: `model "${stmt.name}" does not exist, skipping`,
    });
    return done(ctx, 'DROP MODEL');
  }
  if (stmt.version === null) {
    ctx.txn.remove(entry.schema, entry.name);
    return done(ctx, 'DROP MODEL');
  }
  if (!entry.versions.some((v) => v.version === stmt.version)) {
    if (stmt.ifExists) return done(ctx, 'DROP MODEL');
    throw new LarchError(SqlState.undefinedObject, `model "${entry.name}" has no version ${stmt.version}`);
  }
  const versions = entry.versions.filter((v) => v.version !== stmt.version);
  if (versions.length === 0) ctx.txn.remove(entry.schema, entry.name);
  else {
    // Dropping the active version makes the latest remaining one active.
    const activeVersion =
      entry.activeVersion === stmt.version ? versions[versions.length - 1]!.version : entry.activeVersion;
    ctx.txn.put({ ...entry, versions, activeVersion });
  }
  return done(ctx, 'DROP MODEL');
}

function alterModel(ctx: StatementContext, stmt: AlterModelStatement): QueryResult {
  let entry = requireModel(ctx, stmt.name);
  for (const [name, value] of Object.entries(stmt.options)) {
    if (name === 'active_version') {
      if (typeof value !== 'number' || !entry.versions.some((v) => v.version === value))
        throw new LarchError(
          SqlState.invalidParameterValue,
          `model "${entry.name}" has no version ${String(value)}`,
          { detail: `Its versions are ${entry.versions.map((v) => v.version).join(', ')}.` },
        );
      entry = { ...entry, activeVersion: value };
    } else if (name === 'description') {
      entry = { ...entry, description: value === null ? null : String(value) };
    } else
      throw new LarchError(SqlState.invalidParameterValue, `ALTER MODEL cannot set option "${name}"`, {
        hint: 'ALTER MODEL sets active_version and description.',
      });
  }
  ctx.txn.put(entry);
  return done(ctx, 'ALTER MODEL');
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const target = resolve(path);
  const temp = `${target}.tmp-${process.pid}`;
  try {
    await writeFile(temp, text);
    await rename(temp, target);
  } catch (e) {
    throw new LarchError(SqlState.ioError, `could not write file "${path}": ${(e as Error).message}`);
  }
}

async function exportModel(ctx: StatementContext, stmt: ExportModelStatement): Promise<QueryResult> {
  const entry = requireModel(ctx, stmt.name);
  const loaded = loadModel(entry, stmt.version);
  const format = String(stmt.options.format ?? 'native').toLowerCase();
  for (const name of Object.keys(stmt.options))
    if (name !== 'format')
      throw new LarchError(SqlState.invalidParameterValue, `EXPORT MODEL has no option "${name}"`);
  if (format === 'native') await writeAtomically(stmt.path, loaded.version.file);
  else if (format === 'sql') await writeAtomically(stmt.path, `${modelAsSql(loaded)}\n`);
  else
    throw new LarchError(SqlState.invalidParameterValue, `unknown export format '${format}'`, {
      hint: "format is 'native' or 'sql'.",
    });
  return done(ctx, 'EXPORT MODEL');
}

async function importModel(ctx: StatementContext, stmt: ImportModelStatement): Promise<QueryResult> {
  if (ctx.txn.lookup(DEFAULT_SCHEMA, stmt.name) !== undefined)
    throw new LarchError(SqlState.duplicateTable, `relation "${stmt.name}" already exists`);
  let file: string;
  try {
    file = await readFile(resolve(stmt.path), 'utf8');
  } catch (e) {
    throw new LarchError(
      SqlState.undefinedFile,
      `could not read file "${stmt.path}": ${(e as Error).message}`,
    );
  }
  const { metadata } = decodeModel(file);
  if ((metadata as Partial<ModelMetadata>).program === undefined)
    throw new LarchError(
      SqlState.invalidParameterValue,
      `"${stmt.path}" is a model file without its TRANSFORM program`,
      {
        hint: 'Import files written by EXPORT MODEL.',
      },
    );
  ctx.txn.put({
    kind: 'model',
    oid: ctx.database.newOid(),
    schema: DEFAULT_SCHEMA,
    name: stmt.name,
    versions: [{ version: 1, createdAt: Date.now(), file }],
    activeVersion: 1,
    description: null,
  });
  return done(ctx, 'IMPORT MODEL');
}

export async function executeModelStatement(
  ctx: StatementContext,
  stmt: ModelStatement,
): Promise<QueryResult> {
  switch (stmt.kind) {
    case 'create_model':
      return executeCreateModel(ctx, stmt);
    case 'drop_model':
      return dropModel(ctx, stmt);
    case 'alter_model':
      return alterModel(ctx, stmt);
    case 'export_model':
      return exportModel(ctx, stmt);
    case 'import_model':
      return importModel(ctx, stmt);
    default:
      return unreachable(stmt);
  }
}
