// Models by name: `m` (the active version) or `m@3`, looked up in the catalog a statement sees, decoded
// once per stored version and cached for every later query (versions are immutable).

import type { ModelEntry, ModelVersion } from '../../catalog/catalog.js';
import { decodeModel, type Model } from '../../ml/index.js';
import { LarchError, SqlState } from '../errors.js';
import type { ModelMetadata } from './model-metadata.js';
import { ProgramRunner } from './transform-program.js';

export interface LoadedModel {
  readonly entry: ModelEntry;
  readonly version: ModelVersion;
  readonly model: Model;
  readonly meta: ModelMetadata;
  readonly runner: ProgramRunner;
}

/** What scoring needs of a model version: the model, its metadata and its TRANSFORM program. */
export type DecodedModel = Omit<LoadedModel, 'entry' | 'version'>;

const decoded = new WeakMap<ModelVersion, DecodedModel>();

/** Decodes a stored model file. */
export function decodeModelFile(file: string): DecodedModel {
  const { model, metadata } = decodeModel(file);
  const meta = metadata as unknown as ModelMetadata;
  return { model, meta, runner: new ProgramRunner(meta.program) };
}

/** 'm@3' → { name: 'm', version: 3 }. */
export function parseModelReference(reference: string): { name: string; version: number | null } {
  const at = reference.lastIndexOf('@');
  if (at < 0) return { name: reference, version: null };
  const version = Number(reference.slice(at + 1));
  if (!Number.isInteger(version) || version < 1)
    throw new LarchError(SqlState.syntaxError, `invalid model version in "${reference}"`);
  return { name: reference.slice(0, at), version };
}

export function undefinedModel(name: string, position?: number): LarchError {
  return new LarchError(SqlState.undefinedTable, `model "${name}" does not exist`, {
    position,
    hint: 'SHOW MODELS lists the models; CREATE MODEL makes one.',
  });
}

/** The version `version` of a model (the active one when null), decoded. */
export function loadModel(entry: ModelEntry, version: number | null, position?: number): LoadedModel {
  const wanted = version ?? entry.activeVersion;
  const stored = entry.versions.find((v) => v.version === wanted);
  if (stored === undefined)
    throw new LarchError(SqlState.undefinedObject, `model "${entry.name}" has no version ${wanted}`, {
      position,
      detail: `Its versions are ${entry.versions.map((v) => v.version).join(', ')}.`,
    });
  let parts = decoded.get(stored);
  if (parts === undefined) {
    parts = decodeModelFile(stored.file);
    decoded.set(stored, parts);
  }
  return { entry, version: stored, ...parts };
}
